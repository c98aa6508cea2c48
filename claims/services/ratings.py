"""Rating a published claim as a step of its own: propose a verdict, have other editors approve it, publish it.

A claim is first published sourced but unrated ("Sourced, not yet rated"); its rating is proposed
with a rationale and reaches readers once editors other than its author approve it (two for a
verdict that says the claim is wrong, as for publication). The first rating is published as a
rating; a later change of verdict is a correction, with a note for readers. Every rule is here.
"""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from claims.errors import Refusals, ServiceError
from claims.models import ChangeEvent, Claim, ClaimStatus, RatingApproval, RatingProposal, Review, Verdict
from claims.services.changes import record_claim_change
from claims.services.claims import _pin_published_version
from claims.services.counts import CountsTracker
from claims.services.permissions import EDIT_CLAIMS, REVIEW, require
from claims.workflow import approvals_needed


def _lock(claim_id: int) -> Claim:
    return Claim.objects.select_for_update(of=("self",)).get(pk=claim_id)


def _check_rateable(claim: Claim) -> None:
    """Refuse to rate a claim readers do not see as approved: unpublished, under correction or withdrawn."""
    if claim.status == ClaimStatus.PUBLISHED:
        return
    if claim.is_public and claim.status != ClaimStatus.WITHDRAWN:
        why = "it is reopened for correction: approve or drop the correction first (it can change the verdict)."
    elif claim.status == ClaimStatus.WITHDRAWN:
        why = "it was withdrawn."
    else:
        why = "it is not published yet: set its verdict on the claim before it is approved, or rate it once it is."
    raise ServiceError(f"This claim cannot be rated now: {why}", code="state")


@transaction.atomic
def rating_propose(*, claim: Claim, verdict: str, rationale: str, user, public_note: str = "") -> RatingProposal:
    """Propose ``verdict`` for a published claim; editors other than ``user`` approve it before readers see it."""
    require(user, EDIT_CLAIMS, "propose ratings")
    claim = _lock(claim.pk)
    _check_rateable(claim)
    if RatingProposal.objects.filter(claim=claim, status=RatingProposal.Status.OPEN).exists():
        raise ServiceError("A rating of this claim is already waiting for approval: approve or decline it, or its "
                           "author withdraws it, before proposing another.", code="state")
    rationale, public_note = rationale.strip(), public_note.strip()
    refusals = Refusals()
    if verdict not in Verdict.values or verdict == Verdict.NOT_YET_RATED:
        refusals.add("invalid", "Choose a verdict.", "verdict")
    elif verdict == claim.verdict:
        refusals.add("invalid", f"The claim is already rated {claim.get_verdict_display().lower()}.", "verdict")
    if not rationale:
        refusals.add("invalid", "Say why: readers see the rationale under the verdict.", "rationale")
    if claim.verdict != Verdict.NOT_YET_RATED and not public_note:
        refusals.add("correction", f"Readers saw this claim rated {claim.get_verdict_display().lower()}: changing "
                                   "its rating is a correction, so write the note for readers.", "public_note")
    refusals.raise_any()
    proposal = RatingProposal.objects.create(claim=claim, verdict=verdict, rationale=rationale,
                                             public_note=public_note, previous_verdict=claim.verdict,
                                             proposed_by=user)
    Review.objects.create(claim=claim, actor=user, action=Review.Action.PROPOSE_RATING, from_status=claim.status,
                          to_status=claim.status, rating=proposal,
                          note=f"Proposed rating: {proposal.get_verdict_display()}.")
    return proposal


def _lock_open(proposal: RatingProposal) -> tuple[Claim, RatingProposal]:
    """Lock the proposal's claim, then the proposal; refuse one already decided."""
    claim = _lock(proposal.claim_id)
    proposal = RatingProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != RatingProposal.Status.OPEN:
        raise ServiceError(f"This rating was already {proposal.get_status_display().lower()}.", code="state")
    return claim, proposal


def rating_approvals_needed(proposal: RatingProposal) -> int:
    return approvals_needed(proposal.verdict)


