"""Jobs that keep the job system itself healthy: running again what a killed worker left half done.

Every task of Crosscheck is written to be run again safely (an import, a delivery, a purge and an
e-mail each check what is already done), so a job whose worker died is simply retried.
"""
import logging

from django.conf import settings
from procrastinate.contrib.django import app

from project.mail import send

__all__ = ["retry_stalled_jobs", "send"]

logger = logging.getLogger(__name__)


class QuietSweeps(logging.Filter):
    """Drop the worker's routine INFO lines about the stalled-job sweep (warnings still show)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.INFO or "project.retry_stalled_jobs" not in record.getMessage()


@app.periodic(cron="* * * * * */10", periodic_id="retry-stalled")
@app.task(queue="maintenance", name="project.retry_stalled_jobs", pass_context=True)
async def retry_stalled_jobs(context, timestamp: int) -> int:
    """Retry the jobs of workers that stopped sending heartbeats (SIGKILL, a lost machine)."""
    manager = context.app.job_manager
    stalled = await manager.get_stalled_jobs(seconds_since_heartbeat=settings.CROSSCHECK_WORKER_STALLED_AFTER)
    for job in stalled:
        logger.warning("retrying job %s (%s): its worker stopped", job.id, job.task_name)
        await manager.retry_job(job)
    return len(stalled)
