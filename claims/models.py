"""Entities, metrics, claims and their appearances in sources."""
from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, ProtectedError, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from claims import figures
from sources.models import Snapshot, Source, unique_slug


def contains_pattern(text: str) -> str:
    """Return an ILIKE pattern matching ``text`` anywhere, its wildcards taken literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class EntityQuerySet(models.QuerySet):
    def matching(self, name: str):
        """Filter entities whose name or any alias is ``name``, ignoring case."""
        name = " ".join(name.split())
        return self.filter(Q(name__iexact=name) | Q(aliases__name__iexact=name)).distinct()

    def containing(self, text: str):
        """Filter entities whose name or any alias contains ``text``, ignoring case.

        Two single-table lookups joined by UNION, each answered by a trigram index where the server has
        pg_trgm (migration 0017); an OR across the alias join, as Django writes it, reads both tables.
        """
        pattern = contains_pattern(" ".join(text.split()))
        return self.filter(pk__in=RawSQL(
            "SELECT id FROM claims_entity WHERE name ILIKE %s UNION SELECT entity_id FROM claims_entityalias "
            "WHERE name ILIKE %s", [pattern, pattern]))


class Entity(models.Model):
    class Kind(models.TextChoices):
        PLACE = "place", "Place"
        REGION = "region", "Region"
        COUNTRY = "country", "Country"
        TREATY = "treaty", "Treaty or agreement"
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        EVENT = "event", "Event"
        INFRASTRUCTURE = "infrastructure", "Infrastructure"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = EntityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entities"
        constraints = [models.UniqueConstraint(Lower("name"), name="entity_name_unique_ci")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("entity-detail", args=[self.slug])

    def save(self, *args, **kwargs):
        self.name = " ".join(self.name.split())
        if not self.slug:
            self.slug = unique_slug(Entity, self.name, instance_pk=self.pk)
        super().save(*args, **kwargs)


class EntityAlias(models.Model):
    """Another name for an entity ("Treaty of Beijing" for the Convention of Peking)."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    note = models.CharField(max_length=200, blank=True, help_text='Where the name is used, e.g. "in China".')
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entity aliases"
        constraints = [models.UniqueConstraint(Lower("name"), name="entity_alias_unique_ci")]

    def __str__(self):
        return self.name

    def clean(self):
        self.name = " ".join(self.name.split())
        clash = Entity.objects.filter(name__iexact=self.name).exclude(pk=self.entity_id).first()
        if clash:
            raise ValidationError({"name": f'"{self.name}" is already the name of another entity, {clash}.'})

    def save(self, *args, **kwargs):
        self.name = " ".join(self.name.split())
        super().save(*args, **kwargs)