@transaction.atomic
def rating_approve(*, proposal: RatingProposal, user, note: str = "") -> RatingProposal:
    """Approve a proposed rating; the approval that completes the count publishes it to readers."""
    require(user, REVIEW, "approve ratings")
    claim, proposal = _lock_open(proposal)
    _check_rateable(claim)
    if claim.verdict != proposal.previous_verdict:
        raise ServiceError("The claim's rating changed since this one was proposed: decline it and propose again.",
                           code="state")
    if user is not None and user.pk == proposal.proposed_by_id:
        raise ServiceError("Four eyes: you cannot approve a rating you proposed.", code="four_eyes")
    if user is not None and proposal.approvals.filter(editor=user).exists():
        raise ServiceError("You have already approved this rating; another editor must approve it.",
                           code="four_eyes")
    if user is not None:
        RatingApproval.objects.create(proposal=proposal, editor=user, note=note.strip())
    given, needed = proposal.approvals.count(), rating_approvals_needed(proposal)
    if user is not None and given < needed:
        Review.objects.create(claim=claim, actor=user, action=Review.Action.APPROVE_RATING, rating=proposal,
                              from_status=claim.status, to_status=claim.status,
                              note=f"{note.strip()}\nApproval {given} of {needed}: a verdict of "
                                   f"{proposal.get_verdict_display().lower()} needs {needed} editors.".strip())
        return proposal
    _publish(claim, proposal, user, note.strip())
    return proposal


def _publish(claim: Claim, proposal: RatingProposal, user, note: str) -> None:
    """Put the rating on the claim readers see, log it, and tell the change feed."""
    counts = CountsTracker(claims=[claim.pk])
    now = timezone.now()
    claim.verdict, claim.rationale, claim.last_approved_at = proposal.verdict, proposal.rationale, now
    claim._history_user = user
    claim._change_reason = "Rating corrected" if proposal.is_correction else "Rated"
    claim.save()
    _pin_published_version(claim)
    proposal.status, proposal.decided_at = RatingProposal.Status.PUBLISHED, now
    proposal.save(update_fields=["status", "decided_at"])
    public_note = proposal.public_note if proposal.is_correction else ""
    Review.objects.create(claim=claim, actor=user, action=Review.Action.APPROVE_RATING, rating=proposal,
                          from_status=claim.status, to_status=ClaimStatus.PUBLISHED, note=note,
                          public_note=public_note, is_correction=proposal.is_correction)
    record_claim_change(claim=claim, public_note=public_note,
                        kind=ChangeEvent.Kind.CORRECTED if proposal.is_correction else ChangeEvent.Kind.RATED)
    counts.apply()


@transaction.atomic
def rating_decline(*, proposal: RatingProposal, user, note: str) -> RatingProposal:
    """Decline a proposed rating, saying why; its author withdraws their own instead."""
    own = user is not None and user.pk == proposal.proposed_by_id
    if not own:
        require(user, REVIEW, "decline ratings")
    claim, proposal = _lock_open(proposal)
    if not own and not note.strip():
        refusals = Refusals()
        refusals.add("note", "Say why you decline it: the note goes to its author.", "note")
        refusals.raise_any()
    proposal.status = RatingProposal.Status.WITHDRAWN if own else RatingProposal.Status.DECLINED
    proposal.decided_note, proposal.decided_at = note.strip(), timezone.now()
    proposal.save(update_fields=["status", "decided_note", "decided_at"])
    Review.objects.create(claim=claim, actor=user, action=Review.Action.DECLINE_RATING, rating=proposal,
                          from_status=claim.status, to_status=claim.status,
                          note=note.strip() or "Withdrawn by its author.")
    return proposal


def ratings_waiting_for(user):
    """Return the open ratings ``user`` could approve: not their own, not approved by them already."""
    waiting = RatingProposal.objects.filter(status=RatingProposal.Status.OPEN)
    if user is None:
        return waiting
    return waiting.exclude(proposed_by=user).exclude(approvals__editor=user)
