"""Long work in the background, with its progress in percent for the page that waits.

A page starts a :class:`~indicators.models.Job` with :func:`job_start`; django-tasks
queues it in the database (``TASKS`` in settings) and ``manage.py db_worker`` runs
it (:mod:`.tasks`), moving the job's percent as it goes. The page polls the job and
shows the result when it is done, or the job's Chinese message when it failed.
"""

from .services import job_progress, job_start

__all__ = ["job_progress", "job_start"]
