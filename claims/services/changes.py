"""The change feed: what readers saw change, recorded in the transaction of the change."""
from __future__ import annotations

from django.db import connection

from claims import selectors, signals
from claims.models import ChangeEvent, Claim, Conflict

# Any constant shared by every writer: the transaction-level lock that orders event ids by commit.
_FEED_LOCK = 0x63686E67  # "chng"

DECISION_KIND = {Conflict.Status.EXPLAINED: ChangeEvent.Kind.CONFLICT_EXPLAINED,
                 Conflict.Status.RESOLVED: ChangeEvent.Kind.CONFLICT_RESOLVED,
                 Conflict.Status.OPEN: ChangeEvent.Kind.CONFLICT_REOPENED}


def _append(**fields) -> ChangeEvent:
    return _append_all([ChangeEvent(**fields)])[0]


def _append_all(events: list[ChangeEvent]) -> list[ChangeEvent]:
    if not events:
        return events
    # Held to commit, so a later id never commits before an earlier one: resuming from an id is safe.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_FEED_LOCK])
    events = ChangeEvent.objects.bulk_create(events)  # ids in list order (PostgreSQL RETURNING)
    # Receivers (webhook deliveries) record their work in this transaction: it exists exactly when the event does.
    signals.change_recorded.send(sender=ChangeEvent, events=events)
    return events


def record_claim_change(*, claim: Claim, kind: str, public_note: str = "") -> ChangeEvent | None:
    """Record a publication, correction or withdrawal; nothing for a claim readers never saw."""
    if kind != ChangeEvent.Kind.WITHDRAWN and not selectors.is_public_claim(claim):
        return None
    return _append(kind=kind, claim=claim, path=claim.get_absolute_url(), public_note=public_note)


def record_conflict_decision(*, conflict: Conflict) -> ChangeEvent | None:
    """Record a decision on (or a reopening of) a conflict readers can see, with its note; nothing for one they cannot."""
    if not selectors.public_conflicts().filter(pk=conflict.pk).exists():
        return None
    return _append(kind=DECISION_KIND[conflict.status], conflict=conflict, public_note=conflict.note)


OPENED_NOTE = "Published figures disagree: {title}."
CLOSED_NOTE = "Closed: its published claims no longer disagree (one was corrected or withdrawn)."


def record_conflicts_shown(changes: list[tuple[Conflict, bool]]) -> list[ChangeEvent]:
    """Record conflicts readers started (True) or stopped (False) seeing, in one append.

    A conflict readers start seeing is opened (an open one) or shown with its decision; one they
    stop seeing is closed, so a consumer following the feed never keeps open what readers no longer see.
    """
    return _append_all([ChangeEvent(conflict=conflict, **_visibility(conflict, shown)) for conflict, shown in changes])


def _visibility(conflict: Conflict, shown: bool) -> dict:
    if not shown:
        automatic = conflict.status == Conflict.Status.RESOLVED and conflict.decided_by_id is None
        # The detector's closing note says why it closed; an editor's earlier decision does not.
        return {"kind": ChangeEvent.Kind.CONFLICT_CLOSED, "public_note": conflict.note if automatic else CLOSED_NOTE}
    if conflict.status == Conflict.Status.OPEN:
        # A flag's note is the editor's reason; a detected conflict's says what disagrees.
        return {"kind": ChangeEvent.Kind.CONFLICT_OPENED,
                "public_note": conflict.note or OPENED_NOTE.format(title=conflict.title)}
    return {"kind": DECISION_KIND[conflict.status], "public_note": conflict.note}
