"""Conflicts: comparable claims whose figures cannot all be true, and their members."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from claims import figures
from claims.models.choices import ConflictStatus
from claims.models.claims import Claim
from claims.models.evidence import Appearance
from claims.models.expressions import count_of
from claims.models.metrics import Metric


# Open conflicts before decided ones: the public list's order, and the expression its index is built on.
def _open_first():
    return models.Case(models.When(status=ConflictStatus.OPEN, then=models.Value(0)), default=models.Value(1))


class ConflictQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ConflictStatus.OPEN)

    def open_first(self):
        """Order open conflicts first, then the most recently changed for readers (index ``conflict_public_open_first``)."""
        return self.order_by(_open_first(), "-public_updated_at", "-id")

    def for_admin(self):
        """Fetch what the conflict changelist shows, in a fixed number of queries."""
        # A correlated count per shown row, not a grouped join: the join grouped every conflict
        # before the page's 100 rows were picked.
        return self.select_related("metric").annotate(
            member_count=count_of(ConflictMember.objects.filter(conflict=models.OuterRef("pk"))))

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
    # When what readers see of it last changed (its public view, status or note): their validator and
    # order. ``updated_at`` also moves when a draft joins or leaves, which readers must not notice.
    public_updated_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords(excluded_fields=["is_public", "public_difference", "public_ratio",
                                                 "public_updated_at"])

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
                   models.Index(_open_first(), F("public_updated_at").desc(), F("id").desc(),
                                condition=Q(is_public=True), name="conflict_public_open_first_v2"),
                   # The desk's conflicts changelist reads its page in this order (with the primary key
                   # the admin adds); without it the page sorted every conflict, 33 ms at a million claims.
                   models.Index(fields=["-updated_at", "-id"], name="conflict_recent_first")]

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
