"""Imports you can come back to: every import is kept as a record with the candidates it proposed.

The desk's form, the command line and background workers all record through here, so each import
is listed with its candidates, and each candidate with the desk's decision (imports.accepting).
"""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from imports import candidates, services, stored
from imports.capture import Captured
from imports.models import ImportCandidate, ImportJob
from sources.models import Source


@transaction.atomic
def import_recorded(captured: Captured, *, via: str, input_name: str = "", title: str = "", url: str = "",
                    publisher_name: str = "", source: Source | None = None,
                    user=None) -> tuple[ImportJob, services.ImportResult]:
    """Import ``captured`` now and keep the import as a record with its candidates (the desk's form, the command).

    A refused import (CaptureError, ServiceError) raises before anything is written.
    """
    started = timezone.now()
    result = services.import_captured(captured, title=title, url=url, publisher_name=publisher_name, source=source,
                                      user=user)
    job = ImportJob(url=(url or captured.url)[:2000], input_name=input_name[:300], title=title,
                    publisher_name=publisher_name, into_source=source, via=via, created_by=user, started_at=started)
    record_result(job, result)
    return job, result


def record_result(job: ImportJob, result: services.ImportResult) -> None:
    """Mark ``job`` done with what its import did, and keep the candidates it proposed, best first."""
    job.status, job.error = ImportJob.Status.DONE, ""
    job.source, job.snapshot = result.source, result.snapshot
    job.outcome, job.candidate_count = result.outcome, len(result.candidates)
    job.detector_version = result.detector_version
    job.finished_at = timezone.now()
    job.save()
    rows, keys = [], set()
    for candidate in result.candidates:
        if candidate.key in keys:
            continue  # one row per place in the text, as decisions are kept
        keys.add(candidate.key)
        rows.append(ImportCandidate(job=job, key=candidate.key, rank=len(rows), quote=candidate.quote,
                                    figure_text=candidate.figure_text[:300], score=candidate.score,
                                    data=stored.to_data(candidate)))
    ImportCandidate.objects.bulk_create(rows)


def candidates_of(job: ImportJob) -> list[candidates.Candidate]:
    """Return the candidates ``job`` proposed, with the claims recorded since that they repeat or record.

    An import recorded before candidates were kept proposes them again from its capture's text.
    """
    if job.snapshot_id is None:
        return []  # a failed import, or its capture deleted: nothing to review
    found = [stored.from_data(data) for data in job.candidates.values_list("data", flat=True)]
    if not found and job.candidate_count and job.snapshot_id:
        return services.propose_candidates(job.snapshot)
    services.look_up(found, job.snapshot)
    return found


def newest_of(snapshot_id: int) -> ImportJob | None:
    """Return the newest import that captured (or found again) this snapshot, or None."""
    return ImportJob.objects.filter(snapshot_id=snapshot_id, status=ImportJob.Status.DONE).first()
