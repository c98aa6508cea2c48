"""Evidence of claims: add, change or delete where a claim appears, and review changes readers would see."""
from __future__ import annotations

from django.db import transaction

from claims.errors import ServiceError
from claims.models import AnchorStatus, Appearance, Claim, EvidenceStatus, Review
from claims.models.evidence import quote_too_long
from claims.selectors import is_public_claim, live_evidence
from claims.services.conflicts import conflicts_detect
from claims.services.counts import CountsTracker
from claims.services.permissions import ADD_EVIDENCE, CHANGE_EVIDENCE, DELETE_EVIDENCE, REVIEW, may, require
from sources.models import Snapshot, Source

_EVIDENCE_FIELDS = ("source", "snapshot", "quote", "quote_translation", "prefix", "suffix", "figure_text",
                    "start_offset", "end_offset", "anchor")


def _evidence_mode(claim: Claim, user) -> str:
    """Say how evidence of ``claim`` may change: "direct" (a draft), "pending" (readers see it), or refuse.

    The system itself (seed data, commands: ``user`` None) records evidence of public claims directly.
    """
    if claim.is_editable and not claim.is_public:
        return "direct"
    if is_public_claim(claim):
        return "direct" if user is None else "pending"
    raise ServiceError(
        f"Evidence is added to drafts, claims sent back, or published claims; this claim is "
        f"{claim.get_status_display().lower()}.", code="state")


def _anchor(appearance: Appearance) -> None:
    """Place the quote in its snapshot when it is there verbatim."""
    snapshot = appearance.snapshot
    if snapshot is not None and appearance.start_offset is None:
        start = snapshot.text.find(appearance.quote)
        if start >= 0:
            appearance.start_offset, appearance.end_offset = start, start + len(appearance.quote)
            appearance.anchor = AnchorStatus.EXACT


def _refresh_sums(claim: Claim) -> None:
    if claim.metric_id and claim.metric.additive:
        # Which source a part comes from decides which parts add up to a sum.
        conflicts_detect(comparison_keys=set(), family_keys={claim.family_key},
                         entity_ids=set(claim.subjects.values_list("pk", flat=True)))


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
    start_offset: int | None = None,
    end_offset: int | None = None,
    quote_translation: str = "",
    user=None,
) -> Appearance:
    """Record that ``claim`` appears in ``source`` with this exact quote, anchored when a snapshot is given.

    On a claim readers see, the new evidence waits for an editor's approval (``evidence_review``).
    """
    require(user, ADD_EVIDENCE, "add evidence")
    too_long = quote_too_long(quote)
    if too_long:  # before the row lock and the duplicate check, which would compare it in vain
        raise ServiceError(too_long, code="invalid", fields={"quote": [too_long]})
    claim = Claim.objects.select_for_update(of=("self",)).select_related("metric").get(pk=claim.pk)
    counts = CountsTracker(sources=[source.pk])
    mode = _evidence_mode(claim, user)
    appearance = Appearance(
        claim=claim, source=source, quote=quote, quote_translation=quote_translation, prefix=prefix, suffix=suffix,
        figure_text=figure_text, snapshot=snapshot, start_offset=start_offset, end_offset=end_offset, proposed_by=user,
        status=EvidenceStatus.PENDING if mode == "pending" else EvidenceStatus.APPROVED,
    )
    _anchor(appearance)
    if live_evidence().filter(claim=claim, source=source, quote=quote, replaces__isnull=True).exists():
        raise ServiceError("This quote from this source is recorded for the claim already.", code="invalid")
    appearance.full_clean(validate_unique=False, validate_constraints=False)
    appearance._history_user = user
    appearance.save()
    if mode == "direct":
        _refresh_sums(claim)
    counts.apply()
    return appearance