class Metric(models.Model):
    """What a figure measures, and how figures for it combine."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    description = models.TextField(blank=True)
    canonical_unit = models.CharField(
        max_length=30, help_text="Figures are compared in this unit, e.g. km², count, m³/yr, year."
    )
    dimension = models.CharField(max_length=40, editable=False)
    additive = models.BooleanField(
        default=False, help_text="Parts add up: the figures for two territories sum to the figure for both."
    )
    cumulative = models.BooleanField(
        default=False, help_text='Only grows over time ("met over 40 times since 2012").'
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="metric_name_unique_ci")]

    def __str__(self):
        return f"{self.name} ({self.canonical_unit})"

    def clean(self):
        try:
            self.canonical_unit = figures.normalise_unit(self.canonical_unit)
        except figures.FigureError as exc:
            raise ValidationError({"canonical_unit": str(exc)}) from exc

    def save(self, *args, **kwargs):
        self.canonical_unit = figures.normalise_unit(self.canonical_unit)
        self.dimension = figures.dimension_of(self.canonical_unit)
        if not self.slug:
            self.slug = unique_slug(Metric, self.name, instance_pk=self.pk)
        super().save(*args, **kwargs)


class Verdict(models.TextChoices):
    NOT_YET_RATED = "not_yet_rated", "Not yet rated"
    ACCURATE = "accurate", "Accurate"
    MOSTLY_ACCURATE = "mostly_accurate", "Mostly accurate"
    MISLEADING = "misleading", "Misleading"
    INACCURATE = "inaccurate", "Inaccurate"
    UNSUPPORTED = "unsupported", "Unsupported"


VERDICT_DEFINITIONS = {
    Verdict.ACCURATE: "The claim is correct and nothing significant is missing.",
    Verdict.MOSTLY_ACCURATE: "The claim is correct but needs clarification or additional information.",
    Verdict.MISLEADING: "The claim contains correct facts but leaves a false impression.",
    Verdict.INACCURATE: "The claim is not correct.",
    Verdict.UNSUPPORTED: "The evidence available neither supports nor refutes the claim.",
    Verdict.NOT_YET_RATED: "Editors have transcribed and sourced the claim but not yet rated it.",
}
# ClaimReview ratingValue on a 1–5 scale (5 = accurate); unrated and unsupported claims carry none.
VERDICT_RATING = {
    Verdict.ACCURATE: 5,
    Verdict.MOSTLY_ACCURATE: 4,
    Verdict.MISLEADING: 2,
    Verdict.INACCURATE: 1,
}


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


def _count_of(queryset) -> models.Subquery:
    """Count a correlated queryset's rows as one scalar subquery: SELECT COUNT(id) … (no GROUP BY)."""
    counted = queryset.order_by().annotate(n=models.Func(models.F("pk"), function="COUNT")).values("n")
    return models.Subquery(counted, output_field=models.IntegerField())


def independent_sources(path: str = "") -> models.Count:
    """Count the independent origins a claim appears in (at ``path``): a repost counts as its original."""
    return models.Count(Coalesce(f"{path}appearances__source__original_id", f"{path}appearances__source_id"),
                        distinct=True)


# Pages word the same figures again and again (cards, sides, tables, charts) and parsing the wording
# costs about 0.1 ms, so each wording is kept. The key holds the value as written: 1.5 and 1.50 are
# equal Decimals but need not be worded alike.
_STATED: dict[tuple, str] = {}
_STATED_MAX = 20_000


def stated_figure(value, unit: str, qualifier: str, count_noun: str, figure_text: str) -> str:
    """Word a claim's figure in its stated unit for readers ("" without a figure)."""
    if value is None:
        return ""
    key = (type(value), str(value), unit, str(qualifier), count_noun, figure_text)
    wording = _STATED.get(key)
    if wording is None:
        if len(_STATED) >= _STATED_MAX:
            _STATED.clear()
        upper = None
        if figure_text:
            try:  # the top of a range ("9–11 exercises") lives only in the wording
                upper = figures.parse_figure(figure_text).range_end
            except figures.FigureError:
                upper = None
        wording = _STATED[key] = figures.describe(value, unit, qualifier, count_noun, upper=upper)
    return wording


class ClaimQuerySet(models.QuerySet):
    def needing_review(self):
        """Filter claims waiting for a reviewer, oldest submission first."""
        return self.filter(status=ClaimStatus.IN_REVIEW).order_by("submitted_at", "id")

    def live(self):
        """Filter claims still in play: neither rejected nor withdrawn."""
        return self.exclude(status__in=[ClaimStatus.REJECTED, ClaimStatus.WITHDRAWN])

    def with_open_conflicts(self):
        """Annotate how many open conflicts each claim is part of, and the first of them.

        A correlated subquery, not a join: COUNT(*) for pagination can then drop it (a grouped join
        would make the admin count every claim's rows first).
        """
        open_memberships = ConflictMember.objects.filter(claim=models.OuterRef("pk"), conflict__status="open")
        return self.annotate(
            open_conflict_count=_count_of(open_memberships),
            # The badge links straight to the conflict when there is one.
            first_open_conflict_id=models.Subquery(open_memberships.order_by("conflict_id").values("conflict_id")[:1]),
        )

    def for_admin(self):
        """Fetch what the admin changelist shows, in a fixed number of queries."""
        return (
            self.select_related("metric")
            .prefetch_related("subjects")
            .annotate(appearance_count=_count_of(Appearance.objects.filter(claim=models.OuterRef("pk"))))
            .with_open_conflicts()
        )

    def for_reader(self):
        """Fetch a claim with its subjects, metric and appearances (with sources) for display."""
        return self.select_related("metric").prefetch_related(
            "subjects",
            models.Prefetch(
                "appearances",
                queryset=Appearance.objects.select_related("source__publisher", "source__original").order_by(
                    F("source__published_on").asc(nulls_last=True), "id"
                ),
            ),
        )


