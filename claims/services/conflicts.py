"""Conflict writes: detection keeps figure conflicts in step with the claims; editors flag and decide."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Prefetch
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from claims import conflicts, selectors, signals
from claims.bulkcopy import copy_insert
from claims.errors import Refusals, ServiceError
from claims.models import Claim, Conflict, ConflictMember
from claims.services.changes import record_conflict_decision, record_conflicts_shown
from claims.services.counts import recount_conflicts
from claims.services.flags import flag_title, retitle_shown
from claims.services.permissions import DECIDE_CONFLICTS, FLAG_CONFLICTS, require


@dataclass
class DetectionReport:
    created: int = 0
    updated: int = 0
    reopened: int = 0
    closed: int = 0
    unchanged: int = 0


def conflicts_detect(*, comparison_keys: Iterable[str] | None = None, family_keys: Iterable[str] | None = None,
                     entity_ids: Iterable[int] = (), measure_keys: Iterable[str] = (),
                     progress=None) -> DetectionReport:
    """Create, update, reopen or close figure conflicts under the given keys (all keys when None).

    Idempotent: a rerun creates nothing new, and a conflict an editor explained or resolved is
    reopened only when the figures of its claims changed. ``progress`` wraps the write loop (tqdm).
    """
    with transaction.atomic():
        return _detect(comparison_keys, family_keys, set(entity_ids), set(measure_keys) - {""}, progress)


def _keys_in_scope(comparison_keys, family_keys, entity_ids, measures) -> tuple[set[str], set[str]]:
    """Return the comparison keys and family keys a scoped run re-checks."""
    keys = set(comparison_keys or ()) - {""}
    families = set(family_keys or ()) - {""}
    if families and entity_ids:
        # A sum compares claims under several comparison keys: the combined claims' keys are in scope too.
        keys |= set(
            Claim.objects.filter(family_key__in=families, subjects__in=entity_ids)
            .exclude(comparison_key="").values_list("comparison_key", flat=True).distinct()
        )
    if measures:
        # A period inside another compares across comparison keys: every key of the measure is in scope.
        keys |= set(Claim.objects.filter(measure_key__in=measures).exclude(comparison_key="")
                    .values_list("comparison_key", flat=True).distinct())
    return keys, families


def _detect(comparison_keys, family_keys, entity_ids, measures, progress) -> DetectionReport:
    full = comparison_keys is None and family_keys is None
    keys, families = _keys_in_scope(comparison_keys, family_keys, entity_ids, measures)
    if not full and not keys:
        return DetectionReport()

    found = conflicts.find_disagreements(
        measure_keys=() if full else measures,
        comparison_keys=None if full else keys,
        family_keys=None if full else families,
        entity_ids=entity_ids,
    )
    existing_qs = Conflict.objects.filter(kind=Conflict.Kind.FIGURES).prefetch_related("members")
    if not full:
        existing_qs = existing_qs.filter(comparison_key__in=keys | set(found))
    existing = {conflict.comparison_key: conflict for conflict in existing_qs.select_for_update(of=("self",))}
    existing_touched = list(existing.values())

    member_ids = {i for d in found.values() for i in d.claim_ids | d.part_ids}
    # A full run may describe tens of thousands of conflicts: read what it needs in one query
    # instead of building model instances (the scoped run keeps its two small queries).
    claims = _claim_facts_sql(member_ids) if full else _claim_facts(member_ids)

    report, reopened = DetectionReport(), []
    new_conflicts, new_members = _match_found(found, existing, claims, report, progress, reopened)
    if full:
        _copy_new(new_conflicts, new_members)
    else:
        bulk_create_with_history(new_conflicts, Conflict, batch_size=1000)
        bulk_create_with_history(
            [ConflictMember(conflict=conflict, claim_id=claim_id, is_part=is_part)
             for conflict in new_conflicts for claim_id, is_part in new_members[conflict.comparison_key].items()],
            ConflictMember, batch_size=2000,
        )
    if new_conflicts and full:
        # A full run may create thousands: every answer, once.
        signals.conflicts_changed.send(sender=Conflict, conflict_ids=(), member_claim_ids=(), everything=True)
    elif new_conflicts:  # bulk inserts send no save signals
        signals.conflicts_changed.send(
            sender=Conflict, conflict_ids=[c.pk for c in new_conflicts],
            member_claim_ids={claim_id for c in new_conflicts for claim_id in new_members[c.comparison_key]})
    touched = [c.pk for c in new_conflicts] + [c.pk for c in existing_touched]
    _close_agreeing(existing.values(), report)
    conflicts_refresh_public(conflict_ids=None if full else touched)
    for conflict in reopened:  # told only if readers still see it: else its closing is their news
        record_conflict_decision(conflict=conflict)
    return report


def _match_found(found, existing, claims, report, progress, reopened) -> tuple[list[Conflict], dict[str, dict[int, bool]]]:
    """Update the existing conflict of each disagreement found, or build a new one (unsaved) with its members.

    Matched conflicts leave ``existing``: what remains there no longer disagrees. Reopened ones readers
    saw decided are added to ``reopened``.
    """
    new_conflicts, new_members = [], {}
    items = sorted(found.items())
    for key, disagreement in (progress(items) if progress else items):
        conflict = existing.pop(key, None)
        wanted = {pk: False for pk in disagreement.claim_ids} | {pk: True for pk in disagreement.part_ids}
        # Over public members only: a draft joining or leaving never reopens what editors decided.
        signature = conflicts.figures_signature(
            (pk, claims[pk].canonical_lower, claims[pk].canonical_upper) for pk in wanted if claims[pk].public
        )
        if conflict is None:
            conflict = Conflict(kind=Conflict.Kind.FIGURES, comparison_key=key)
            _describe(conflict, disagreement, claims, signature)
            new_conflicts.append(conflict)
            new_members[key] = wanted
            report.created += 1
        elif conflict.figures_signature == signature:
            _sync_members(conflict, wanted)  # the newsroom still sees drafts join and leave
            report.unchanged += 1
        else:
            _update_conflict(conflict, disagreement, claims, signature, wanted, report, reopened)
    return new_conflicts, new_members


def _close_agreeing(stale: Iterable[Conflict], report: DetectionReport) -> None:
    """Close the open conflicts whose figures no longer disagree."""
    for conflict in stale:
        if conflict.status == Conflict.Status.OPEN:
            # The figures were corrected and agree now: close it, saying so, rather than delete it.
            conflict.status = Conflict.Status.RESOLVED
            conflict.note = "Closed automatically: the figures no longer disagree."
            conflict.decided_by, conflict.decided_at = None, timezone.now()
            conflict.public_updated_at = conflict.decided_at
            conflict.save()
            report.closed += 1


@dataclass(frozen=True)
class _ClaimFacts:
    """What describing a conflict needs of one member claim."""

    canonical_lower: float | None
    canonical_upper: float | None
    metric_id: int | None
    metric_name: str
    subject_names: tuple[str, ...]
    public: bool  # readers see it (selectors.is_public_claim)


def _claim_facts(ids) -> dict[int, _ClaimFacts]:
    claims = Claim.objects.select_related("metric").prefetch_related("subjects").in_bulk(ids)
    return {pk: _ClaimFacts(c.canonical_lower, c.canonical_upper, c.metric_id, c.metric.name if c.metric else "",
                            tuple(subject.name for subject in c.subjects.all()), selectors.is_public_claim(c))
            for pk, c in claims.items()}


_FACTS_SQL = """
SELECT c.id, c.canonical_lower, c.canonical_upper, c.metric_id, COALESCE(m.name, ''),
       ARRAY(SELECT e.name FROM claims_claim_subjects s JOIN claims_entity e ON e.id = s.entity_id
             WHERE s.claim_id = c.id),
       c.is_public AND c.status <> 'withdrawn'  -- selectors.public_claim_q, for a full run's one query
