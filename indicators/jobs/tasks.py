"""The work the background worker runs, each step reporting its share of the percent.

Progress is what has been done, never a guess: a step that is one call (openpyxl
opening a workbook, the check of every row, the write in its one transaction) moves
the percent when it ends; the steps that go row by row or town by town move it as
they go.
"""

from django.utils.translation import gettext as _
from django_tasks import task

from ..excel.batches import batch_confirm, batch_create, batch_preview
from ..excel.reader import UploadError, read_upload
from ..excel.template import template_workbook
from ..models import ImportBatch, Job, Region
from . import past_reports
from .services import job_progress, job_running, job_span

READ = 40  # reading the file: 0–40 %; saving its rows 40–45 %; checking them 45–100 %
SAVED = 45


@task()
def upload_read(job_id: str) -> None:
    """Read an uploaded file into a batch and check it: the preview."""
    with job_running(job_id) as job:
        if job is None:
            return
        read = read_upload(job.file_name, bytes(job.content), progress=job_span(job, 0, READ))
        if not read.rows and not read.problems:
            raise UploadError(
                "nothing_to_import",
                _("文件里没有需要导入的数字：所有行都与模板下载时相同，或者是空行。"),
            )
        batch = batch_create(upload=read, user=job.user, file_name=job.file_name)
        Job.objects.filter(pk=job.pk).update(batch=batch)
        job_progress(job, SAVED)
        batch_preview(batch=batch, user=job.user, progress=job_span(job, SAVED, 100))


@task()
def batch_check(job_id: str) -> None:
    """Check a batch again against the figures as they are now."""
    with job_running(job_id) as job:
        if job is None:
            return
        batch_preview(batch=job.batch, user=job.user, progress=job_span(job, 0, 100))


@task()
def batch_write(job_id: str) -> None:
    """Write a batch, all or nothing; if anything moved since its preview, check it again."""
    with job_running(job_id) as job:
        if job is None:
            return
        batch = job.batch
        already = ImportBatch.objects.filter(pk=batch.pk, state=ImportBatch.State.WRITTEN)
        if already.exists():
            outcome = "already"
        else:
            summary = batch_confirm(batch=batch, user=job.user)
            if summary.conflicts:
                outcome = "conflicts"
                job_progress(job, 50)
                batch.refresh_from_db()
                batch_preview(batch=batch, user=job.user, progress=job_span(job, 50, 100))
            else:
                outcome = "written" if summary.changed else "unchanged"
        Job.objects.filter(pk=job.pk).update(outcome=outcome)


@task()
def county_template(job_id: str) -> None:
    """The county's Excel template of the towns the user could see when asking for it."""
    with job_running(job_id) as job:
        if job is None:
            return
        params = job.params
        towns = list(Region.objects.filter(code__in=params["towns"]))
        county = Region.objects.get(code=params["county"])
        content = template_workbook(
            towns=towns, year=params["year"], county=county, progress=job_span(job, 0, 100)
        )
        Job.objects.filter(pk=job.pk).update(content=content)


TASKS = {
    Job.Kind.UPLOAD: upload_read,
    Job.Kind.CHECK: batch_check,
    Job.Kind.WRITE: batch_write,
    Job.Kind.COUNTY_TEMPLATE: county_template,
    **past_reports.TASKS,
}
