"""What readers may see: the one definition of "public", and the reads built on it.

Reader pages, the API, the feed, the sitemap, exports, search, the page cache and the validators
read through these functions; no view, serializer or admin decides visibility itself.

- A claim is public once an editor approved it, until it is withdrawn. Its row always holds the
  approved version: a correction is drafted aside (``ClaimDraft``) and reaches the row only when an
  editor approves it, so every reader query, filter, ordering, search and count reads approved values
  without knowing drafts exist. Staff read the drafts laid over the rows (``with_drafts``).
- Evidence (an appearance) is public when its claim is public and an editor approved it: evidence
  added to or changed on a public claim waits as a pending change until then.
- Sources are public when public evidence cites them or a copy of them; publishers, entities and
  metrics when a public source or claim uses them.
- A conflict is public when the approved figures of its public members still disagree, with its
  difference and ratio taken from those figures (``conflict_public_view``): a draft never makes,
  moves or hides a public disagreement.
"""
from __future__ import annotations

from collections import defaultdict

from django.db.models import Exists, F, OuterRef, Prefetch, Q

from claims import conflicts as comparisons

# The newsroom's view of drafted corrections, kept apart; named here as ever (admin, services, tests).
from claims.drafted import draft_of as draft_of
from claims.drafted import show_draft as show_draft
from claims.drafted import with_draft_values, with_drafts
from claims.models import (
    Appearance,
    Claim,
    ClaimDraft,
    ClaimStatus,
    Conflict,
    ConflictMember,
    Entity,
    EntityAlias,
    EvidenceStatus,
    Metric,
    PublicCount,
    RatingProposal,
    Review,
)
from project.prepared import Prepared
from sources.models import Publisher, Snapshot, SnapshotStatus, Source


def public_claim_q(path: str = "") -> Q:
    """Return the condition "the claim at ``path`` is public" (``path`` like "claim__" from a related model)."""
    return Q(**{f"{path}is_public": True}) & ~Q(**{f"{path}status": ClaimStatus.WITHDRAWN})


def public_evidence_q(path: str = "") -> Q:
    """Return the condition "the appearance at ``path`` is public evidence"."""
    return public_claim_q(f"{path}claim__") & Q(**{f"{path}status": EvidenceStatus.APPROVED})


def is_public_claim(claim: Claim) -> bool:
    """Say whether readers see ``claim`` (in its approved version)."""
    return claim.is_public and claim.status != ClaimStatus.WITHDRAWN


def is_public_evidence(appearance: Appearance) -> bool:
    """Say whether readers see ``appearance``."""
    return appearance.status == EvidenceStatus.APPROVED and is_public_claim(appearance.claim)


def public_claims():
    """Return the claims readers may see."""
    return Claim.objects.filter(public_claim_q())


def is_withdrawn_public(claim: Claim) -> bool:
    """Say whether readers saw ``claim`` and it was withdrawn (its page answers 410 Gone with the notice)."""
    return claim.is_public and claim.status == ClaimStatus.WITHDRAWN


def withdrawal_of(claim_id) -> Review | None:
    """Return the withdrawal readers are told of when they ask for a claim they saw and that was withdrawn."""
    claim = Claim.objects.filter(pk=claim_id, is_public=True, status=ClaimStatus.WITHDRAWN).first()
    if claim is None:
        return None
    return claim.reviews.filter(action=Review.Action.WITHDRAW).order_by("-created_at").first() or Review(claim=claim)


def moved_address(model, slug: str) -> str | None:
    """Return where readers now find the public claim, entity or source that ``slug`` once addressed, if any.

    Claims keep their address once public; an address readers saw before that rule, or an entity's or
    source's address an editor changed, answers 301 to the current one instead of 404.
    """
    public = {Claim: public_claims, Entity: public_entities, Source: public_sources}[model]
    earlier = model.history.filter(slug=slug)
    if model is Claim:
        earlier = earlier.filter(is_public=True)  # only addresses readers could have seen
    return public().filter(pk__in=earlier.values("id")).exclude(slug=slug).values_list("slug", flat=True).first()


def public_appearances():
    """Return the evidence readers may see."""
    return Appearance.objects.filter(public_evidence_q())


