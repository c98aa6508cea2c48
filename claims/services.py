"""Writes that have rules. Admin, API and commands call these so each rule lives in one place."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from claims import conflicts
from claims.models import Appearance, Claim, ClaimStatus, Conflict, ConflictMember, Entity, Metric
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
    claim_refresh_comparison(claim=claim)
    return claim


_UNSET = object()


@transaction.atomic
def claim_update(*, claim: Claim, user=None, subjects: Iterable[Entity] | object = _UNSET, **fields) -> Claim:
    """Change a claim's fields (and subjects), then re-check the conflicts it takes part in."""
    allowed = {"statement", "metric", "figure_text", "period_start", "period_end", "period_label", "rationale",
               "value", "unit", "qualifier", "count_noun", "total"}
    unknown = set(fields) - allowed
    if unknown:
        raise ServiceError(f"these fields cannot be changed here: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(claim, name, value)
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
    title = " / ".join(str(claim) for claim in claims)
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
