"""Claims: create and edit them, and keep their derived search text and comparison keys in step."""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify

from claims import conflicts
from claims.errors import ServiceError
from claims.models import Claim, ClaimStatus, Entity, Metric, Verdict
from claims.selectors import public_aliases
from claims.services.conflicts import conflicts_detect
from claims.services.counts import CountsTracker
from claims.services.drafts import draft_write, working_copy
from claims.services.permissions import CREATE_CLAIMS, EDIT_CLAIMS, require


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
    claimant: Entity | None = None,
    claimant_role: str = "",
    created_by=None,
) -> Claim:
    """Create a claim with its subjects; the figure is read from its wording.

    Raises FigureError for a figure that cannot be read, and nothing is written. ``created_by`` None
    is the system (seed data, commands), which alone may create a claim already published.
    """
    require(created_by, CREATE_CLAIMS, "create claims")
    if status != ClaimStatus.DRAFT and created_by is not None:
        raise ServiceError("New claims start as drafts; submit them for review.", code="state")
    _check_claimant(claimant, claimant_role)
    if verdict:
        _check_verdict(verdict)
    published = status == ClaimStatus.PUBLISHED
    counts = CountsTracker()
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
        claimant=claimant,
        claimant_role=" ".join(claimant_role.split()),
        published_at=timezone.now() if published else None,
        last_approved_at=timezone.now() if published else None,
        is_public=published,
        created_by=created_by,
        last_edited_by=created_by,
    )
    claim._history_user = created_by
    claim.save()
    counts.add_created_claim(claim.pk)
    claim.subjects.set(subjects)
    claims_refresh_subjects_text(claim_ids=[claim.pk])
    if published:  # seed and imported claims that arrive already published
        _pin_published_version(claim)
    claim_refresh_comparison(claim=claim)
    counts.apply()
    return claim


CLAIMANT_KINDS = (Entity.Kind.PERSON, Entity.Kind.ORGANISATION)


def _check_claimant(claimant: Entity | None, claimant_role: str) -> None:
    """Refuse a claimant that is not a person or organisation, and a role without a claimant."""
    if claimant is not None and claimant.kind not in CLAIMANT_KINDS:
        raise ServiceError(f"{claimant} is a {claimant.get_kind_display().lower()}; a claimant is a person or an "
                           "organisation.", code="invalid", fields={"claimant": ["Choose a person or organisation."]})
    if claimant is None and claimant_role.strip():
        raise ServiceError("A claimant's role needs a claimant: name who made the claim.", code="invalid",
                           fields={"claimant_role": ["Choose the claimant this role belongs to."]})


def _check_verdict(verdict: str) -> None:
    """Refuse a verdict outside the public scale (readers' pages would have no definition to show)."""
    if verdict not in Verdict.values:
        raise ServiceError(f"{verdict!r} is not a verdict; use one of {', '.join(Verdict.values)}.", code="invalid",
                           fields={"verdict": [f"Choose one of {', '.join(Verdict.values)}."]})


def subjects_text_of(subjects: Iterable[Entity], aliases: dict[int, list[str]]) -> str:
    """Join the subjects' names and aliases, one a line, in a stable order (what search reads)."""
    return "\n".join(name for subject in sorted(subjects, key=lambda e: e.name)
                     for name in [subject.name, *sorted(aliases.get(subject.pk, []))])


