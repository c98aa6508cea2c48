"""Fetch imported addresses again on a schedule, so a silent edit of a source becomes a new capture.

A changed text goes through the import path (``services.import_captured``) as any new capture of
the source does; the same text changes nothing. A page that cannot be fetched is noted and tried
again at the next period, never retried in a loop.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from procrastinate.contrib.django import app

from imports import capture, services
from imports.models import RefetchCheck
from sources.models import Snapshot, Source

log = logging.getLogger(__name__)
# Sources queued per hourly run: a large archive is spread over several runs, oldest checks first.
BATCH = 500


def due_sources(now=None):
    """Return the sources fetched from the web whose last re-fetch was queued longer ago than the period."""
    now = now or timezone.now()
    fetched = Snapshot.objects.filter(source=OuterRef("pk")).exclude(fetched_url="")
    recent = RefetchCheck.objects.filter(
        source=OuterRef("pk"), queued_at__gt=now - timedelta(hours=settings.CROSSCHECK_REFETCH_HOURS))
    return (Source.objects.exclude(url="").filter(Exists(fetched)).filter(~Exists(recent))
            .order_by(F("refetch_check__queued_at").asc(nulls_first=True), "pk"))


@app.periodic(cron="17 * * * *", periodic_id="refetch-imported")
@app.task(queue="imports", name="imports.refetch_imported_sources")
def refetch_imported_sources(timestamp: int = 0) -> int:
    """Queue a re-fetch of each imported source that is due (hourly; each source every REFETCH_HOURS)."""
    if not settings.CROSSCHECK_REFETCH_HOURS:
        return 0
    now = timezone.now()
    with transaction.atomic():
        ids = list(due_sources(now).values_list("pk", flat=True)[:BATCH])
        for source_id in ids:
            RefetchCheck.objects.update_or_create(source_id=source_id, defaults={"queued_at": now})
            refetch_source.defer(source_id=source_id)
    return len(ids)


@app.task(queue="imports", name="imports.refetch_source")
def refetch_source(source_id: int) -> str:
    """Fetch one source's address again and import the text if it changed; return what happened."""
    source = Source.objects.filter(pk=source_id).first()
    if source is None or not source.url:
        return "gone"
    try:
        captured = capture.fetch(source.url)
    except capture.CaptureError as exc:
        log.warning("re-fetch of source %s (%s) failed: %s", source_id, source.url, exc)
        _note(source_id, outcome="could not fetch", error=str(exc), failed=True)
        return "could not fetch"
    with transaction.atomic():
        result = services.import_captured(captured, url=source.url, source=source, user=None, propose=False,
                                           scheduled=True)
        _note(source_id, outcome=result.outcome, error="", failed=False)
    return result.outcome


def _note(source_id: int, *, outcome: str, error: str, failed: bool) -> None:
    now = timezone.now()
    check, _ = RefetchCheck.objects.get_or_create(source_id=source_id, defaults={"queued_at": now})
    check.checked_at, check.outcome, check.error = now, outcome, error
    check.failures = check.failures + 1 if failed else 0
    check.save()
