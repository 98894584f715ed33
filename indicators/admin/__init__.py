"""The admin site: the domain's records (records.py), the accounts and roles of the
separated administrators (accounts.py), role changes awaiting a second administrator
(role_changes.py), second-factor devices (devices.py) and the audit trail (trail.py).
Importing the package registers them all."""

from . import accounts, devices, records, role_changes, trail  # noqa: F401
