"""Background jobs: queued in the database, run by the worker, progress from 0 to 100 %."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from indicators.figures import service
from indicators.jobs import services, tasks
from indicators.models import DataValue, ImportBatch, Job

CORPUS = Path(__file__).resolve().parent.parent / "excel_corpus"
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def signed_in(client, clerk, catalogue):
    client.force_login(clerk)
    return client


@pytest.fixture
def queued(settings):
    """Jobs wait in the database for the worker, as in production."""
    settings.TASKS = DATABASE_QUEUE


# The worker commits as it goes and closes connections between tasks, as a request
# would: its tests run outside the test's wrapping transaction.
worker = pytest.mark.django_db(transaction=True)


@pytest.fixture
def percents(monkeypatch):
    """Each percent the job's row held, read back from the database after each move."""
    seen = []
    original = services.job_progress

    def recording(job, percent):
        original(job, percent)
        seen.append(Job.objects.values_list("percent", flat=True).get(pk=job.pk))

    monkeypatch.setattr(services, "job_progress", recording)
    monkeypatch.setattr(tasks, "job_progress", recording)
    return seen


def run_worker() -> None:
    """The worker's run-once: every queued task, then exit."""
    call_command("db_worker", batch=True, interval=0, startup_delay=False, reload=False)


def post(client, name: str):
    content = (CORPUS / name).read_bytes()
    return client.post("/upload/", {"file": SimpleUploadedFile(name, content)})


@worker
def test_an_upload_waits_at_0_then_the_worker_moves_it_up_to_100(
    signed_in, towns, queued, percents
):
    response = post(signed_in, "messy_but_valid.xlsx")
    job = Job.objects.get()
    page = signed_in.get(response["Location"]).content.decode()
    assert (job.state, job.percent) == ("queued", 0)
    assert '<progress max="100" value="0">' in page and "已处理" in page

    run_worker()

    job.refresh_from_db()
    assert (job.state, job.percent) == ("done", 100)
    assert percents == sorted(set(percents)) and percents[-1] >= 80
    assert len(percents) >= 3  # reading, saving the rows and checking them each moved it
    assert job.content is None  # the file is read: its rows are in the batch
    assert job.batch.preview["counts"]["created"] == 3
    assert not DataValue.objects.exists()  # the preview writes nothing


@worker
def test_the_confirmed_write_runs_in_the_worker(signed_in, towns, queued):
    post(signed_in, "gbk.csv")
    run_worker()
    batch = ImportBatch.objects.get()
    signed_in.post(f"/upload/{batch.pk}/confirm/")
    assert not DataValue.objects.exists()

    run_worker()

    assert DataValue.objects.get().value == 120
    assert Job.objects.get(kind="write").outcome == "written"


def test_a_write_that_fails_writes_nothing_and_says_so_in_chinese(signed_in, towns, monkeypatch):
    post(signed_in, "messy_but_valid.xlsx")
    batch = ImportBatch.objects.get()

    def broken(*args, **kwargs):  # fails inside the write's transaction, after the rows
        raise RuntimeError("disk full")

    monkeypatch.setattr(service, "figures_recorded", broken)
    response = signed_in.post(f"/upload/{batch.pk}/confirm/", follow=True)

    job = Job.objects.get(kind="write")
    assert (job.state, job.error_code) == ("failed", "failed")
    assert "处理时出错" in response.content.decode()
    assert not DataValue.objects.exists() and not DataValue.history.exists()
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.PREVIEWED


def test_a_refused_file_fails_the_job_with_the_readers_message(signed_in, towns):
    response = post(signed_in, "merged_cells.xlsx")
    job = Job.objects.get()
    assert (job.state, job.error_code) == ("failed", "merged_cells")
    page = signed_in.get(response["Location"])
    assert page.status_code == 400 and "合并单元格（D2:D3）" in page.content.decode()
    assert job.content is None and not ImportBatch.objects.exists()


def test_the_status_answers_only_the_user_who_started_the_job(
    signed_in, client, towns, queued, reviewer
):
    post(signed_in, "gbk.csv")
    job = Job.objects.get()
    url = f"/jobs/{job.pk}/status/"
    mine = signed_in.get(url)
    assert mine.json() == {"state": "queued", "percent": 0, "error": "", "url": f"/jobs/{job.pk}/"}
    assert mine["Cache-Control"].startswith("max-age=0")
    client.force_login(reviewer)
    assert client.get(url).status_code == 404
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    client.logout()
    assert client.get(url).status_code == 401


def test_a_job_whose_worker_died_is_answered_as_failed_not_waited_for_forever(
    signed_in, towns, queued
):
    post(signed_in, "gbk.csv")
    job = Job.objects.get()
    url = f"/jobs/{job.pk}/status/"
    services.job_running(str(job.pk)).__enter__()  # the worker took it, then was killed
    assert signed_in.get(url).json()["state"] == "running"
    an_hour_ago = timezone.now() - timedelta(hours=1)
    Job.objects.filter(pk=job.pk).update(moved_at=an_hour_ago)
    status = signed_in.get(url).json()
    assert status["state"] == "failed" and "数据没有任何改动" in status["error"]
    page = signed_in.get(f"/jobs/{job.pk}/")
    assert "后台处理中断了" in page.content.decode()
    assert not ImportBatch.objects.exists()


def test_the_job_page_polls_from_a_static_script_not_an_inline_one(signed_in, towns, queued):
    page = signed_in.get(
        signed_in.post(
            "/upload/", {"file": SimpleUploadedFile("a.csv", (CORPUS / "gbk.csv").read_bytes())}
        )["Location"]
    ).content.decode()
    assert '<script src="/static/js/jobs.js">' in page
    assert "<script>" not in page
    assert '<noscript><meta http-equiv="refresh"' in page


def test_the_county_template_is_made_in_the_background_and_downloaded(
    client, county, towns, catalogue, county_official, clerk
):
    client.force_login(county_official)
    response = client.post(f"/progress/template/?county={county.code}&year=2024")
    job = Job.objects.get()
    assert (job.state, job.percent) == ("done", 100)
    page = client.get(response["Location"]).content.decode()
    assert f'href="/jobs/{job.pk}/file/"' in page

    download = client.get(f"/jobs/{job.pk}/file/")

    assert (
        download["Content-Disposition"]
        == f'attachment; filename="template-{county.code}-2024.xlsx"'
    )
    assert download.content[:2] == b"PK"
    client.force_login(clerk)
    assert client.get(f"/jobs/{job.pk}/file/").status_code == 404


def test_a_user_outside_the_county_cannot_start_its_template(
    client, other_county, towns, clerk, catalogue
):
    client.force_login(clerk)
    response = client.post(f"/progress/template/?county={other_county.code}&year=2024")
    assert response.status_code in (403, 404)
    assert not Job.objects.exists()
