"""Writes that have rules. Admin, API and commands call these so each rule lives in one place."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from claims.models import Appearance, Claim, ClaimStatus, Entity, Metric
from sources.models import Snapshot, Source


@transaction.atomic
def claim_create(
    *,
    statement: str,
    subjects: Iterable[Entity] = (),
    metric: Metric | None = None,
    figure_text: str = "",
    period_start: date | None = None,
    period_end: date | None = None,
    period_label: str = "",
    status: str = ClaimStatus.DRAFT,
    slug: str = "",
    created_by=None,
) -> Claim:
    """Create a claim with its subjects; the figure is read from its wording.

    Raises FigureError for a figure that cannot be read, and nothing is written.
    """
    claim = Claim(
        slug=slug,
        statement=statement,
        metric=metric,
        figure_text=figure_text,
        period_start=period_start,
        period_end=period_end,
        period_label=period_label,
        status=status,
        published_at=timezone.now() if status == ClaimStatus.PUBLISHED else None,
        created_by=created_by,
    )
    claim._history_user = created_by
    claim.save()
    claim.subjects.set(subjects)
    return claim


@transaction.atomic
def appearance_add(
    *,
    claim: Claim,
    source: Source,
    quote: str,
    prefix: str = "",
    suffix: str = "",
    figure_text: str = "",
    snapshot: Snapshot | None = None,
    user=None,
) -> Appearance:
    """Record that ``claim`` appears in ``source`` with this exact quote, anchored when a snapshot is given."""
    appearance = Appearance(
        claim=claim, source=source, quote=quote, prefix=prefix, suffix=suffix, figure_text=figure_text,
        snapshot=snapshot,
    )
    if snapshot is not None:
        start = snapshot.text.find(quote)
        if start >= 0:
            appearance.start_offset, appearance.end_offset = start, start + len(quote)
    appearance.full_clean(validate_unique=False)
    appearance._history_user = user
    appearance.save()
    return appearance