def live_evidence():
    """Return the evidence still in play: approved, or waiting for an editor (not rejected or applied)."""
    return Appearance.objects.filter(status__in=[EvidenceStatus.APPROVED, EvidenceStatus.PENDING])


def approved_evidence():
    """Return the appearances an editor approved, for prefetching under public claims."""
    return Appearance.objects.filter(status=EvidenceStatus.APPROVED)


def public_sources():
    """Return the sources readers may see: cited by public evidence, or copied by a source that is."""
    cited = public_appearances()
    return Source.objects.filter(Exists(cited.filter(source=OuterRef("pk")))
                                 | Exists(cited.filter(source__original=OuterRef("pk"))))


def shown_snapshots():
    """Return the captures readers may read, latest first: a source shows its first one (pending ones wait)."""
    return Snapshot.objects.filter(status=SnapshotStatus.APPROVED).order_by("-captured_at")


def shown_snapshot(source: Source) -> Snapshot | None:
    """Return the capture of ``source`` readers read: its latest one an editor approved."""
    return shown_snapshots().filter(source=source).first()


def public_publishers():
    """Return the publishers of public sources."""
    return Publisher.objects.filter(Exists(public_sources().filter(publisher=OuterRef("pk"))))


def public_entities():
    """Return the entities public claims are about or were made by (their claimants)."""
    return Entity.objects.filter(Exists(Claim.subjects.through.objects.filter(
        public_claim_q("claim__"), entity=OuterRef("pk"))) | Exists(public_claims().filter(claimant=OuterRef("pk"))))


def public_metrics():
    """Return the metrics public claims measure."""
    return Metric.objects.filter(Exists(public_claims().filter(metric=OuterRef("pk"))))


def is_public_reference(instance) -> bool:
    """Say whether readers see this source, publisher, entity, alias or metric (one query)."""
    if isinstance(instance, EntityAlias):
        if instance.pk is not None and instance.status != EntityAlias.Status.APPROVED:
            return False  # a name waiting for an editor is shown to nobody outside the newsroom
        instance = instance.entity
    chosen = {Source: public_sources, Publisher: public_publishers, Entity: public_entities,
              Metric: public_metrics}.get(type(instance))
    if chosen is None or instance.pk is None:
        return False
    return chosen().filter(pk=instance.pk).exists()


def public_members():
    """Return conflict memberships of public claims."""
    return ConflictMember.objects.filter(public_claim_q("claim__"))


def public_conflict_rows():
    """Return the conflicts readers may see, as plain rows (for counts)."""
    return Conflict.objects.filter(is_public=True)


def public_conflict_figures():
    """Return the conflicts readers may see with the figures shown to them (no members: for value reads)."""
    return public_conflict_rows().annotate(
        shown_difference=F("public_difference"), shown_ratio=F("public_ratio"), shown_updated_at=F("public_updated_at"))


# A conflict's members as pages list them: whole figures by their low end, then a sum's parts.
MEMBER_ORDER = ("is_part", F("claim__canonical_lower").asc(nulls_last=True), "id")


def public_conflicts():
    """Return the conflicts readers may see, each with its public members (claims not yet as approved)."""
    return public_conflict_figures().select_related("metric").prefetch_related(
        Prefetch("members", queryset=public_members().select_related("claim__metric").order_by(*MEMBER_ORDER)),
        Prefetch("members__claim__appearances",
                 queryset=approved_evidence().select_related("source__publisher").order_by("id")),
    )


def _in_open_public_conflict_q() -> Q:
    return Q(conflict__is_public=True, conflict__status=Conflict.Status.OPEN)


def open_public_conflict_members():
    """Return memberships in open public conflicts (the "has a disagreement" badge)."""
    return public_members().filter(_in_open_public_conflict_q())


def in_open_public_conflict() -> Exists:
    """Return the condition "this claim is in an open public conflict", for filters over ``public_claims()``.

    The member's claim is the outer claim, public already, so the probe reads memberships and
    conflicts only: joined to the claims again (``open_public_conflict_members``), the planner hashed
    every public claim to count one metric's matches (22 ms against 3 ms at 100,000 claims).
    """
    return Exists(ConflictMember.objects.filter(_in_open_public_conflict_q(), claim=OuterRef("pk")))