class Claim(models.Model):
    """One checkable statement, usually with a figure, about one or more entities."""

    Status = ClaimStatus
    Verdict = Verdict

    slug = models.SlugField(max_length=100, unique=True, blank=True)
    statement = models.TextField(help_text="One self-contained sentence, written by an editor.")
    subjects = models.ManyToManyField(Entity, related_name="claims", blank=True)
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, null=True, blank=True, related_name="claims")

    # The figure as the claim states it.
    figure_text = models.CharField(
        max_length=300, blank=True, help_text='As worded, e.g. "approximately 150,000 square miles".'
    )
    value = models.DecimalField(max_digits=30, decimal_places=6, null=True, blank=True)
    unit = models.CharField(max_length=30, blank=True)
    qualifier = models.CharField(
        max_length=20, choices=[(q.value, q.value.replace("_", " ")) for q in figures.Qualifier],
        default=figures.Qualifier.EXACT,
    )
    count_noun = models.CharField(max_length=100, blank=True, help_text='What a count counts: "exercises".')
    total = models.DecimalField(
        max_digits=30, decimal_places=6, null=True, blank=True, help_text='"17 of its 23": the 23.'
    )
    # The same figure in the metric's canonical unit; None on a side means unbounded.
    canonical_value = models.FloatField(null=True, blank=True, editable=False)
    canonical_lower = models.FloatField(null=True, blank=True, editable=False)
    canonical_upper = models.FloatField(null=True, blank=True, editable=False)

    # Claims with equal comparison keys measure the same thing and can be compared; claims with
    # equal family keys share metric and period (an additive metric's parts and sums).
    # Maintained by services.claim_refresh_comparison; derived, so kept out of history.
    comparison_key = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    family_key = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    # Metric and subjects without the period: claims over nested periods compare through it.
    measure_key = models.CharField(max_length=32, blank=True, db_index=True, editable=False)

    # Who made the claim (a person or organisation), as the source attributes it.
    claimant = models.ForeignKey(
        Entity, on_delete=models.PROTECT, null=True, blank=True, related_name="claims_made",
        limit_choices_to={"kind__in": ["person", "organisation"]},
        help_text="The person or organisation that made the claim.",
    )
    claimant_role = models.CharField(
        max_length=200, blank=True, help_text='Their role when they said it: "Foreign Minister of Russia".'
    )
    # The subjects' names and aliases, so search finds a claim by what it is about. Derived
    # (services.claim_refresh_subjects_text keeps it in step), so kept out of history.
    subjects_text = models.TextField(blank=True, editable=False)

    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True, help_text="For cumulative figures: the as-of date.")
    period_label = models.CharField(max_length=100, blank=True, help_text='As worded: "since 2012", "in 2024".')

    status = models.CharField(max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT)
    verdict = models.CharField(max_length=20, choices=Verdict.choices, default=Verdict.NOT_YET_RATED)
    rationale = models.TextField(blank=True, help_text="Why the verdict; Markdown.")
    published_at = models.DateTimeField(null=True, blank=True, help_text="First published.")
    # Once approved, a claim stays public (in its last approved version) while it is reopened for
    # correction, until it is withdrawn. published_history_id points at that approved version.
    is_public = models.BooleanField(default=False, editable=False)
    published_history_id = models.BigIntegerField(null=True, blank=True, editable=False)
    last_approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="assigned_claims",
        help_text="The editor asked to review it.",
    )

    # Stored and GIN-indexed, so search never computes vectors per row at query time.
    search_vector = models.GeneratedField(
        # What the claim says and what it is about weigh most; its figure, and the rationale
        # (related text that names other things), less: a claim about the query ranks first.
        expression=SearchVector("statement", "subjects_text", weight="A", config="english")
        + SearchVector("figure_text", "period_label", weight="C", config="english")
        + SearchVector("rationale", weight="D", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # The subjects alone, to rank a claim about the query (few subjects, all matching) above one
    # that names it among others; read only for rows the indexed search_vector already matched.
    subjects_vector = models.GeneratedField(
        expression=SearchVector("subjects_text", config="english"), output_field=SearchVectorField(), db_persist=True,
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(
        m2m_fields=[subjects],
        excluded_fields=["comparison_key", "family_key", "measure_key", "published_history_id", "search_vector",
                         "subjects_text", "subjects_vector"],
    )

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        permissions = [
            ("review_claim", "Can approve, reject and send back claims"),
            ("withdraw_claim", "Can withdraw published claims"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(statement=""), name="claim_statement_not_empty"),
            models.CheckConstraint(
                condition=Q(value__isnull=True, unit="") | (Q(value__isnull=False) & ~Q(unit="")),
                name="claim_figure_has_value_and_unit",
            ),
            models.CheckConstraint(condition=Q(value__isnull=True) | Q(value__gte=0), name="claim_value_not_negative"),
            models.CheckConstraint(
                condition=Q(total__isnull=True) | Q(total__gte=F("value")), name="claim_part_not_above_total"
            ),
            models.CheckConstraint(
                condition=Q(canonical_lower__isnull=True)
                | Q(canonical_upper__isnull=True)
                | Q(canonical_lower__lte=F("canonical_upper")),
                name="claim_interval_ordered",
            ),
            models.CheckConstraint(
                condition=Q(canonical_lower__isnull=True) | Q(canonical_lower__gte=0),
                name="claim_interval_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_start__lte=F("period_end")),
                name="claim_period_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status=ClaimStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="claim_published_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=ClaimStatus.PUBLISHED) | Q(is_public=True), name="claim_published_is_public"
            ),
            models.CheckConstraint(
                condition=Q(is_public=False) | Q(last_approved_at__isnull=False, published_at__isnull=False),
                name="claim_public_was_approved",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["metric", "status"]),
            # The admin's default order, with the primary key Django adds to make it total: without
            # the id a page sorted every claim whose updated_at ties (a bulk import's rows all do).
            models.Index(F("updated_at").desc(), F("id").desc(), name="claim_updated_order"),
            # Readers' lists and counts: exactly the claims readers see, newest approval first, with
            # what the home page counts, so counting them is an index-only scan.
            models.Index(F("last_approved_at").desc(), F("id").desc(), name="claim_visible_recent",
                         condition=Q(is_public=True) & ~Q(status=ClaimStatus.WITHDRAWN), include=["verdict", "value"]),
            GinIndex(fields=["search_vector"], name="claim_search_vector_gin"),
        ]

    def __str__(self):
        return self.statement if len(self.statement) <= 80 else self.statement[:79] + "…"

    def get_absolute_url(self):
        return reverse("claim-detail", args=[self.slug])

    @property
    def has_figure(self) -> bool:
        return self.value is not None

    @property
    def stated_figure(self) -> str:
        """Word the figure in its stated unit for readers."""
        return stated_figure(self.value, self.unit, self.qualifier, self.count_noun, self.figure_text)

    @property
    def canonical_interval(self) -> figures.Interval | None:
        if not self.has_figure or self.metric_id is None:
            return None
        return figures.Interval(self.canonical_lower, self.canonical_upper)

    @property
    def canonical_figure(self) -> str:
        """Word the normalised interval for readers: "893,546–919,446 km²", "900,000 km² or more"."""
        interval = self.canonical_interval
        if interval is None:
            return ""
        unit = "" if self.metric.canonical_unit in (figures.COUNT, figures.YEAR) \
            else f" {figures.word_unit(self.metric.canonical_unit)}"
        low, high = figures.word_number(interval.lower), figures.word_number(interval.upper)
        if interval.upper is None:
            return f"{low}{unit} or more"
        if interval.lower is None:
            return f"up to {high}{unit}"
        if interval.lower == interval.upper:
            return f"{low}{unit}"
        return f"{low}–{high}{unit}"

    def clean(self):
        try:
            self.normalise_figure()
        except figures.FigureError as exc:
            raise ValidationError({"figure_text": str(exc)}) from exc

    def normalise_figure(self):
        """Fill value, unit and qualifier from the wording, and the canonical interval from the metric.

        The wording wins when given; a figure entered as value + unit without wording is worded.
        """
        parsed = None
        if self.figure_text.strip():
            parsed = figures.parse_figure(self.figure_text)
            self.figure_text = " ".join(self.figure_text.split())
            self.value, self.unit, self.qualifier = parsed.value, parsed.unit, parsed.qualifier
            self.count_noun = self.count_noun or parsed.noun
            self.total = parsed.total
        elif self.value is not None:
            self.unit = figures.normalise_unit(self.unit)
        if self.value is None:
            self.unit, self.canonical_value, self.canonical_lower, self.canonical_upper = "", None, None, None
            return
        if self.metric_id is None:
            self.canonical_value = self.canonical_lower = self.canonical_upper = None
            return
        target = self.metric.canonical_unit
        # The wording's own interval keeps what value and unit cannot: the top of a range ("9–11").
        interval = parsed.interval if parsed is not None else figures.figure_interval(self.value, self.unit,
                                                                                      self.qualifier)
        self.canonical_value = figures.convert(self.value, self.unit, target)
        self.canonical_lower = None if interval.lower is None else figures.convert(interval.lower, self.unit, target)
        self.canonical_upper = None if interval.upper is None else figures.convert(interval.upper, self.unit, target)

    def save(self, *args, **kwargs):
        if getattr(self, "_shows_published_version", False):
            raise RuntimeError("this instance shows readers an approved version; reload the claim to change it")
        self.statement = " ".join(self.statement.split())
        for name in ("period_start", "period_end"):
            # Accept ISO strings from commands and APIs; comparison keys need real dates.
            setattr(self, name, self._meta.get_field(name).to_python(getattr(self, name)))
        self.normalise_figure()
        if not self.slug:
            self.slug = unique_slug(Claim, self.statement, instance_pk=self.pk, max_length=90)
        super().save(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        """Say whether the content may change: only drafts and claims sent back to their author."""
        return self.status in (ClaimStatus.DRAFT, ClaimStatus.CHANGES_REQUESTED)

    def delete(self, *args, **kwargs):
        if self.is_public or self.status == ClaimStatus.WITHDRAWN:
            raise ProtectedError("A claim that was published cannot be deleted; withdraw it with a public note.",
                                 {self})
        return super().delete(*args, **kwargs)



class ReviewQueueItem(Claim):
    """Claims waiting for review, as the admin's review queue lists them."""

    class Meta:
        proxy = True
        verbose_name = "claim to review"
        verbose_name_plural = "claims to review"


class Review(models.Model):
    """One step of the editorial workflow: who moved the claim from which state to which, and why."""

    class Action(models.TextChoices):
        SUBMIT = "submit", "Submitted for review"
        APPROVE = "approve", "Approved"
        REQUEST_CHANGES = "request_changes", "Changes requested"
        REJECT = "reject", "Rejected"
        REOPEN = "reopen", "Reopened for correction"
        WITHDRAW = "withdraw", "Withdrawn"
        ASSIGN = "assign", "Assigned"
        APPROVE_EVIDENCE = "approve_evidence", "Evidence approved"
        REJECT_EVIDENCE = "reject_evidence", "Evidence rejected"

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="reviews")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    from_status = models.CharField(max_length=20, choices=ClaimStatus.choices)
    to_status = models.CharField(max_length=20, choices=ClaimStatus.choices)
    note = models.TextField(blank=True, help_text="For the newsroom.")
    public_note = models.TextField(blank=True, help_text="For readers: a correction or withdrawal notice.")
    is_correction = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["claim", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(is_correction=False) | ~Q(public_note=""),
                                   name="review_correction_has_public_note"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} by {self.actor or 'system'} ({self.created_at:%Y-%m-%d %H:%M})"


class AnchorStatus(models.TextChoices):
    EXACT = "exact", "Found as quoted"
    FUZZY = "fuzzy", "Found with small changes"
    MISSING = "missing", "The source changed: quote no longer found"


class EvidenceStatus(models.TextChoices):
    APPROVED = "approved", "Approved"
    # Added to, or changing, the evidence of a claim readers see: held until an editor approves it.
    PENDING = "pending", "Waiting for an editor"
    REJECTED = "rejected", "Rejected"
    # A pending change an editor approved: its content was copied onto the appearance it changes.
    APPLIED = "applied", "Applied"


class Appearance(models.Model):
    """A claim as it appears in one source: the exact quote and where it sits."""

    Status = EvidenceStatus

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="appearances")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="appearances")
    snapshot = models.ForeignKey(
        Snapshot, on_delete=models.PROTECT, null=True, blank=True, related_name="appearances"
    )
    quote = models.TextField(help_text="Verbatim from the source.")
    # W3C TextQuoteSelector: the text just before and after the quote, to find it again after edits.
    prefix = models.CharField(max_length=300, blank=True)
    suffix = models.CharField(max_length=300, blank=True)
    start_offset = models.PositiveIntegerField(null=True, blank=True)
    end_offset = models.PositiveIntegerField(null=True, blank=True)
    figure_text = models.CharField(
        max_length=300, blank=True, help_text="The figure as this source words it, when it words it differently."
    )
    anchor = models.CharField(
        max_length=10, choices=AnchorStatus.choices, blank=True,
        help_text="How the quote was found in the source's latest snapshot.",
    )
    status = models.CharField(max_length=10, choices=EvidenceStatus.choices, default=EvidenceStatus.APPROVED,
                              editable=False)
    replaces = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="pending_changes", editable=False,
        help_text="The approved appearance this pending change would change.",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "source", "quote"], name="appearance_unique_quote_live",
                condition=Q(replaces__isnull=True) & Q(status__in=["approved", "pending"]),
            ),
            models.UniqueConstraint(fields=["replaces"], condition=Q(status="pending"),
                                    name="appearance_one_pending_change"),
            models.CheckConstraint(condition=~Q(quote=""), name="appearance_quote_not_empty"),
            models.CheckConstraint(
                condition=Q(start_offset__isnull=True, end_offset__isnull=True)
                | Q(start_offset__isnull=False, end_offset__isnull=False, start_offset__lt=F("end_offset")),
                name="appearance_offsets_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.source} — “{self.quote[:60]}”"

    def clean(self):
        if self.snapshot_id and self.snapshot.source_id != self.source_id:
            raise ValidationError({"snapshot": "The snapshot belongs to another source."})
        if self.snapshot_id and self.start_offset is not None and self.anchor != AnchorStatus.FUZZY:
            if self.snapshot.text[self.start_offset:self.end_offset] != self.quote:
                raise ValidationError({"quote": "The quote is not at these offsets in the snapshot."})
        if self.figure_text:
            try:
                figures.parse_figure(self.figure_text)
            except figures.FigureError as exc:
                raise ValidationError({"figure_text": str(exc)}) from exc


class PendingEvidence(Appearance):
    """Evidence waiting for an editor, as the review desk lists it."""

    class Meta:
        proxy = True
        verbose_name = "evidence to review"
        verbose_name_plural = "evidence to review"


class ConflictStatus(models.TextChoices):
    OPEN = "open", "Open"
    EXPLAINED = "explained", "Explained (both can stand)"
    RESOLVED = "resolved", "Resolved"


# Open conflicts before decided ones: the public list's order, and the expression its index is built on.
def _open_first():
    return models.Case(models.When(status=ConflictStatus.OPEN, then=models.Value(0)), default=models.Value(1))


class ConflictQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ConflictStatus.OPEN)

    def open_first(self):
        """Order open conflicts first, then the most recently changed (index ``conflict_public_open_first``)."""
        return self.order_by(_open_first(), "-updated_at", "-id")

    def for_admin(self):
        """Fetch what the conflict changelist shows, in a fixed number of queries."""
        # A correlated count per shown row, not a grouped join: the join grouped every conflict
        # before the page's 100 rows were picked.
        return self.select_related("metric").annotate(
            member_count=_count_of(ConflictMember.objects.filter(conflict=models.OuterRef("pk"))))

    def with_members(self):
        """Prefetch each conflict's claims with their metric, subjects and sources."""
        return self.select_related("metric", "decided_by", "flagged_by").prefetch_related(
            models.Prefetch(
                "members",
                queryset=ConflictMember.objects.select_related("claim__metric").prefetch_related(
                    "claim__subjects",
                    models.Prefetch(
                        "claim__appearances",
                        queryset=Appearance.objects.select_related("source__publisher", "source__original"),
                    ),
                ).order_by("is_part", "claim__canonical_lower", "claim_id"),
            )
        )