FROM claims_claim c LEFT JOIN claims_metric m ON m.id = c.metric_id
WHERE c.id = ANY(%s)
"""


def _claim_facts_sql(ids) -> dict[int, _ClaimFacts]:
    with connection.cursor() as cursor:
        cursor.execute(_FACTS_SQL, [sorted(ids)])
        return {pk: _ClaimFacts(lower, upper, metric_id, name, tuple(subjects), public)
                for pk, lower, upper, metric_id, name, subjects, public in cursor.fetchall()}


def _describe(conflict, disagreement, claims, signature) -> None:
    first = claims[min(disagreement.claim_ids)]
    conflict.metric_id = first.metric_id
    conflict.title = f"{first.metric_name}: {', '.join(sorted(first.subject_names))}"[:300]
    conflict.difference, conflict.ratio = disagreement.difference, disagreement.ratio
    conflict.figures_signature = signature


def _copy_new(new_conflicts: list[Conflict], new_members: dict) -> None:
    """Insert new conflicts, their members and both histories with COPY (what bulk_create_with_history writes)."""
    now = timezone.now()
    rows = copy_insert(Conflict, [
        {"kind": c.kind, "status": c.status, "title": c.title, "comparison_key": c.comparison_key,
         "metric_id": c.metric_id, "difference": c.difference, "ratio": c.ratio,
         "figures_signature": c.figures_signature} for c in new_conflicts], now=now)
    for conflict, row in zip(new_conflicts, rows):
        conflict.pk, conflict.created_at, conflict.updated_at = row["id"], now, now
    copy_insert(ConflictMember, [
        {"conflict_id": conflict.pk, "claim_id": claim_id, "is_part": is_part}
        for conflict in new_conflicts for claim_id, is_part in new_members[conflict.comparison_key].items()],
        now=now)


def _update_conflict(conflict, disagreement, claims, signature, wanted, report, reopenings) -> None:
    reopened = conflict.status != Conflict.Status.OPEN
    if reopened:
        conflict.note = f"Reopened: the figures changed since it was {conflict.get_status_display().lower()}. " \
                        f"Previous note: {conflict.note}"
        conflict.status = Conflict.Status.OPEN
        conflict.decided_by = conflict.decided_at = None
        conflict.public_updated_at = timezone.now()
        report.reopened += 1
    else:
        report.updated += 1
    _describe(conflict, disagreement, claims, signature)
    conflict.save()
    _sync_members(conflict, wanted)
    if reopened and conflict.is_public:
        # Readers who saw the decision see it reopened, once this change is done and only if they still see
        # it: a hidden draft keeping the figures apart must not tell them it reopened before it closes.
        reopenings.append(conflict)


def _sync_members(conflict, wanted: dict[int, bool]) -> None:
    """Make the conflict's members exactly ``wanted`` (claim id -> is a part)."""
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
    require(user, FLAG_CONFLICTS, "flag conflicts")
    claims = list({claim.pk: claim for claim in claims}.values())
    if len(claims) < 2:
        raise ServiceError("A conflict needs at least two claims.")
    if not note.strip():
        raise ServiceError("Say why these claims contradict each other.")
    ids = sorted(claim.pk for claim in claims)
    for candidate in Conflict.objects.filter(kind=Conflict.Kind.MANUAL).prefetch_related("members"):
        if sorted(m.claim_id for m in candidate.members.all()) == ids:
            return candidate
    conflict = Conflict(kind=Conflict.Kind.MANUAL, title=flag_title(claims), note=note.strip(), flagged_by=user)
    conflict._history_user = user
    conflict.save()
    for claim in claims:
        ConflictMember.objects.create(conflict=conflict, claim=claim)
    conflicts_refresh_public(conflict_ids=[conflict.pk])
    return conflict