@transaction.atomic
def appearance_change(*, appearance: Appearance, user=None, expected_updated_at=None, **fields) -> Appearance:
    """Change an appearance's source, quote or context.

    Evidence readers see is not changed in place: the change is held as a pending appearance that
    replaces it once an editor approves. Returns the appearance that now holds the change.
    """
    require(user, CHANGE_EVIDENCE, "change evidence")
    unknown = set(fields) - set(_EVIDENCE_FIELDS)
    if unknown:
        raise ServiceError(f"these fields cannot be changed here: {', '.join(sorted(unknown))}")
    current = Appearance.objects.select_for_update(of=("self",)).select_related("claim__metric").get(pk=appearance.pk)
    if expected_updated_at is not None and current.updated_at != expected_updated_at:
        raise ServiceError("The evidence changed since you loaded it; reload and try again.", code="concurrent")
    if current.status in (EvidenceStatus.REJECTED, EvidenceStatus.APPLIED):
        raise ServiceError(f"This evidence is {current.get_status_display().lower()}; it no longer changes.",
                           code="state")
    mode = "direct" if current.status == EvidenceStatus.PENDING else _evidence_mode(current.claim, user)
    counts = CountsTracker(sources=[current.source_id, getattr(fields.get("source"), "pk", None)])
    if mode == "pending":
        if current.pending_changes.filter(status=EvidenceStatus.PENDING).exists():
            raise ServiceError("A change to this evidence is already waiting for an editor; change that one.",
                               code="state")
        target = Appearance(claim=current.claim, replaces=current, status=EvidenceStatus.PENDING, proposed_by=user,
                            **{name: getattr(current, name) for name in _EVIDENCE_FIELDS})
    else:
        target = current
    for name, value in fields.items():
        setattr(target, name, value)
    if "quote" in fields or "snapshot" in fields:
        if "start_offset" not in fields:
            target.start_offset = target.end_offset = None
            target.anchor = ""
        _anchor(target)
    target.full_clean(validate_unique=False, validate_constraints=False)
    target._history_user = user
    target.save()
    if mode == "direct" and target.status == EvidenceStatus.APPROVED:
        _refresh_sums(target.claim)
    counts.apply()
    return target


def appearance_deletable(*, appearance: Appearance, user) -> bool:
    """Say whether ``user`` may delete this appearance: never evidence readers saw or may see."""
    if not may(user, DELETE_EVIDENCE):
        return False
    return not appearance.claim.ever_published or appearance.status == EvidenceStatus.PENDING


@transaction.atomic
def appearance_delete(*, appearance: Appearance, user=None) -> None:
    """Delete evidence of a draft, or a pending change; published evidence stays (withdraw the claim)."""
    appearance = Appearance.objects.select_for_update(of=("self",)).select_related("claim__metric").get(pk=appearance.pk)
    if not appearance_deletable(appearance=appearance, user=user):
        raise ServiceError("Evidence readers may see cannot be deleted; withdraw the claim with a public note.",
                           code="permission" if not may(user, DELETE_EVIDENCE)
                           else "state")
    counts = CountsTracker(sources=[appearance.source_id])
    appearance._history_user = user
    appearance.delete()
    _refresh_sums(appearance.claim)
    counts.apply()


@transaction.atomic
def evidence_review(*, appearance: Appearance, user, approve: bool, note: str = "") -> Review:
    """Approve or reject pending evidence; approval makes it public (or applies the change it holds).

    Four eyes: whoever proposed it cannot approve it. Recorded in the claim's review log.
    """
    require(user, REVIEW, "review evidence")
    appearance = Appearance.objects.select_for_update(of=("self",)).select_related("claim__metric").get(pk=appearance.pk)
    if appearance.status != EvidenceStatus.PENDING:
        raise ServiceError(f"This evidence is {appearance.get_status_display().lower()}, not waiting for review.",
                           code="state")
    if approve and user is not None and appearance.proposed_by_id == user.pk:
        raise ServiceError("Four eyes: you cannot approve evidence you proposed.", code="four_eyes")
    note = note.strip()
    if not approve and not note:
        raise ServiceError("Say why the evidence is rejected (the note goes to whoever proposed it).", code="note")
    claim = appearance.claim
    replaced = Appearance.objects.filter(pk=appearance.replaces_id).values_list("source_id", flat=True).first() \
        if appearance.replaces_id is not None else None
    counts = CountsTracker(sources=[appearance.source_id, replaced])
    if approve and appearance.replaces_id is not None:
        original = Appearance.objects.select_for_update().get(pk=appearance.replaces_id)
        for name in _EVIDENCE_FIELDS:
            setattr(original, name, getattr(appearance, name))
        original._history_user = user
        original._change_reason = f"approved change {appearance.pk}"
        original.save()
        appearance.status = EvidenceStatus.APPLIED
    else:
        appearance.status = EvidenceStatus.APPROVED if approve else EvidenceStatus.REJECTED
    appearance._history_user = user
    appearance.save()
    action = Review.Action.APPROVE_EVIDENCE if approve else Review.Action.REJECT_EVIDENCE
    review = Review.objects.create(
        claim=claim, actor=user, action=action, from_status=claim.status, to_status=claim.status,
        note=(f"{note}\n" if note else "") + f"Evidence: “{appearance.quote[:200]}” ({appearance.source}).",
    )
    if approve:
        _refresh_sums(claim)
    counts.apply()
    return review
