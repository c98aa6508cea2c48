"""Claims: one checkable statement each, with its figure, and the querysets pages read them with."""
from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, ProtectedError, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from claims import figures
from claims.models.choices import ClaimStatus, Verdict
from claims.models.entities import Entity
from claims.models.expressions import count_of
from claims.models.metrics import Metric
from sources.models import unique_slug

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
        # Imported here: conflicts and evidence are built on claims.
        from claims.models.conflicts import ConflictMember

        open_memberships = ConflictMember.objects.filter(claim=models.OuterRef("pk"), conflict__status="open")
        return self.annotate(
            open_conflict_count=count_of(open_memberships),
            # The badge links straight to the conflict when there is one.
            first_open_conflict_id=models.Subquery(open_memberships.order_by("conflict_id").values("conflict_id")[:1]),
        )

    def for_admin(self):
        """Fetch what the admin changelist shows, in a fixed number of queries."""
        from claims.models.evidence import Appearance

        return (
            self.select_related("metric")
            .prefetch_related("subjects")
            .annotate(appearance_count=count_of(Appearance.objects.filter(claim=models.OuterRef("pk"))))
            .with_open_conflicts()
        )

    def for_reader(self):
        """Fetch a claim with its subjects, metric and appearances (with sources) for display."""
        from claims.models.evidence import Appearance

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
    # correction, until it is withdrawn; the row keeps the approved version while a correction is
    # drafted aside (ClaimDraft). published_history_id points at that approved version's history row.
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
            # The list filtered by metric and verdict (with or without ?conflict=yes): that metric's
            # and verdict's visible claims in the list's order, so a page stops after its rows and the
            # capped count is an index-only scan instead of reading every claim of the metric.
            models.Index("metric", "verdict", F("last_approved_at").desc(), F("id").desc(),
                         name="claim_visible_metric_recent",
                         condition=Q(is_public=True) & ~Q(status=ClaimStatus.WITHDRAWN)),
            GinIndex(fields=["search_vector"], name="claim_search_vector_gin"),
        ]

    def __str__(self):
        return self.statement if len(self.statement) <= 80 else self.statement[:79] + "…"

    def get_absolute_url(self):
        return reverse("claim-detail", args=[self.slug])

    @property
    def check_label(self) -> str:
        """Say what readers are shown about the check: sourced only, or rated and with which verdict."""
        if self.verdict == Verdict.NOT_YET_RATED:
            return "Sourced, not yet rated"
        return f"Checked: {self.get_verdict_display()}"

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
        word = figures.word_number
        if self.metric.canonical_unit == figures.YEAR:  # "1939", never "1,939"
            def word(value):
                return figures.word_number(value).replace(",", "")
        low, high = word(interval.lower), word(interval.upper)
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
        if getattr(self, "_shows_draft", False):
            raise RuntimeError("this instance shows a correction drafted aside; write it with services.claim_update")
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

    @property
    def ever_published(self) -> bool:
        """Say whether readers ever saw this claim (withdrawn claims included): it and its evidence stay."""
        return self.is_public or self.status == ClaimStatus.WITHDRAWN

    def delete(self, *args, **kwargs):
        if self.ever_published:
            raise ProtectedError("A claim that was published cannot be deleted; withdraw it with a public note.",
                                 {self})
        return super().delete(*args, **kwargs)


class ReviewQueueItem(Claim):
    """Claims waiting for review, as the admin's review queue lists them."""

    class Meta:
        proxy = True
        verbose_name = "claim to review"
        verbose_name_plural = "claims to review"