class Conflict(models.Model):
    """Comparable claims whose figures cannot all be true, or claims an editor flagged as contradictory."""

    Status = ConflictStatus

    class Kind(models.TextChoices):
        FIGURES = "figures", "Figures disagree"
        MANUAL = "manual", "Flagged by an editor"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FIGURES)
    status = models.CharField(max_length=10, choices=ConflictStatus.choices, default=ConflictStatus.OPEN)
    title = models.CharField(max_length=300)
    comparison_key = models.CharField(max_length=32, blank=True, editable=False)
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, null=True, blank=True, related_name="conflicts")
    claims = models.ManyToManyField(Claim, through="ConflictMember", related_name="conflicts")
    # How far apart the most distant figures are, in the metric's canonical unit.
    difference = models.FloatField(null=True, blank=True)
    ratio = models.FloatField(null=True, blank=True)
    # Hash of the members' intervals when last detected: a resolved conflict reopens only if it changes.
    figures_signature = models.CharField(max_length=64, blank=True, editable=False)
    # What readers see, from public members' approved figures only (claims.selectors reads these;
    # services.conflicts_refresh_public writes them): drafts never make or move a public conflict.
    is_public = models.BooleanField(default=False, editable=False)
    public_difference = models.FloatField(null=True, blank=True, editable=False)
    public_ratio = models.FloatField(null=True, blank=True, editable=False)
    note = models.TextField(blank=True, help_text="Why it was flagged, explained or resolved; shown to readers.")
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["is_public", "public_difference", "public_ratio"])

    objects = ConflictQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["comparison_key"], condition=Q(kind="figures"), name="conflict_one_per_comparison_key"
            ),
            models.CheckConstraint(
                condition=Q(kind="manual") | ~Q(comparison_key=""), name="conflict_figures_have_key"
            ),
            models.CheckConstraint(
                condition=Q(status="open") | ~Q(note=""), name="conflict_decision_has_reason"
            ),
            models.CheckConstraint(condition=Q(ratio__isnull=True) | Q(ratio__gte=1), name="conflict_ratio_at_least_one"),
        ]
        indexes = [models.Index(fields=["status", "-updated_at"]),
                   models.Index(fields=["-updated_at"], condition=Q(is_public=True), name="conflict_public_recent"),
                   # The public list reads its page off this index instead of sorting every public conflict.
                   models.Index(_open_first(), F("updated_at").desc(), F("id").desc(), condition=Q(is_public=True),
                                name="conflict_public_open_first")]

    def __str__(self):
        return self.title

    @property
    def difference_display(self) -> str:
        """Word the gap in the canonical unit and, for areas, in square miles too."""
        if self.difference is None or self.metric is None:
            return ""
        unit = self.metric.canonical_unit
        text = figures.describe(self.difference, unit) if unit not in (figures.YEAR,) else f"{int(self.difference)} years"
        if unit == "km²":
            text += f" ({figures.describe(figures.convert(self.difference, 'km²', 'sq mi'), 'sq mi')})"
        return text


