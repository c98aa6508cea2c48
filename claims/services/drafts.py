"""Corrections of published claims, drafted aside: opened by a reopen, written by edits, applied by approval.

The claim's row holds what readers see; nothing here writes a value readers read except
``draft_apply``, which the approval that publishes a correction calls.
"""
from __future__ import annotations

import copy

from django.utils import timezone

from claims.models import Claim, ClaimDraft, Verdict
from claims.models.drafts import DRAFT_FIELDS
from claims.selectors import show_draft
from claims.workflow import CORRECTION_FIELDS


def draft_open(*, claim: Claim, user) -> ClaimDraft:
    """Start a correction of a published claim: a draft holding its approved values, to edit from here on."""
    values = {name: getattr(claim, name) for name in DRAFT_FIELDS}
    draft = ClaimDraft.objects.filter(claim=claim).first() or ClaimDraft(claim=claim)
    for name, value in values.items():
        setattr(draft, name, value)
    draft.edited_by = None  # nobody has written the correction yet
    draft._history_user = user
    draft.save()
    return draft


def working_copy(claim: Claim) -> Claim:
    """Return a copy of ``claim`` as the newsroom edits it: its correction's values over the approved ones."""
    draft = ClaimDraft.objects.filter(claim_id=claim.pk).select_related("claimant").first() if claim.is_public else None
    return claim if draft is None else show_draft(copy.copy(claim), draft)


def draft_write(*, claim: Claim, user, fields: dict) -> Claim:
    """Write ``fields`` into the correction of ``claim`` (locked by the caller); the row keeps the approved version.

    Returns the working copy. The figure is read from its wording as on the row (FigureError if it cannot be).
    """
    draft = ClaimDraft.objects.select_for_update().filter(claim=claim).first() or draft_open(claim=claim, user=user)
    working = show_draft(copy.copy(claim), draft)
    for name, value in fields.items():
        setattr(working, name, value)
    working.statement = " ".join(working.statement.split())
    for name in ("period_start", "period_end"):
        setattr(working, name, Claim._meta.get_field(name).to_python(getattr(working, name)))
    working.normalise_figure()
    for name in DRAFT_FIELDS:
        setattr(draft, name, getattr(working, name))
    draft.edited_by = user
    draft._history_user = user
    draft.save()
    # Workflow bookkeeping readers never read (they see last_approved_at): four eyes reads the last
    # editor, and optimistic concurrency the time of the last edit. A plain update writes no history.
    now = timezone.now()
    Claim.objects.filter(pk=claim.pk).update(last_edited_by=user, updated_at=now)
    claim.last_edited_by, claim.updated_at = user, now
    working.last_edited_by, working.updated_at = user, now
    return working


def draft_apply(*, claim: Claim) -> bool:
    """Copy the correction onto ``claim`` (in memory; the approving transition saves it) and drop the draft."""
    draft = ClaimDraft.objects.filter(claim=claim).first()
    if draft is None:
        return False
    for name in DRAFT_FIELDS:
        setattr(claim, name, getattr(draft, name))
    draft.delete()  # its history keeps every version the newsroom wrote
    return True


def correction_changes(claim: Claim) -> list[str]:
    """Name what readers saw that approving the claim's correction would change (empty without one)."""
    draft = ClaimDraft.objects.filter(claim_id=claim.pk).first() if claim.is_public else None
    if draft is None:
        return []
    published = Claim.objects.filter(pk=claim.pk).values(*CORRECTION_FIELDS).get()  # the row, not a working copy
    changed = [name for name in CORRECTION_FIELDS if getattr(draft, name) != published[name]]
    if published["verdict"] == Verdict.NOT_YET_RATED:
        changed = [name for name in changed if name != "verdict"]  # a first rating corrects nothing readers saw
    return [name.removesuffix("_id") for name in changed]
