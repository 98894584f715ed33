"""The audit trail (安全审计, GB/T 22239-2019 8.1.4.3): who did what, when, from where.

Entries are written by :func:`indicators.audit.events.audit_record` (and the signal
receivers in ``receivers.py``), read by the audit administrator, and never changed:
the database refuses UPDATE and DELETE on the table (``migrations/0001_initial.py``);
on PostgreSQL the application's role owns no table and may only read and append
(``roles.py``); each entry chains onto the one before by hash (``chain.py``), which
``manage.py audit_verify`` checks.
"""
