"""A user's background jobs and uploaded files, as their pages read them: only their
owner finds them (anyone else gets None, shown as "not found"). The pages run no
query themselves (tests/architecture/test_pages_without_orm.py)."""

import uuid

from django.contrib.auth.models import User
from django.db.models import QuerySet

from ..models import ImportBatch, Job

STATUS_FIELDS = ("state", "percent", "error", "created_at", "moved_at")


def job_of(user: User, pk) -> Job | None:
    """The user's job, without the file it holds."""
    return Job.objects.defer("content").filter(pk=pk, user=user).first()


def job_status_of(user: User, pk) -> Job | None:
    """The user's job with only what its progress says (state, percent, error, times)."""
    return Job.objects.filter(pk=pk, user=user).only(*STATUS_FIELDS).first()


def job_file_of(user: User, pk) -> Job | None:
    """The user's finished job that made a file, with the file."""
    jobs = Job.objects.filter(pk=pk, user=user, state=Job.State.DONE, content__isnull=False)
    return jobs.first()


def recent_batches(user: User, count: int = 5) -> QuerySet[ImportBatch]:
    """The user's latest uploaded files, newest first."""
    fields = ("id", "file_name", "state", "created_at", "written")
    return ImportBatch.objects.filter(user=user).only(*fields)[:count]


def batch_of(user: User, pk: uuid.UUID | int | str) -> ImportBatch | None:
    """The user's uploaded file."""
    return ImportBatch.objects.filter(pk=pk, user=user).first()