def claims_refresh_subjects_text(*, claim_ids: Iterable[int] = (), entity_ids: Iterable[int] = ()) -> None:
    """Rewrite the searchable subject names of these claims, or of the claims about these entities."""
    claims = Claim.objects.filter(pk__in=list(claim_ids)) if claim_ids else \
        Claim.objects.filter(subjects__in=list(entity_ids)).distinct()
    # Search is public: only names an editor approved (selectors.public_aliases) are searchable.
    claims = list(claims.prefetch_related(Prefetch("subjects__aliases", queryset=public_aliases()))
                  .only("pk", "subjects_text"))
    for claim in claims:
        subjects = list(claim.subjects.all())
        text = subjects_text_of(subjects, {s.pk: [a.name for a in s.aliases.all()] for s in subjects})
        if text != claim.subjects_text:
            # Derived and excluded from history, so a plain update writes no history row for it.
            Claim.objects.filter(pk=claim.pk).update(subjects_text=text)


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
    allowed = {"statement", "slug", "metric", "figure_text", "period_start", "period_end", "period_label", "rationale",
               "verdict", "value", "unit", "qualifier", "count_noun", "total", "claimant", "claimant_role"}
    unknown = set(fields) - allowed
    if unknown:
        raise ServiceError(f"these fields cannot be changed here: {', '.join(sorted(unknown))}")
    require(user, EDIT_CLAIMS, "edit claims")
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if expected_updated_at is not None and claim.updated_at != expected_updated_at:
        raise ServiceError("The claim changed since you loaded it; reload and try again.", code="concurrent")
    if not claim.is_editable:
        raise ServiceError(
            f"A claim that is {claim.get_status_display().lower()} cannot be edited; "
            + ("reopen it for correction first." if claim.status == ClaimStatus.PUBLISHED else
               "an editor must send it back first."), code="state")
    current = working_copy(claim)  # a published claim's correction, drafted aside; else the claim itself
    if "claimant" in fields or "claimant_role" in fields:
        if "claimant_role" in fields:
            fields["claimant_role"] = " ".join((fields["claimant_role"] or "").split())
        _check_claimant(fields.get("claimant", current.claimant), fields.get("claimant_role", current.claimant_role))
    if "verdict" in fields:
        _check_verdict(fields["verdict"])
    previous_subject_ids = set(claim.subjects.values_list("pk", flat=True))
    if claim.is_public:
        _check_public_identity(claim, fields, subjects, previous_subject_ids)
        fields.pop("metric", None), fields.pop("slug", None)  # unchanged, as just checked
        # The row keeps what readers see; the correction waits aside until an editor approves it.
        return draft_write(claim=claim, user=user, fields=fields)
    counts = CountsTracker(claims=[claim.pk])
    if "statement" in fields and "slug" not in fields and _slug_follows(claim):
        claim.slug = ""  # the address follows the wording until readers have seen it (save() makes it anew)
    for name, value in fields.items():
        setattr(claim, name, value)
    claim.last_edited_by = user
    claim._history_user = user
    claim.save()
    if subjects is not _UNSET:
        claim.subjects.set(subjects)
        claims_refresh_subjects_text(claim_ids=[claim.pk])
    claim_refresh_comparison(claim=claim, previous_subject_ids=previous_subject_ids)
    counts.apply()
    return claim


def _check_public_identity(claim: Claim, fields: dict, subjects, previous_subject_ids: set[int]) -> None:
    """Refuse to change what a published claim is about, what it measures, or where readers find it."""
    # They decide what the claim is compared with, so they stay as approved.
    changed = [name for name, value in (("metric", fields.get("metric", claim.metric)),)
               if "metric" in fields and getattr(value, "pk", value) != claim.metric_id]
    if subjects is not _UNSET and {s.pk for s in subjects} != previous_subject_ids:
        changed.append("subjects")
    if changed:
        raise ServiceError(
            f"A published claim's {' and '.join(changed)} cannot change: they decide what readers compare "
            "it with. Withdraw it and record a new claim instead.", code="state")
    if "slug" in fields and (fields["slug"] or claim.slug) != claim.slug:
        raise ServiceError("A published claim's address cannot change: readers' links, feeds and search engines "
                           "point at it.", code="state", fields={"slug": ["Fixed once the claim is published."]})


def _slug_follows(claim: Claim) -> bool:
    """Say whether the claim's address was made from its current wording (not chosen by an editor).

    A public address made from a draft's earlier wording would show readers words nobody approved.
    """
    base = slugify(" ".join(claim.statement.split()))[:90].strip("-")
    return claim.slug == base or re.fullmatch(re.escape(base[:80]) + r".*-\d+", claim.slug) is not None


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
    old_measure = claim.measure_key
    measure = conflicts.measure_key(metric_id=claim.metric_id, subject_ids=subject_ids, has_figure=claim.has_figure)
    if (family, key, measure) != (old_family, old_key, old_measure):
        # Derived fields excluded from history, so a plain update writes no history row for them.
        Claim.objects.filter(pk=claim.pk).update(family_key=family, comparison_key=key, measure_key=measure)
        claim.family_key, claim.comparison_key, claim.measure_key = family, key, measure
    conflicts_detect(
        comparison_keys={old_key, key},
        family_keys={old_family, family},
        entity_ids=subject_ids | set(previous_subject_ids),
        measure_keys={old_measure, measure},
    )
