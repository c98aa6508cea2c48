"""Background imports: an import record queued for a worker, and the worker's job that runs it.

Queuing creates the row and defers the worker job in the caller's transaction, so the job exists
exactly when the queuing commits. Workers are their own processes (`manage.py procrastinate
worker`); a worker killed mid-import leaves its job to be run again (project.tasks), and running it
again is safe: a finished import is never repeated, and the import and its outcome commit together.
"""
from __future__ import annotations

import logging
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from procrastinate.contrib.django import app

from imports import capture, records, services
from imports.models import ImportJob

log = logging.getLogger(__name__)


@transaction.atomic
def queue(*, url: str = "", text: str = "", input_name: str = "", title: str = "", publisher_name: str = "",
          into_source=None, user=None, via: str = ImportJob.Via.DESK) -> ImportJob:
    """Queue an import for a worker; the job runs once the surrounding transaction commits."""
    job = ImportJob.objects.create(
        url=url.strip(), text=text, input_name=input_name, title=title, publisher_name=publisher_name,
        into_source=into_source, created_by=user, via=via, background=True,
    )
    run_import.defer(job_id=job.pk)
    return job


def queue_input(item: str, *, url: str = "", **options) -> ImportJob:
    """Queue a URL, or a local file read now (so the worker needs no access to the caller's files).

    ``url`` is the address a saved file was read from (the command's --url); a URL is its own address.
    """
    if item.startswith(("http://", "https://")):
        return queue(url=item, **options)
    path = Path(item)
    if not path.is_file():
        raise capture.CaptureError(f"no such file: {path}")
    text = capture.decode(path.read_bytes(), name=str(path))
    return queue(text=text, url=url, input_name=path.name, **options)


@app.task(queue="imports", name="imports.run_import")
def run_import(job_id: int) -> None:
    """Run one queued import (the worker's job); a job already finished is left alone."""
    job = claim(job_id)
    if job is not None:
        run(job)


def claim(job_id: int) -> ImportJob | None:
    """Mark the job running and return it, or None when it finished already (or was deleted)."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED):
            return None
        job.status, job.started_at = ImportJob.Status.RUNNING, timezone.now()
        job.save(update_fields=["status", "started_at"])
        return job


def run(job: ImportJob) -> ImportJob:
    """Run one claimed job and record its outcome; a failure is recorded, never raised."""
    try:
        if job.url and not job.text:
            captured = capture.fetch(job.url)  # outside any transaction: a slow site holds no lock
        else:
            captured = capture.from_bytes(job.text.encode("utf-8"), name=job.input_name or "pasted text",
                                          url=job.url)
        with transaction.atomic():  # the import and its outcome commit together: never imported twice
            result = services.import_captured(
                captured, title=job.title, url=job.url, publisher_name=job.publisher_name, source=job.into_source,
                user=job.created_by,
            )
            records.record_result(job, result)
    except capture.CaptureError as exc:
        job.status, job.error = ImportJob.Status.FAILED, str(exc)
        _finish(job)
    except Exception as exc:  # noqa: BLE001 - a worker must outlive one bad job; the error is kept on the job
        log.exception("import job %s failed", job.pk)
        job.status, job.error = ImportJob.Status.FAILED, f"unexpected error: {exc}"
        _finish(job)
    return job


def _finish(job: ImportJob) -> None:
    job.finished_at = timezone.now()
    job.save()


def run_pending(limit: int | None = None) -> int:
    """Run queued jobs in this process until none is left (or ``limit`` ran); return how many ran.

    For tests and a one-off `import_source`; workers run the same jobs through the job system.
    """
    done = 0
    for job_id in ImportJob.objects.filter(status=ImportJob.Status.QUEUED).order_by("created_at", "id") \
            .values_list("pk", flat=True)[:limit]:
        job = claim(job_id)
        if job is not None:
            run(job)
            done += 1
    return done
