"""Accepting an import's candidates: draft claims or appearances, and every decision kept with its outcome.

The admin's candidate page and scripts call these, so what a decision means lives in one place.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from claims.errors import ServiceError
from claims.models import Claim, ClaimStatus, Entity, Metric
from claims.selectors import live_evidence
from claims.services import appearance_add, claim_create, reference_save
from claims.services.permissions import CREATE_CLAIMS, IMPORT_ARTICLES, may, require
from imports import candidates
from imports.detector import store
from imports.models import CandidateDecision
from sources.models import Snapshot

Outcome = CandidateDecision.Outcome


def may_decide(user) -> bool:
    """Say whether ``user`` reviews an import's candidates: who imports articles and writes claims."""
    return may(user, IMPORT_ARTICLES) and may(user, CREATE_CLAIMS)

@dataclass
class Choice:
    """An editor's decision on one candidate: a new draft claim, or an appearance of an existing claim."""

    candidate: candidates.Candidate
    statement: str = ""
    figure_text: str = ""
    metric: Metric | None = None
    subjects: list[Entity] = field(default_factory=list)
    period_label: str = ""
    attach_to: Claim | None = None
    claimant_name: str = ""  # matched to an entity by name or alias, or created as one of claimant_kind
    claimant_kind: str = Entity.Kind.PERSON
    claimant_role: str = ""


def claimant_for(*, name: str, kind: str, user) -> Entity | None:
    """Return the person or organisation named ``name`` (by name or alias), creating it when none matches.

    A name that belongs to an entity of another kind (a country, a place) is refused: the editor
    chooses another name rather than have a place made into a person.
    """
    name = " ".join(name.split())
    if not name:
        return None
    if kind not in (Entity.Kind.PERSON, Entity.Kind.ORGANISATION):
        raise ServiceError(f"A claimant is a person or an organisation, not “{kind}”.", code="invalid")
    existing = Entity.objects.matching(name).first()
    if existing is not None:
        if existing.kind not in (Entity.Kind.PERSON, Entity.Kind.ORGANISATION):
            raise ServiceError(f"“{name}” is recorded as a {existing.get_kind_display().lower()}, not a person or "
                               "organisation; name the claimant differently or leave it empty.", code="invalid")
        return existing
    return reference_save(instance=Entity(name=name, kind=kind), user=user)


def declined_keys(snapshot: Snapshot) -> set[str]:
    """Return the keys of this snapshot's candidates an editor declined."""
    return set(CandidateDecision.objects.filter(snapshot=snapshot, accepted=False).values_list("key", flat=True))


def decisions_of(snapshot: Snapshot) -> dict[str, CandidateDecision]:
    """Return the desk's decision on each decided candidate of ``snapshot``, by key, with its claim (one query)."""
    return {d.key: d for d in CandidateDecision.objects.filter(snapshot=snapshot).select_related("claim")}


@transaction.atomic
def accept_candidates(*, snapshot: Snapshot, choices: list[Choice], user=None,
                      declined: Iterable[candidates.Candidate | str] = ()) -> tuple[list[Claim], list[Claim]]:
    """Turn the chosen candidates into draft claims, or appearances of the claims they repeat.

    All or nothing: a figure that cannot be read refuses every choice (FigureError names it).
    Evidence for a published claim waits for an editor's approval (``services.appearance_add``).
    ``declined`` are the candidates (or their keys) the editor left unticked: each one not decided
    before is remembered as declined, so it is not offered ticked again, except one whose quote is
    recorded already, which is an appearance of that claim. Returns the claims created and the
    existing claims given evidence.
    """
    if not may_decide(user):  # declines alone write no claim, yet train the detector: the same people decide
        require(user, IMPORT_ARTICLES, "decide on an import's candidates")
        require(user, CREATE_CLAIMS, "decide on an import's candidates")
    outcomes: dict[str, tuple[str, int | None]] = {}
    created, attached = [], []
    for choice in choices:
        claim, made = _accept(snapshot, choice, user)
        if made:
            created.append(claim)
        elif made is False:
            attached.append(claim)
        recorded = choice.candidate.recorded
        outcomes[choice.candidate.key] = ((Outcome.CLAIM, claim.pk) if made else
                                          (Outcome.APPEARANCE, claim.pk) if claim is not None else
                                          (Outcome.APPEARANCE, recorded["id"] if recorded else None))
    declined = list(declined)
    for item in declined:
        key = item if isinstance(item, str) else item.key
        recorded = None if isinstance(item, str) else item.recorded
        if key not in outcomes:
            outcomes[key] = (Outcome.APPEARANCE, recorded["id"]) if recorded else (Outcome.DECLINED, None)
    unticked = {item if isinstance(item, str) else item.key for item in declined}
    _record_decisions(snapshot, outcomes, unticked, user, store.active().version)
    return created, attached


def _accept(snapshot: Snapshot, choice: Choice, user) -> tuple[Claim | None, bool | None]:
    """Record one chosen candidate; return its claim and whether it is new (None: nothing to add)."""
    candidate, claim = choice.candidate, choice.attach_to
    source = snapshot.source
    if claim is None and candidate.recorded:
        return None, None  # accepted before (Accept pressed again): its quote is recorded already
    made = claim is None
    if made:
        claimant = claimant_for(name=choice.claimant_name, kind=choice.claimant_kind, user=user)
        claim = claim_create(
            statement=choice.statement.strip() or candidate.quote, subjects=choice.subjects,
            metric=choice.metric, figure_text=choice.figure_text or candidate.figure_text,
            period_start=candidate.period_start, period_end=candidate.period_end,
            period_label=choice.period_label, status=ClaimStatus.DRAFT, created_by=user,
            claimant=claimant, claimant_role=choice.claimant_role if claimant else "",
        )
    elif live_evidence().filter(claim=claim, source=source, quote=candidate.quote, replaces__isnull=True).exists():
        return claim, None  # accepted twice: the appearance is there already
    worded = candidate.figure_text if candidate.figure_text != claim.figure_text else ""
    appearance_add(claim=claim, source=source, quote=candidate.quote, prefix=candidate.prefix,
                   suffix=candidate.suffix, figure_text=worded, snapshot=snapshot, user=user)
    return claim, made


def _record_decisions(snapshot: Snapshot, outcomes: dict[str, tuple[str, int | None]], unticked: set[str], user,
                      version: str) -> None:
    """Remember each answer: the candidate page shows it, and train_detector learns from it.

    A candidate left unticked keeps the decision it had: an accepted one is not declined by a later
    visit that leaves it unticked (it shows as recorded), and a declined one stays declined.
    """
    decided = set(CandidateDecision.objects.filter(snapshot=snapshot, key__in=unticked).values_list("key", flat=True))
    for key, (outcome, claim_id) in outcomes.items():
        if key in unticked and key in decided:
            continue
        CandidateDecision.objects.update_or_create(snapshot=snapshot, key=key, defaults={
            "accepted": outcome != Outcome.DECLINED, "outcome": outcome, "claim_id": claim_id,
            "decided_by": user, "detector_version": version})
