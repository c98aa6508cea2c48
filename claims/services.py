"""Writes that have rules. Admin, API and commands call these so each rule lives in one place."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from claims import conflicts, pagecache
from claims.models import AnchorStatus, Appearance, Claim, ClaimStatus, Conflict, ConflictMember, Entity, Metric, Review
from claims.notifications import notify
from claims.workflow import (
    CORRECTION_FIELDS, TRANSITIONS, Transition, WorkflowError, approvals_needed, transition_for,
)
from sources.models import Snapshot, Source


class ServiceError(Exception):
    """A write refused by a rule; the message says which, for editors and API clients alike."""


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
    verdict: str = "",
    rationale: str = "",
    created_by=None,
) -> Claim:
    """Create a claim with its subjects; the figure is read from its wording.

    Raises FigureError for a figure that cannot be read, and nothing is written.
    """
    published = status == ClaimStatus.PUBLISHED
    claim = Claim(
        slug=slug,
        statement=statement,
        metric=metric,
        figure_text=figure_text,
        period_start=period_start,
        period_end=period_end,
        period_label=period_label,
        status=status,
        verdict=verdict or Claim.Verdict.NOT_YET_RATED,
        rationale=rationale,
        published_at=timezone.now() if published else None,
        last_approved_at=timezone.now() if published else None,
        is_public=published,
        created_by=created_by,
        last_edited_by=created_by,
    )
    claim._history_user = created_by
    claim.save()
    claim.subjects.set(subjects)
    if published:  # seed and imported claims that arrive already published
        _pin_published_version(claim)
    claim_refresh_comparison(claim=claim)
    return claim


def _pin_published_version(claim: Claim) -> None:
    """Remember the history row readers see while the claim is later reopened for correction."""
    history_id = claim.history.values_list("history_id", flat=True).first()  # newest first
    Claim.objects.filter(pk=claim.pk).update(published_history_id=history_id)  # excluded from history
    claim.published_history_id = history_id


_UNSET = object()


@transaction.atomic
def claim_update(*, claim: Claim, user=None, subjects: Iterable[Entity] | object = _UNSET,
                 expected_updated_at=None, **fields) -> Claim:
    """Change a claim's fields (and subjects), then re-check the conflicts it takes part in.

    ``expected_updated_at`` refuses the change if someone saved the claim since the caller read it.
    """
    allowed = {"statement", "metric", "figure_text", "period_start", "period_end", "period_label", "rationale",
               "verdict", "value", "unit", "qualifier", "count_noun", "total"}
    unknown = set(fields) - allowed
    if unknown:
        raise ServiceError(f"these fields cannot be changed here: {', '.join(sorted(unknown))}")
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if expected_updated_at is not None and claim.updated_at != expected_updated_at:
        raise WorkflowError("The claim changed since you loaded it; reload and try again.", code="concurrent")
    if not claim.is_editable:
        raise WorkflowError(
            f"A claim that is {claim.get_status_display().lower()} cannot be edited; "
            + ("reopen it for correction first." if claim.status == ClaimStatus.PUBLISHED else
               "an editor must send it back first."), code="state")
    for name, value in fields.items():
        setattr(claim, name, value)
    claim.last_edited_by = user
    claim._history_user = user
    claim.save()
    previous_subject_ids = set(claim.subjects.values_list("pk", flat=True))
    if subjects is not _UNSET:
        claim.subjects.set(subjects)
    claim_refresh_comparison(claim=claim, previous_subject_ids=previous_subject_ids)
    return claim


def claim_refresh_comparison(*, claim: Claim, previous_subject_ids: Iterable[int] = ()) -> None:
    """Recompute the claim's comparison keys and re-detect conflicts under its old and new keys.

    Call after the claim, its figure, subjects or appearances change, inside the same transaction;
    pass the subjects it had before when they changed, so sums that involved them are rechecked.
    """
    old_family, old_key = claim.family_key, claim.comparison_key
    metric = claim.metric
    subject_ids = set(claim.subjects.values_list("pk", flat=True))
    family, key = conflicts.comparison_keys(
        metric_id=claim.metric_id,
        cumulative=bool(metric and metric.cumulative),
        period_start=claim.period_start,
        period_end=claim.period_end,
        subject_ids=subject_ids,
        has_figure=claim.has_figure,
    )
    if (family, key) != (old_family, old_key):
        # Derived fields excluded from history, so a plain update writes no history row for them.
        Claim.objects.filter(pk=claim.pk).update(family_key=family, comparison_key=key)
        claim.family_key, claim.comparison_key = family, key
    conflicts_detect(
        comparison_keys={old_key, key},
        family_keys={old_family, family},
        entity_ids=subject_ids | set(previous_subject_ids),
    )


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
            appearance.anchor = AnchorStatus.EXACT
    appearance.full_clean(validate_unique=False)
    appearance._history_user = user
    appearance.save()
    if claim.metric_id and claim.metric.additive:
        # Which source a part comes from decides which parts add up to a sum.
        conflicts_detect(comparison_keys=set(), family_keys={claim.family_key},
                         entity_ids=set(claim.subjects.values_list("pk", flat=True)))
    return appearance


@dataclass
class DetectionReport:
    created: int = 0
    updated: int = 0
    reopened: int = 0
    closed: int = 0
    unchanged: int = 0


def conflicts_detect(*, comparison_keys: Iterable[str] | None = None, family_keys: Iterable[str] | None = None,
                     entity_ids: Iterable[int] = (), progress=None) -> DetectionReport:
    """Create, update, reopen or close figure conflicts under the given keys (all keys when None).

    Idempotent: a rerun creates nothing new, and a conflict an editor explained or resolved is
    reopened only when the figures of its claims changed. ``progress`` wraps the write loop (tqdm).
    """
    with transaction.atomic():
        return _detect(comparison_keys, family_keys, set(entity_ids), progress)


def _detect(comparison_keys, family_keys, entity_ids, progress) -> DetectionReport:
    full = comparison_keys is None and family_keys is None
    keys = set(comparison_keys or ()) - {""}
    families = set(family_keys or ()) - {""}
    if families and entity_ids:
        # A sum compares claims under several comparison keys: the combined claims' keys are in scope too.
        keys |= set(
            Claim.objects.filter(family_key__in=families, subjects__in=entity_ids)
            .exclude(comparison_key="").values_list("comparison_key", flat=True).distinct()
        )
    if not full and not keys:
        return DetectionReport()

    found = conflicts.find_disagreements(
        comparison_keys=None if full else keys,
        family_keys=None if full else families,
        entity_ids=entity_ids,
    )
    existing_qs = Conflict.objects.filter(kind=Conflict.Kind.FIGURES).prefetch_related("members")
    if not full:
        existing_qs = existing_qs.filter(comparison_key__in=keys | set(found))
    existing = {conflict.comparison_key: conflict for conflict in existing_qs.select_for_update(of=("self",))}

    member_ids = {i for d in found.values() for i in d.claim_ids | d.part_ids}
    claims = Claim.objects.select_related("metric").prefetch_related("subjects").in_bulk(member_ids)

    report = DetectionReport()
    new_conflicts, new_members = [], {}
    items = sorted(found.items())
    for key, disagreement in (progress(items) if progress else items):
        conflict = existing.pop(key, None)
        wanted = {pk: False for pk in disagreement.claim_ids} | {pk: True for pk in disagreement.part_ids}
        signature = conflicts.figures_signature(
            (pk, claims[pk].canonical_lower, claims[pk].canonical_upper) for pk in wanted
        )
        if conflict is None:
            conflict = Conflict(kind=Conflict.Kind.FIGURES, comparison_key=key)
            _describe(conflict, disagreement, claims, signature)
            new_conflicts.append(conflict)
            new_members[key] = wanted
            report.created += 1
        elif conflict.figures_signature == signature:
            report.unchanged += 1
        else:
            _update_conflict(conflict, disagreement, claims, signature, wanted, report)
    # Full detection may create thousands at once: insert them (and their history) in bulk.
    bulk_create_with_history(new_conflicts, Conflict, batch_size=1000)
    bulk_create_with_history(
        [ConflictMember(conflict=conflict, claim_id=claim_id, is_part=is_part)
         for conflict in new_conflicts for claim_id, is_part in new_members[conflict.comparison_key].items()],
        ConflictMember, batch_size=2000,
    )
    if new_conflicts:
        pagecache.bump()  # bulk inserts send no save signals
    for conflict in existing.values():
        if conflict.status == Conflict.Status.OPEN:
            # The figures were corrected and agree now: close it, saying so, rather than delete it.
            conflict.status = Conflict.Status.RESOLVED
            conflict.note = "Closed automatically: the figures no longer disagree."
            conflict.decided_by, conflict.decided_at = None, timezone.now()
            conflict.save()
            report.closed += 1
    return report


def _describe(conflict, disagreement, claims, signature) -> None:
    first = claims[min(disagreement.claim_ids)]
    subjects = ", ".join(sorted(subject.name for subject in first.subjects.all()))
    conflict.metric = first.metric
    conflict.title = f"{first.metric.name}: {subjects}"[:300]
    conflict.difference, conflict.ratio = disagreement.difference, disagreement.ratio
    conflict.figures_signature = signature


def _update_conflict(conflict, disagreement, claims, signature, wanted, report) -> None:
    if conflict.status != Conflict.Status.OPEN:
        conflict.note = f"Reopened: the figures changed since it was {conflict.get_status_display().lower()}. " \
                        f"Previous note: {conflict.note}"
        conflict.status = Conflict.Status.OPEN
        conflict.decided_by = conflict.decided_at = None
        report.reopened += 1
    else:
        report.updated += 1
    _describe(conflict, disagreement, claims, signature)
    conflict.save()
    current = {member.claim_id: member for member in conflict.members.all()}
    for claim_id, member in current.items():
        if claim_id not in wanted:
            member.delete()
        elif member.is_part != wanted[claim_id] or member.rank != ConflictMember.Rank.NORMAL:
            # New figures, new judgement: ranks given to the old figures stay in the history.
            member.is_part, member.rank, member.rank_reason = wanted[claim_id], ConflictMember.Rank.NORMAL, ""
            member.save()
    for claim_id, is_part in wanted.items():
        if claim_id not in current:
            ConflictMember.objects.create(conflict=conflict, claim_id=claim_id, is_part=is_part)


@transaction.atomic
def conflict_flag(*, claims: Iterable[Claim], note: str, user=None) -> Conflict:
    """Record by hand that claims contradict each other when their figures cannot show it."""
    claims = list({claim.pk: claim for claim in claims}.values())
    if len(claims) < 2:
        raise ServiceError("A conflict needs at least two claims.")
    if not note.strip():
        raise ServiceError("Say why these claims contradict each other.")
    ids = sorted(claim.pk for claim in claims)
    for candidate in Conflict.objects.filter(kind=Conflict.Kind.MANUAL).prefetch_related("members"):
        if sorted(m.claim_id for m in candidate.members.all()) == ids:
            return candidate
    subjects = sorted({subject.name for claim in claims for subject in claim.subjects.all()})
    title = ("Contradiction: " + ", ".join(subjects)) if subjects else " / ".join(str(claim) for claim in claims)
    conflict = Conflict(kind=Conflict.Kind.MANUAL, title=title[:300], note=note.strip(), flagged_by=user)
    conflict._history_user = user
    conflict.save()
    for claim in claims:
        ConflictMember.objects.create(conflict=conflict, claim=claim)
    return conflict


def _locked(conflict: Conflict) -> Conflict:
    return Conflict.objects.select_for_update().get(pk=conflict.pk)


@transaction.atomic
def conflict_explain(*, conflict: Conflict, note: str, user) -> Conflict:
    """Mark an open conflict explained: both figures can stand, for the reason given."""
    conflict = _locked(conflict)
    if conflict.status != Conflict.Status.OPEN:
        raise ServiceError(f"Only an open conflict can be explained; this one is {conflict.get_status_display()}.")
    if not note.strip():
        raise ServiceError("Say why both figures can stand (different definitions, dates, …).")
    return _decide(conflict, Conflict.Status.EXPLAINED, note, user)


@transaction.atomic
def conflict_resolve(*, conflict: Conflict, ranks: Mapping[int, tuple[str, str]], note: str, user) -> Conflict:
    """Resolve an open conflict by ranking its claims (preferred / normal / deprecated) with reasons."""
    conflict = _locked(conflict)
    if conflict.status != Conflict.Status.OPEN:
        raise ServiceError(f"Only an open conflict can be resolved; this one is {conflict.get_status_display()}.")
    if not note.strip():
        raise ServiceError("Say how the conflict was resolved.")
    members = {member.claim_id: member for member in conflict.members.all()}
    unknown = set(ranks) - set(members)
    if unknown:
        raise ServiceError(f"Claims {sorted(unknown)} are not part of this conflict.")
    valid = set(ConflictMember.Rank.values)
    for claim_id, (rank, reason) in ranks.items():
        if rank not in valid:
            raise ServiceError(f"Unknown rank {rank!r}; use one of {', '.join(sorted(valid))}.")
        if rank != ConflictMember.Rank.NORMAL and not reason.strip():
            raise ServiceError(f"Give a reason for ranking claim {claim_id} {rank}.")
    if not any(rank == ConflictMember.Rank.PREFERRED for rank, _ in ranks.values()):
        raise ServiceError("Mark at least one claim preferred: a resolution says which figure stands.")
    for claim_id, (rank, reason) in ranks.items():
        member = members[claim_id]
        member.rank, member.rank_reason = rank, reason.strip()
        member._history_user = user
        member.save()
    return _decide(conflict, Conflict.Status.RESOLVED, note, user)


@transaction.atomic
def conflict_reopen(*, conflict: Conflict, note: str, user) -> Conflict:
    """Reopen an explained or resolved conflict."""
    conflict = _locked(conflict)
    if conflict.status == Conflict.Status.OPEN:
        raise ServiceError("This conflict is already open.")
    if not note.strip():
        raise ServiceError("Say why the conflict is reopened.")
    return _decide(conflict, Conflict.Status.OPEN, note, user)


def _decide(conflict: Conflict, status: str, note: str, user) -> Conflict:
    conflict.status, conflict.note = status, note.strip()
    conflict.decided_by = user if status != Conflict.Status.OPEN else None
    conflict.decided_at = timezone.now() if status != Conflict.Status.OPEN else None
    conflict._history_user = user
    conflict.save()
    return conflict


def available_transitions(*, claim: Claim, user) -> list[Transition]:
    """Return the transitions ``user`` may try on ``claim`` in its current state (rules checked on submit)."""
    return [
        t for t in TRANSITIONS.values()
        if claim.status in t.sources and user.has_perm(t.permission) and (claim.is_public or not t.only_public)
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
    """Move a claim through the workflow, writing a Review; illegal moves raise WorkflowError and change nothing.

    The claim row is locked for the whole check-and-write, so two editors approving at once end with
    one approval. ``expected_updated_at`` (optimistic concurrency) refuses a move based on a stale read.
    """
    transition = transition_for(action)
    claim = Claim.objects.select_for_update(of=("self",)).select_related("metric").get(pk=claim.pk)
    if expected_updated_at is not None and claim.updated_at != expected_updated_at:
        raise WorkflowError("The claim changed since you loaded it; reload and try again.", code="concurrent")
    if not user.has_perm(transition.permission):
        raise WorkflowError(f"You are not allowed to {transition.label.lower()} claims.", code="permission")
    if claim.status not in transition.sources or (transition.only_public and not claim.is_public):
        raise WorkflowError(
            f"Cannot {transition.label.lower()}: the claim is {claim.get_status_display().lower()}"
            + (" and was never published." if transition.only_public and not claim.is_public else "."),
            code="state",
        )
    note, public_note, conflict_note = note.strip(), public_note.strip(), conflict_note.strip()
    if transition.note_required and not note:
        raise WorkflowError(f"Say why ({transition.label.lower()} needs a note for the author).", code="note")
    if transition.public_note_required and not public_note:
        raise WorkflowError("Write the public note readers will see.", code="note")

    from_status, target, is_correction = claim.status, transition.target, False
    if transition.action == Review.Action.APPROVE:
        target, is_correction, note = _check_approval(claim, user, note, public_note, conflict_note)
    elif transition.action == Review.Action.SUBMIT and claim.metric_id and not claim.has_figure:
        raise WorkflowError("The claim names a metric but has no figure; add the figure or remove the metric.",
                            code="invalid")

    now = timezone.now()
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
    review = Review.objects.create(
        claim=claim, actor=user, action=transition.action, from_status=from_status, to_status=target,
        note=note, public_note=public_note, is_correction=is_correction,
    )
    if {from_status, target} & {ClaimStatus.REJECTED, ClaimStatus.WITHDRAWN}:
        # Rejected and withdrawn claims drop out of conflicts; re-check the ones this claim was in.
        claim_refresh_comparison(claim=claim)
    notify(review)
    return review


def _check_approval(claim: Claim, user, note: str, public_note: str, conflict_note: str):
    """Apply the approval rules; return the target state, whether it is a correction, and the note."""
    if user.pk in (claim.created_by_id, claim.last_edited_by_id):
        raise WorkflowError("Four eyes: you cannot approve a claim you created or last edited.", code="four_eyes")
    approvals = approvals_this_round(claim)
    if any(review.actor_id == user.pk for review in approvals):
        raise WorkflowError("You have already approved this claim; a second editor must approve it.",
                            code="four_eyes")
    open_conflicts = claim.conflict_memberships.filter(conflict__status=Conflict.Status.OPEN).count()
    if open_conflicts and not conflict_note:
        raise WorkflowError(
            f"The claim has {open_conflicts} open conflict(s): resolve them, or record why it can be "
            "published anyway.", code="conflict")
    is_correction = False
    if claim.published_history_id is not None:
        published = claim.history.get(history_id=claim.published_history_id)
        changed = [name for name in CORRECTION_FIELDS if getattr(published, name) != getattr(claim, name)]
        if changed:
            if not public_note:
                raise WorkflowError(
                    f"This changes what readers saw ({', '.join(changed)}): write a correction note for readers.",
                    code="correction")
            is_correction = True
    if conflict_note:
        note = f"{note}\nPublished with open conflicts: {conflict_note}".strip()
    needed = approvals_needed(claim.verdict)
    target = ClaimStatus.PUBLISHED if len(approvals) + 1 >= needed else ClaimStatus.IN_REVIEW
    if target == ClaimStatus.IN_REVIEW:
        note = f"{note}\nApproval {len(approvals) + 1} of {needed}: a verdict of " \
               f"{claim.get_verdict_display().lower()} needs {needed} editors.".strip()
    return target, is_correction, note


@transaction.atomic
def claim_assign(*, claim: Claim, reviewer, user, note: str = "") -> Review:
    """Ask ``reviewer`` to review ``claim``; they are notified."""
    if not user.has_perm("claims.review_claim"):
        raise WorkflowError("You are not allowed to assign reviewers.", code="permission")
    if reviewer is not None and not reviewer.has_perm("claims.review_claim"):
        raise WorkflowError(f"{reviewer} cannot review claims.", code="invalid")
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    claim.assigned_to = reviewer
    claim._history_user = user
    claim.save()
    review = Review.objects.create(claim=claim, actor=user, action=Review.Action.ASSIGN, from_status=claim.status,
                                   to_status=claim.status, note=note.strip() or f"Assigned to {reviewer}.")
    notify(review)
    return review
