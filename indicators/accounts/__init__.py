"""Accounts beyond Django's: one-time passwords and second-factor resets (resets.py),
role changes confirmed by a second administrator (role_changes.py), backup codes
(backup_codes.py), the first administrators (first_admins.py) and the deploy check
that no superuser is active (checks.py)."""
