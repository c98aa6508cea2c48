"""Background imports: jobs are rows, claimed with SKIP LOCKED, so any number of processes can run them.

The admin queues a job and starts a thread that drains the queue after the request's transaction
commits; `manage.py run_import_jobs` does the same as a long-running worker, and picks up jobs a
stopped process left running.
"""
from __future__ import annotations

import logging
import threading
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from imports import capture, services
from imports.models import ImportJob

log = logging.getLogger(__name__)
STALE_AFTER = timedelta(minutes=10)


def queue(*, url: str = "", text: str = "", input_name: str = "", title: str = "", publisher_name: str = "",
          into_source=None, user=None, start: bool = True) -> ImportJob:
    """Queue an import; with ``start``, a thread runs it once the surrounding transaction commits."""
    job = ImportJob.objects.create(
        url=url.strip(), text=text, input_name=input_name, title=title, publisher_name=publisher_name,
        into_source=into_source, created_by=user,
    )
    if start:
        transaction.on_commit(start_worker_thread)
    return job


def queue_input(item: str, **options) -> ImportJob:
    """Queue a URL, or a local file read now (so the worker needs no access to the caller's files)."""
    if item.startswith(("http://", "https://")):
        return queue(url=item, start=False, **options)
    from pathlib import Path

    path = Path(item)
    if not path.is_file():
        raise capture.CaptureError(f"no such file: {path}")
    text = capture.decode(path.read_bytes(), name=str(path))
    return queue(text=text, input_name=path.name, start=False, **options)


def claim_next() -> ImportJob | None:
    """Take the oldest queued job (or one a stopped process left running), so no two processes take the same."""
    with transaction.atomic():
        job = (ImportJob.objects.select_for_update(skip_locked=True)
               .filter(status=ImportJob.Status.QUEUED).order_by("created_at", "id").first())
        if job is None:
            job = (ImportJob.objects.select_for_update(skip_locked=True)
                   .filter(status=ImportJob.Status.RUNNING, started_at__lt=timezone.now() - STALE_AFTER)
                   .order_by("started_at").first())
        if job is None:
            return None
        job.status, job.started_at = ImportJob.Status.RUNNING, timezone.now()
        job.save(update_fields=["status", "started_at"])
        return job


def run(job: ImportJob) -> ImportJob:
    """Run one claimed job and record its outcome; a failure is recorded, never raised."""
    try:
        if job.url and not job.text:
            captured = capture.fetch(job.url)
        else:
            captured = capture.from_bytes(job.text.encode("utf-8"), name=job.input_name or "pasted text",
                                          url=job.url)
        result = services.import_captured(
            captured, title=job.title, url=job.url, publisher_name=job.publisher_name, source=job.into_source,
            user=job.created_by,
        )
    except capture.CaptureError as exc:
        job.status, job.error = ImportJob.Status.FAILED, str(exc)
    except Exception as exc:  # noqa: BLE001 - a worker must outlive one bad job; the error is kept on the job
        log.exception("import job %s failed", job.pk)
        job.status, job.error = ImportJob.Status.FAILED, f"unexpected error: {exc}"
    else:
        job.status, job.error = ImportJob.Status.DONE, ""
        job.source, job.snapshot = result.source, result.snapshot
        job.outcome, job.candidate_count = result.outcome, len(result.candidates)
    job.finished_at = timezone.now()
    job.save()
    return job


def run_pending(limit: int | None = None) -> int:
    """Run queued jobs until none is left (or ``limit`` ran); return how many ran."""
    done = 0
    while limit is None or done < limit:
        job = claim_next()
        if job is None:
            break
        run(job)
        done += 1
    return done


def start_worker_thread() -> threading.Thread:
    """Drain the queue in a daemon thread, off the request that queued the job."""
    def drain():
        try:
            run_pending()
        finally:
            connection.close()  # this thread's own connection; nothing else will reuse it

    thread = threading.Thread(target=drain, name="crosscheck-import", daemon=True)
    thread.start()
    return thread
