"""The editorial workflow: every status change, approval rule and assignment, in one place."""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from claims.errors import Refusals, ServiceError
from claims.models import ChangeEvent, Claim, ClaimStatus, Conflict, Review, Verdict
from claims.notifications import notify
from claims.services.changes import record_claim_change
from claims.services.claims import _pin_published_version, claim_refresh_comparison
from claims.services.conflicts import conflict_ids_of, conflicts_refresh_public
from claims.services.counts import CountsTracker
from claims.services.drafts import correction_changes, draft_apply, draft_open, working_copy
from claims.services.permissions import REVIEW, may, require
from claims.workflow import TRANSITIONS, Transition, approvals_needed, in_words, transition_for


def available_transitions(*, claim: Claim, user) -> list[Transition]:
    """Return the transitions ``user`` may try on ``claim`` in its current state (rules checked on submit)."""
    return [
        t for t in TRANSITIONS.values()
        if claim.status in t.sources and may(user, t.permission) and (claim.is_public or not t.only_public)
    ]


def approvals_this_round(claim: Claim) -> list[Review]:
    """Return the approvals given since the claim was last submitted."""
    last_submit = claim.reviews.filter(action=Review.Action.SUBMIT).order_by("-created_at", "-id").first()
    approvals = claim.reviews.filter(action=Review.Action.APPROVE, from_status=ClaimStatus.IN_REVIEW)
    if last_submit:
        approvals = approvals.filter(id__gt=last_submit.id)
    return list(approvals)


@transaction.atomic
def claim_transition(*, claim: Claim, action: str, user, note: str = "", public_note: str = "",
                     conflict_note: str = "", expected_updated_at=None) -> Review:
    """Move a claim through the workflow, writing a Review; illegal moves raise ServiceError and change nothing.

    The claim row is locked for the whole check-and-write, so two editors approving at once end with
    one approval. ``expected_updated_at`` (optimistic concurrency) refuses a move based on a stale read.
    """
    transition = transition_for(action)
    claim = Claim.objects.select_for_update(of=("self",)).select_related("metric").get(pk=claim.pk)
    _check_may_move(claim, transition, user, expected_updated_at)
    counts = CountsTracker(claims=[claim.pk])
    note, public_note, conflict_note = note.strip(), public_note.strip(), conflict_note.strip()
    # Every unmet requirement is collected and refused together, so one retry can meet them all.
    refusals = Refusals()
    if transition.note_required and not note:
        refusals.add("note", f"Say why ({transition.label.lower()} needs a note for the author).", "note")
    if transition.public_note_required and not public_note:
        refusals.add("note", "Write the public note readers will see.", "public_note")

    from_status, target, is_correction = claim.status, transition.target, False
    current = working_copy(claim)  # the version under review: a published claim's correction drafted aside
    if transition.action == Review.Action.APPROVE:
        target, is_correction, note, public_note = _check_approval(current, user, note, public_note, conflict_note,
                                                                   refusals)
    elif transition.action == Review.Action.SUBMIT and current.metric_id and not current.has_figure:
        refusals.add("invalid", "The claim names a metric but has no figure; add the figure or remove the metric.",
                     "figure_text")
    refusals.raise_any()

    now = timezone.now()
    unrated_before = claim.is_public and claim.verdict == Verdict.NOT_YET_RATED
    # The approval that publishes a correction is the one write that brings it to readers.
    if target == ClaimStatus.PUBLISHED:
        draft_apply(claim=claim)
    claim.status = target
    if transition.action == Review.Action.SUBMIT:
        claim.submitted_at = now
    if target == ClaimStatus.PUBLISHED:
        claim.is_public = True
        claim.published_at = claim.published_at or now
        claim.last_approved_at = now
    claim._history_user = user
    claim._change_reason = transition.label
    claim.save()
    if target == ClaimStatus.PUBLISHED:
        _pin_published_version(claim)
        # Its figure (a correction's, if any) is now a public one: decided conflicts it joins may reopen.
        claim_refresh_comparison(claim=claim)
    if transition.action == Review.Action.REOPEN:
        draft_open(claim=claim, user=user)
    review = Review.objects.create(
        claim=claim, actor=user, action=transition.action, from_status=from_status, to_status=target,
        note=note, public_note=public_note, is_correction=is_correction,
    )
    _follow_transition(claim, from_status, target, is_correction=is_correction, public_note=public_note,
                       unrated_before=unrated_before)
    counts.apply()
    notify(review)
    return review


def _check_may_move(claim: Claim, transition: Transition, user, expected_updated_at) -> None:
    """Refuse a move based on a stale read, by a user without the permission, or from the wrong state."""
    if expected_updated_at is not None and claim.updated_at != expected_updated_at:
        raise ServiceError("The claim changed since you loaded it; reload and try again.", code="concurrent")
    require(user, transition.permission, f"{transition.label.lower()} claims")
    if claim.status not in transition.sources or (transition.only_public and not claim.is_public):
        raise ServiceError(
            f"Cannot {transition.label.lower()}: the claim is {claim.get_status_display().lower()}"
            + (" and was never published." if transition.only_public and not claim.is_public else "."),
            code="state",
        )


