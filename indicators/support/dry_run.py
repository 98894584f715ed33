"""A preview that goes through the real write and changes nothing."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction


@contextmanager
def dry_run() -> Iterator[None]:
    """Run the block in a transaction (a savepoint inside another) that is always
    rolled back, callbacks on commit included. A refusal raised in the block leaves
    it as it would the real write."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
