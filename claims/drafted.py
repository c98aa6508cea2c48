"""Drafted corrections laid over the approved rows, for the newsroom (``claims.selectors`` decides who sees them).

A published claim's row always holds the approved version; a correction waits aside in ``ClaimDraft``.
Staff read and edit the two laid together; readers never reach these functions.
"""
from __future__ import annotations

from claims.models import Claim, ClaimDraft
from claims.models.drafts import DRAFT_FIELDS


def with_drafts(claims: list[Claim]) -> list[Claim]:
    """Lay each published claim's pending correction over it, in memory, for the newsroom.

    One query for the whole list, none when no claim is public. The instances refuse to be saved
    (``Claim.save``): writes go through ``services.claim_update``, which writes the draft.
    """
    public = {claim.pk: claim for claim in claims if claim.is_public and not getattr(claim, "_shows_draft", False)}
    if public:
        drafts = list(ClaimDraft.objects.filter(claim_id__in=public).select_related("claimant"))
        for draft in drafts:
            show_draft(public[draft.claim_id], draft)
    return claims


def show_draft(claim: Claim, draft: ClaimDraft) -> Claim:
    """Copy ``draft``'s values onto ``claim`` in memory (the working copy staff read and edit)."""
    for name in DRAFT_FIELDS:
        setattr(claim, name, getattr(draft, name))
    claim._shows_draft = True  # guards against saving a working copy over the approved row
    return claim


def draft_of(claim: Claim) -> ClaimDraft | None:
    """Return the pending correction of ``claim``, if it has one."""
    return ClaimDraft.objects.filter(claim_id=claim.pk).first() if claim.is_public else None


def with_draft_values(rows: list[dict]) -> list[dict]:
    """Lay pending corrections over ``.values()`` rows (the flat read path's ``with_drafts``); rows need "id"."""
    if rows:
        names = [name if name != "claimant" else "claimant_id" for name in DRAFT_FIELDS]
        by_claim = {row["id"]: row for row in rows}
        for draft in ClaimDraft.objects.filter(claim_id__in=by_claim).values("claim_id", *names):
            by_claim[draft.pop("claim_id")].update(draft)
    return rows