def _locked(conflict: Conflict, user) -> Conflict:
    require(user, DECIDE_CONFLICTS, "decide conflicts")
    return Conflict.objects.select_for_update().get(pk=conflict.pk)


@transaction.atomic
def conflict_explain(*, conflict: Conflict, note: str, user) -> Conflict:
    """Mark an open conflict explained: both figures can stand, for the reason given."""
    conflict = _locked(conflict, user)
    if conflict.status != Conflict.Status.OPEN:
        raise ServiceError(f"Only an open conflict can be explained; this one is {conflict.get_status_display()}.",
                           code="state")
    if not note.strip():
        raise ServiceError("Say why both figures can stand (different definitions, dates, …).", code="note")
    return _decide(conflict, Conflict.Status.EXPLAINED, note, user)


@transaction.atomic
def conflict_resolve(*, conflict: Conflict, ranks: Mapping[int, tuple[str, str]], note: str, user) -> Conflict:
    """Resolve an open conflict by ranking its claims (preferred / normal / deprecated) with reasons."""
    conflict = _locked(conflict, user)
    if conflict.status != Conflict.Status.OPEN:
        raise ServiceError(f"Only an open conflict can be resolved; this one is {conflict.get_status_display()}.",
                           code="state")
    members = {member.claim_id: member for member in conflict.members.all()}
    # Every unmet requirement at once, so an editor fixes them all in one go.
    refusals = Refusals()
    if not note.strip():
        refusals.add("note", "Say how the conflict was resolved.", "note")
    unknown = set(ranks) - set(members)
    if unknown:
        refusals.add("invalid", f"Claims {sorted(unknown)} are not part of this conflict.", "ranks")
    valid = set(ConflictMember.Rank.values)
    for claim_id, (rank, reason) in ranks.items():
        if rank not in valid:
            refusals.add("invalid", f"Unknown rank {rank!r}; use one of {', '.join(sorted(valid))}.", "ranks")
        elif rank != ConflictMember.Rank.NORMAL and not reason.strip():
            refusals.add("note", f"Give a reason for ranking claim {claim_id} {rank}.", "ranks")
    if not any(rank == ConflictMember.Rank.PREFERRED for rank, _ in ranks.values()):
        refusals.add("invalid", "Mark at least one claim preferred: a resolution says which figure stands.", "ranks")
    refusals.raise_any()
    for claim_id, (rank, reason) in ranks.items():
        member = members[claim_id]
        member.rank, member.rank_reason = rank, reason.strip()
        member._history_user = user
        member.save()
    return _decide(conflict, Conflict.Status.RESOLVED, note, user)


