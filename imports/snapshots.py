"""A source's captures: making one the text readers read (re-anchoring its evidence), and reviewing pending ones.

A new capture of a source readers see, by someone who is not an editor, waits for an editor
(``snapshot_review``); every other capture is adopted at once (``adopt``).
"""
from __future__ import annotations

from collections import Counter

from django.db import transaction
from django.utils import timezone

from claims.errors import ServiceError
from claims.models import AnchorStatus
from claims.services.permissions import REVIEW, require
from imports import anchoring
from pagecache import cachetags
from pagecache.answers import touch
from sources.models import Snapshot, SnapshotStatus, Source


def adopt(source: Source, snapshot: Snapshot, user) -> Counter:
    """Make ``snapshot`` the source's text readers see: re-anchor its evidence on it."""
    if snapshot.fetched_url:
        Source.objects.filter(pk=source.pk).update(retrieved_at=snapshot.captured_at)
    return reanchor(source=source, snapshot=snapshot, user=user)


@transaction.atomic
def snapshot_review(*, snapshot: Snapshot, user, approve: bool) -> Counter:
    """Approve a pending capture of a public source (readers see its text; evidence re-anchors) or reject it.

    Four eyes: whoever proposed the capture cannot approve it. Returns the re-anchoring counts.
    """
    require(user, REVIEW, "review new captures of sources")
    snapshot = Snapshot.objects.select_for_update().select_related("source").get(pk=snapshot.pk)
    if snapshot.status != SnapshotStatus.PENDING:
        raise ServiceError(f"This capture is {snapshot.get_status_display().lower()}, not waiting for review.",
                           code="state")
    if approve and user is not None and snapshot.proposed_by_id == user.pk:
        raise ServiceError("Four eyes: you cannot approve a capture you imported.", code="four_eyes")
    status = SnapshotStatus.APPROVED if approve else SnapshotStatus.REJECTED
    # The text is immutable (Snapshot.save refuses changes); only its review is written.
    Snapshot.objects.filter(pk=snapshot.pk).update(status=status, reviewed_by=user, reviewed_at=timezone.now())
    snapshot.status = status
    if not approve:
        return Counter()
    newer = Snapshot.objects.filter(source=snapshot.source, status=SnapshotStatus.APPROVED,
                                    captured_at__gt=snapshot.captured_at).exists()
    if newer:
        return Counter()  # an older capture approved after a newer one changes nothing readers see
    touch(*cachetags.touched_by(snapshot))  # the review is a plain update: no save signal tells the page cache
    return adopt(snapshot.source, snapshot, user)


def reanchor(*, source: Source, snapshot: Snapshot, user=None) -> Counter:
    """Find every appearance of ``source`` again in ``snapshot``; flag those whose quote is gone.

    Re-anchoring changes only where a quote sits in the source, never its words, so it applies to
    published evidence directly (readers are told when a quote is gone).
    """
    counts: Counter = Counter()
    for appearance in source.appearances.select_for_update().order_by("id"):
        anchor = anchoring.find_quote(snapshot.text, appearance.quote, appearance.prefix, appearance.suffix)
        if anchor is None:
            appearance.anchor = AnchorStatus.MISSING  # keeps the snapshot and offsets it was last found at
        else:
            appearance.snapshot = snapshot
            appearance.start_offset, appearance.end_offset = anchor.start, anchor.end
            appearance.anchor = AnchorStatus.EXACT if anchor.exact else AnchorStatus.FUZZY
            if not appearance.prefix and not appearance.suffix:
                appearance.prefix, appearance.suffix = anchoring.context(snapshot.text, anchor.start, anchor.end)
        appearance._history_user = user
        appearance._change_reason = f"re-anchored on snapshot {snapshot.pk}"
        appearance.save()
        counts[appearance.anchor] += 1
    return counts
