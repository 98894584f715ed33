"""The audit administrator's page: the audit trail, filtered, paged and exported."""
