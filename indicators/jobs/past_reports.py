"""The background work of past reports (历年报告): reading an upload, then writing it."""

import uuid

from django_tasks import task

from ..models import Job, Region
from ..reports.parsing.bundle import bundle_read
from ..reports.parsing.commit import past_reports_check, past_reports_create, past_reports_write
from .services import job_progress, job_running, job_span

READ = 80  # reading and matching the files: 0–80 %; checking them 80–100 %


@task()
def report_read(job_id: str) -> None:
    """Read an uploaded report or zip of reports, keep what was found, and check it."""
    with job_running(job_id) as job:
        if job is None:
            return
        params = job.params
        towns = list(Region.objects.filter(code__in=params["towns"]))
        town = next((t for t in towns if t.code == params.get("town")), None)
        results = bundle_read(
            name=job.file_name,
            data=bytes(job.content),
            towns=towns,
            town=town,
            year=params.get("year"),
            progress=job_span(job, 0, READ),
        )
        past_reports_create(results=results, user=job.user, bundle=uuid.UUID(params["bundle"]))


@task()
def report_write(job_id: str) -> None:
    """Write the bundle's figures; if a report moved since the check, check again."""
    with job_running(job_id) as job:
        if job is None:
            return
        bundle = uuid.UUID(job.params["bundle"])
        summary = past_reports_write(bundle=bundle, user=job.user, progress=job_span(job, 0, 100))
        if summary.conflicts:
            job_progress(job, 90)
            past_reports_check(bundle=bundle, user=job.user)
            outcome = "conflicts"
        else:
            outcome = "written" if summary.changed else "unchanged"
        Job.objects.filter(pk=job.pk).update(outcome=outcome)


TASKS = {Job.Kind.REPORT_READ: report_read, Job.Kind.REPORT_WRITE: report_write}