class ConflictMember(models.Model):
    """One claim in a conflict, with the rank an editor gave it (as Wikidata ranks statements)."""

    class Rank(models.TextChoices):
        PREFERRED = "preferred", "Preferred"
        NORMAL = "normal", "Normal"
        DEPRECATED = "deprecated", "Deprecated"

    conflict = models.ForeignKey(Conflict, on_delete=models.CASCADE, related_name="members")
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="conflict_memberships")
    # True for a single-entity figure that is compared only as part of a sum.
    is_part = models.BooleanField(default=False)
    rank = models.CharField(max_length=10, choices=Rank.choices, default=Rank.NORMAL)
    rank_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["is_part", "id"]
        constraints = [
            models.UniqueConstraint(fields=["conflict", "claim"], name="conflict_member_unique"),
            models.CheckConstraint(condition=Q(rank="normal") | ~Q(rank_reason=""), name="conflict_rank_has_reason"),
        ]

    def __str__(self):
        return f"{self.claim} ({self.get_rank_display()})"


class ChangeEvent(models.Model):
    """One change readers can see (a publication, correction, withdrawal or conflict decision), append-only.

    The id is the change feed's cursor. Services write events inside the transaction of the change,
    under one lock, so ids are committed in order and a client resuming after an id misses nothing.
    """

    class Kind(models.TextChoices):
        PUBLISHED = "published", "Published"
        CORRECTED = "corrected", "Corrected"
        WITHDRAWN = "withdrawn", "Withdrawn"
        CONFLICT_EXPLAINED = "conflict_explained", "Conflict explained"
        CONFLICT_RESOLVED = "conflict_resolved", "Conflict resolved"
        CONFLICT_REOPENED = "conflict_reopened", "Conflict reopened"

    id = models.BigAutoField(primary_key=True)
    created_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    conflict = models.ForeignKey(Conflict, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # The claim's public address and the note readers were shown, as they were at the change.
    path = models.CharField(max_length=300, blank=True)
    public_note = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(claim__isnull=False) | Q(conflict__isnull=False),
                                              name="change_event_names_something")]

    def __str__(self):
        return f"{self.id}: {self.get_kind_display()}"


class PublicCount(models.Model):
    """A total readers see (published claims, rated, per verdict, sources, conflicts per status).

    Kept by ``claims.services.counts`` in the transaction of each write that changes it, so pages
    read a handful of rows instead of counting 100,000 claims per request. ``manage.py
    public_counts --rebuild`` refills it from scratch (after bulk loads that bypass the services).
    """

    name = models.CharField(max_length=40, primary_key=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}: {self.value}"