def _follow_transition(claim: Claim, from_status: str, target: str, *, is_correction: bool,
                       public_note: str, unrated_before: bool = False) -> None:
    """Bring conflicts and the change feed in step with a claim that moved from ``from_status`` to ``target``."""
    if {from_status, target} & {ClaimStatus.REJECTED, ClaimStatus.WITHDRAWN}:
        # Rejected and withdrawn claims drop out of conflicts; re-check the ones this claim was in.
        claim_refresh_comparison(claim=claim)
    if target in (ClaimStatus.PUBLISHED, ClaimStatus.WITHDRAWN):
        # What readers see of its conflicts follows the claim's approved version.
        conflicts_refresh_public(conflict_ids=conflict_ids_of(claim))
    if target == ClaimStatus.PUBLISHED:
        # A claim readers saw unrated that now carries a verdict received its first rating.
        first_rating = unrated_before and claim.verdict != Verdict.NOT_YET_RATED
        kind = ChangeEvent.Kind.CORRECTED if is_correction else \
            ChangeEvent.Kind.RATED if first_rating else ChangeEvent.Kind.PUBLISHED
        record_claim_change(claim=claim, public_note=public_note, kind=kind)
    elif target == ClaimStatus.WITHDRAWN:
        record_claim_change(claim=claim, kind=ChangeEvent.Kind.WITHDRAWN, public_note=public_note)


def approval_progress(claim: Claim) -> tuple[int, int]:
    """Return how many approvals this round has and how many the claim's verdict needs."""
    return len(approvals_this_round(claim)), approvals_needed(working_copy(claim).verdict)


def open_conflict_count(claim: Claim) -> int:
    return claim.conflict_memberships.filter(conflict__status=Conflict.Status.OPEN).count()


def changed_for_readers(claim: Claim) -> list[str]:
    """Name what readers saw that publishing the claim's correction changes (empty when it is not one)."""
    return correction_changes(claim)


def transition_fields(*, claim: Claim, transition: Transition) -> list[str]:
    """Return the notes a step on this claim can take: the newsroom note, and the others only where a rule asks."""
    fields = ["note"]
    asks_public_note = transition.public_note_required or (
        transition.action == Review.Action.APPROVE and changed_for_readers(claim))
    if asks_public_note:
        fields.append("public_note")
    if transition.action == Review.Action.APPROVE and open_conflict_count(claim):
        fields.append("conflict_note")
    return fields


def _check_approval(claim: Claim, user, note: str, public_note: str, conflict_note: str, refusals: Refusals):
    """Apply the approval rules, adding unmet ones to ``refusals``; return target, correction, note, public note."""
    if user.pk in (claim.created_by_id, claim.last_edited_by_id):
        refusals.add("four_eyes", "Four eyes: you cannot approve a claim you created or last edited.")
    approvals = approvals_this_round(claim)
    if any(review.actor_id == user.pk for review in approvals):
        refusals.add("four_eyes", "You have already approved this claim; a second editor must approve it.")
    open_conflicts = open_conflict_count(claim)
    if open_conflicts and not conflict_note:
        refusals.add("conflict", f"The claim has {open_conflicts} open conflict(s): resolve them, or say why "
                                 "it can be published anyway.", "conflict_note")
    changed = changed_for_readers(claim)
    if changed and not public_note:
        # A correction has one public note however many approvals it needs: a later approver
        # may leave it as an earlier one wrote it (or replace it by writing another).
        public_note = next((r.public_note for r in reversed(approvals) if r.public_note), "")
    if changed and not public_note:
        refusals.add("correction", f"This changes what readers saw ({in_words(changed)}): write a "
                                   "correction note for readers.", "public_note")
    is_correction = bool(changed)
    if conflict_note:
        note = f"{note}\nPublished with open conflicts: {conflict_note}".strip()
    needed = approvals_needed(claim.verdict)
    target = ClaimStatus.PUBLISHED if len(approvals) + 1 >= needed else ClaimStatus.IN_REVIEW
    if target == ClaimStatus.IN_REVIEW:
        note = f"{note}\nApproval {len(approvals) + 1} of {needed}: a verdict of " \
               f"{claim.get_verdict_display().lower()} needs {needed} editors.".strip()
    return target, is_correction, note, public_note


@transaction.atomic
def claim_assign(*, claim: Claim, reviewer, user, note: str = "") -> Review:
    """Ask ``reviewer`` to review ``claim``; they are notified."""
    require(user, REVIEW, "assign reviewers")
    if reviewer is not None and not may(reviewer, REVIEW):
        raise ServiceError(f"{reviewer} cannot review claims.", code="invalid")
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    claim.assigned_to = reviewer
    claim._history_user = user
    claim.save()
    review = Review.objects.create(claim=claim, actor=user, action=Review.Action.ASSIGN, from_status=claim.status,
                                   to_status=claim.status, note=note.strip() or f"Assigned to {reviewer}.")
    notify(review)
    return review