def public_corrections():
    """Return the correction notes readers see: one per correction, on the approval that published it.

    However many approvals a correction needed, only the step that publishes carries a note readers
    see (earlier approvals' notes stay with the newsroom; the last one is carried forward).
    """
    return Review.objects.filter(public_claim_q("claim__"), to_status=ClaimStatus.PUBLISHED,
                                 action__in=[Review.Action.APPROVE, Review.Action.APPROVE_RATING]).exclude(public_note="")


def published_approvals():
    """Return the approvals and submissions that say who checked each claim (``checked_by`` reads them)."""
    rating_steps = [Review.Action.PROPOSE_RATING, Review.Action.APPROVE_RATING]
    return Review.objects.filter(
        Q(action__in=[Review.Action.SUBMIT, Review.Action.APPROVE])
        | Q(action__in=rating_steps, rating__status=RatingProposal.Status.PUBLISHED)
    ).select_related("actor").order_by("created_at", "id")


def checked_by(reviews) -> list:
    """Return the editors whose approvals published the version readers see (its last approval round).

    ``reviews`` are one claim's ``published_approvals()`` in order. Approvals of a round still in
    review are not named: readers see the previous approved version. A published rating names who
    proposed it and who approved it, unless a later approval round published another version.
    """
    round_, published = [], []
    for review in reviews:
        if review.rating_id is not None:  # a published rating: who proposed it and who approved it
            if not (published and published[0].rating_id == review.rating_id):
                published = []
            published.append(review)
        elif review.action == Review.Action.SUBMIT:
            round_ = []
        elif review.action == Review.Action.APPROVE:
            round_.append(review)
            if review.to_status == ClaimStatus.PUBLISHED:
                published = round_
    editors = []
    for review in published:
        if review.actor is not None and review.actor not in editors:
            editors.append(review.actor)
    return editors


def shown_to_readers(instance) -> bool:
    """Say whether a saved or deleted row could change what readers see (the page cache's question)."""
    if isinstance(instance, Claim):
        return instance.is_public  # withdrawn claims stay flagged public: their page turns into a 410
    if isinstance(instance, Appearance):
        return instance.status == EvidenceStatus.APPROVED and instance.claim.is_public
    if isinstance(instance, ClaimDraft):
        return False  # a correction drafted aside reaches readers only through the approval's save
    if isinstance(instance, EntityAlias):
        return instance.status == EntityAlias.Status.APPROVED
    if isinstance(instance, Snapshot):
        return instance.status == SnapshotStatus.APPROVED
    return True


# --- Who reads what ------------------------------------------------------------------------------------

def sees_drafts(user) -> bool:
    """Say whether ``user`` reads everything (staff with view permission) or only what is public."""
    return bool(user is not None and user.is_authenticated and user.is_staff and user.has_perm("claims.view_claim"))


def claims_for(user):
    """Return the claims ``user`` may read."""
    return Claim.objects.all() if sees_drafts(user) else public_claims()


def evidence_for(user, *, claim_readable: bool = False):
    """Return the appearances ``user`` may read (``claim_readable``: of claims read by ``claims_for``, not rejoined)."""
    if sees_drafts(user):
        return Appearance.objects.all()
    return Appearance.objects.filter(status=EvidenceStatus.APPROVED) if claim_readable else public_appearances()


def sources_for(user):
    return Source.objects.all() if sees_drafts(user) else public_sources()


def publishers_for(user):
    return Publisher.objects.all() if sees_drafts(user) else public_publishers()


def entities_for(user):
    return Entity.objects.all() if sees_drafts(user) else public_entities()


def public_aliases():
    """Return the names readers see: approved aliases (pending ones wait for an editor)."""
    return EntityAlias.objects.filter(status=EntityAlias.Status.APPROVED)


def aliases_for(user):
    """Return the entity aliases ``user`` may read: those of the entities they may read (readers: approved)."""
    if sees_drafts(user):
        return EntityAlias.objects.all()
    return public_aliases().filter(entity__in=public_entities())


def metrics_for(user):
    return Metric.objects.all() if sees_drafts(user) else public_metrics()


