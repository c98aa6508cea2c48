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
    # Held to commit, so a later id never commits before an earlier one: resuming from an id is safe.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_FEED_LOCK])
    event = ChangeEvent.objects.create(**fields)
    # Receivers (webhook deliveries) record their work in this transaction: it exists exactly when the event does.
    signals.change_recorded.send(sender=ChangeEvent, event=event)
    return event


def record_claim_change(*, claim: Claim, kind: str, public_note: str = "") -> ChangeEvent | None:
    """Record a publication, correction or withdrawal; nothing for a claim readers never saw."""
    if kind != ChangeEvent.Kind.WITHDRAWN and not selectors.is_public_claim(claim):
        return None
    return _append(kind=kind, claim=claim, path=claim.get_absolute_url(), public_note=public_note)


def record_conflict_decision(*, conflict: Conflict) -> ChangeEvent | None:
    """Record an editor's decision on a conflict readers can see; nothing for one they cannot."""
    if not selectors.public_conflicts().filter(pk=conflict.pk).exists():
        return None
    return _append(kind=DECISION_KIND[conflict.status], conflict=conflict,
                   public_note=conflict.note if conflict.status != Conflict.Status.OPEN else "")
