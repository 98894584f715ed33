"""The admin site: the domain's records (records.py) and the accounts of the separated
administrators (accounts.py). Importing the package registers both."""

from . import accounts, records  # noqa: F401