def conflict_members_for(user):
    """Return the conflict memberships ``user`` may read (readers: those of public claims)."""
    return ConflictMember.objects.all() if sees_drafts(user) else public_members()


def open_conflict_members_for(user, *, claim_readable: bool = False):
    """Return the memberships in open conflicts ``user`` may read (readers: public ones; ``claim_readable``: as above)."""
    if sees_drafts(user):
        return ConflictMember.objects.filter(conflict__status=Conflict.Status.OPEN)
    return ConflictMember.objects.filter(_in_open_public_conflict_q()) if claim_readable else open_public_conflict_members()


def in_open_conflict_for(user) -> Exists:
    """Return the condition "this claim is in an open conflict ``user`` may read", over ``claims_for(user)``."""
    if sees_drafts(user):
        return Exists(ConflictMember.objects.filter(claim=OuterRef("pk"), conflict__status=Conflict.Status.OPEN))
    return in_open_public_conflict()


def conflicts_for(user):
    """Return the conflicts ``user`` may read, with the members they may read prefetched."""
    if not sees_drafts(user):
        return public_conflicts()
    return Conflict.objects.annotate(shown_difference=F("difference"), shown_ratio=F("ratio"),
                                     shown_updated_at=F("updated_at")).select_related(
        "metric").prefetch_related(
        Prefetch("members", queryset=ConflictMember.objects.select_related("claim__metric")
                 .order_by("is_part", F("claim__canonical_lower").asc(nulls_last=True), "id")),
        Prefetch("members__claim__appearances", queryset=Appearance.objects.select_related("source__publisher")
                 .order_by("id")))


def for_reader(user, claims: list[Claim]) -> list[Claim]:
    """Show claims to ``user``: readers get the rows (approved versions), staff the corrections they draft."""
    return with_drafts(claims) if sees_drafts(user) else claims


def conflict_public_view(conflict: Conflict) -> tuple[bool, float | None, float | None]:
    """Say whether readers see ``conflict``, and its difference and ratio, from approved public figures.

    ``conflict.members`` must hold every member with its claim and metric (prefetched). A figure
    conflict is public only while the approved figures of its public members still disagree.
    """
    members = [m for m in conflict.members.all() if is_public_claim(m.claim)]
    if conflict.kind == Conflict.Kind.MANUAL:
        return len(members) >= 2, None, None
    cumulative = bool(conflict.metric and conflict.metric.cumulative)
    figures = [comparisons.Figure(m.claim.canonical_lower, m.claim.canonical_upper, m.claim.canonical_value,
                                  m.claim.period_end)
               for m in members if not m.is_part and m.claim.canonical_value is not None]
    parts = [m.claim for m in members if m.is_part]
    if parts and len(parts) == sum(1 for m in conflict.members.all() if m.is_part):
        figures.append(comparisons.sum_of(
            [comparisons.Figure(c.canonical_lower, c.canonical_upper, c.canonical_value, None) for c in parts]))
    if not comparisons.disagree(figures, cumulative=cumulative):
        return False, None, None
    difference, ratio = comparisons.spread(figures)
    return True, difference, ratio


def shown_state(user, *, status: str, updated_at, last_approved_at) -> tuple[str, object]:
    """Return the status and last change ``user`` sees of a claim they may read.

    Readers see a public claim as published, last changed when it was last approved: a correction
    being drafted, submitted or sent back changes no byte or validator they read. Staff see the
    workflow state and the last edit.
    """
    if sees_drafts(user):
        return status, updated_at
    return ClaimStatus.PUBLISHED.value, last_approved_at


def for_reader_values(user, rows: list[dict]) -> list[dict]:
    """Show claim rows to ``user``: readers get the rows (approved versions), staff the drafted corrections."""
    return with_draft_values(rows) if sees_drafts(user) else rows


_TOTALS = Prepared(lambda: PublicCount.objects.values("name", "value"))  # compiled once: read by every list


def public_totals() -> dict[str, int]:
    """Return the public totals (``PublicCount``, kept by the services): claims, rated, sources, conflicts…"""
    # A total not stored yet is zero: the services create each row with its first change.
    return defaultdict(int, {row["name"]: row["value"] for row in _TOTALS()})
