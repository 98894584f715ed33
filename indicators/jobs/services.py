"""Starting a job, and moving its progress, failing or finishing it from the worker."""

import logging
from collections.abc import Callable
from contextlib import contextmanager
from datetime import timedelta

from django.contrib.auth.models import User
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..excel.reader import UploadError
from ..models import ImportBatch, Job

logger = logging.getLogger(__name__)

# A job is a moment's work, not a record (the ImportBatch and the audit trail are):
# a user's finished jobs, and the files they made, go when the user starts another.
KEEP_FINISHED = timedelta(days=1)


def job_start(
    *,
    kind: Job.Kind,
    user: User,
    file_name: str = "",
    content: bytes | None = None,
    batch: ImportBatch | None = None,
    params: dict | None = None,
) -> Job:
    """Queue ``kind``'s work for the background worker; the job starts at 0 %."""
    from .tasks import TASKS  # the tasks import the services they report through

    Job.objects.filter(
        user=user,
        state__in=(Job.State.DONE, Job.State.FAILED),
        finished_at__lt=timezone.now() - KEEP_FINISHED,
    ).delete()
    job = Job.objects.create(
        kind=kind,
        user=user,
        file_name=file_name[:255],
        content=content,
        batch=batch,
        params={"language": translation.get_language(), **(params or {})},
    )
    TASKS[kind].enqueue(str(job.pk))
    return job


def job_progress(job: Job, percent: float) -> None:
    """Record how far ``job`` has got: written at once, only forwards, only whole percents."""
    percent = max(0, min(100, int(percent)))
    if percent > job.percent:
        job.percent = percent
        Job.objects.filter(pk=job.pk).update(percent=percent, moved_at=timezone.now())


def job_span(job: Job, start: float, end: float) -> Callable[[float], None]:
    """A progress callback for one step: its fraction done, as percent from start to end."""
    return lambda fraction: job_progress(job, start + (end - start) * fraction)


@contextmanager
def job_running(job_id: str):
    """Run a job's work once: yields the job (None if it is gone or ran already),
    then marks it done at 100 %, or failed with a Chinese message for the page.

    The work's own transactions decide what is written: a write that fails is rolled
    back whole, and the job only says so.
    """
    job = Job.objects.select_related("user", "batch").filter(pk=job_id).first()
    if job is None or job.state != Job.State.QUEUED:
        yield None
        return
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, moved_at=timezone.now())
    with translation.override(job.params.get("language")):
        try:
            yield job
        except UploadError as refused:
            _finish(job, Job.State.FAILED, error=refused.message, error_code=refused.code)
        except Exception:
            logger.exception("background job %s (%s) failed", job.pk, job.kind)
            message = _("处理时出错（已记录），数据没有任何改动。请重试；若仍出错，请联系管理员。")
            _finish(job, Job.State.FAILED, error=message, error_code="failed")
        else:
            _finish(job, Job.State.DONE)


def _finish(job: Job, state: str, **fields) -> None:
    if job.kind in (Job.Kind.UPLOAD, Job.Kind.REPORT_READ):
        fields["content"] = None  # the uploaded file is read: rows are in the batch
    if state == Job.State.DONE:
        fields["percent"] = 100
    Job.objects.filter(pk=job.pk).update(state=state, finished_at=timezone.now(), **fields)