@transaction.atomic
def conflict_reopen(*, conflict: Conflict, note: str, user) -> Conflict:
    """Reopen an explained or resolved conflict."""
    conflict = _locked(conflict, user)
    if conflict.status == Conflict.Status.OPEN:
        raise ServiceError("This conflict is already open.", code="state")
    if not note.strip():
        raise ServiceError("Say why the conflict is reopened.", code="note")
    return _decide(conflict, Conflict.Status.OPEN, note, user)


def _decide(conflict: Conflict, status: str, note: str, user) -> Conflict:
    conflict.status, conflict.note = status, note.strip()
    conflict.decided_by = user if status != Conflict.Status.OPEN else None
    conflict.decided_at = timezone.now() if status != Conflict.Status.OPEN else None
    conflict.public_updated_at = timezone.now()  # a decision is public: its status and note are shown
    conflict._history_user = user
    conflict.save()
    record_conflict_decision(conflict=conflict)
    recount_conflicts()
    return conflict


_VIEW_FIELDS = [f"claim__{name}" for name in (
    "is_public", "status", "published_history_id", "canonical_lower", "canonical_upper", "canonical_value",
    "period_end")]


def conflicts_refresh_public(*, conflict_ids: Iterable[int] | None = None) -> int:
    """Recompute what readers see of these conflicts (all when None) from public, approved figures.

    Call inside the transaction of any write that changes a conflict's members or a member's
    approved version. Returns how many conflicts changed for readers.
    """
    scope = Conflict.objects.all() if conflict_ids is None else Conflict.objects.filter(pk__in=set(conflict_ids))
    # Only what conflict_public_view reads: a full run loads every conflict's member claims.
    members = ConflictMember.objects.select_related("claim").only("conflict", "is_part", "claim", *_VIEW_FIELDS)
    scope = scope.select_related("metric").only(
        "kind", "is_public", "public_difference", "public_ratio", "metric__cumulative",
        "status", "title", "note", "decided_by",  # what the feed says of a conflict readers start or stop seeing
    ).prefetch_related(Prefetch("members", queryset=members))
    changed, member_claims, shown_changed = [], set(), []
    for conflict in scope.iterator(chunk_size=2000):
        view = selectors.conflict_public_view(conflict)
        if view != (conflict.is_public, conflict.public_difference, conflict.public_ratio):
            changed.append((conflict.pk, *view))
            member_claims.update(m.claim_id for m in conflict.members.all())
            if view[0] != conflict.is_public:
                shown_changed.append((conflict, view[0]))
    retitle_shown(conflict for conflict, shown in shown_changed if shown and conflict.kind == Conflict.Kind.MANUAL)
    for start in range(0, len(changed), 5000):
        # Derived fields, kept out of history (the decision and members are what history records);
        # one statement per batch, not one per conflict, for a full run over every conflict.
        ids, shown, differences, ratios = zip(*changed[start:start + 5000])
        with connection.cursor() as cursor:
            cursor.execute(_SET_PUBLIC_VIEW_SQL, [list(ids), list(shown), list(differences), list(ratios)])
    record_conflicts_shown(shown_changed)  # opened, or closed, for readers: in the feed with this change
    if len(changed) > 5000:
        # A full refresh: every answer once, not tens of thousands of tags.
        signals.conflicts_changed.send(sender=Conflict, conflict_ids=(), member_claim_ids=(), everything=True)
    elif changed:  # updates send no save signals
        signals.conflicts_changed.send(sender=Conflict, conflict_ids=[row[0] for row in changed],
                                       member_claim_ids=member_claims)
    recount_conflicts()  # detection may also have closed or reopened some
    return len(changed)


_SET_PUBLIC_VIEW_SQL = """
UPDATE claims_conflict c SET is_public = v.shown, public_difference = v.difference, public_ratio = v.ratio,
       public_updated_at = now()
FROM unnest(%s::bigint[], %s::boolean[], %s::float8[], %s::float8[]) AS v(id, shown, difference, ratio)
WHERE c.id = v.id
"""


def conflict_ids_of(claim: Claim) -> list[int]:
    """Return the conflicts ``claim`` is a member of."""
    return list(ConflictMember.objects.filter(claim=claim).values_list("conflict_id", flat=True))
