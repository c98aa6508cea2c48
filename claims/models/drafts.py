"""A published claim's pending correction, kept aside so the claim's row always holds what readers see.

Wagtail's shape: the live row is the approved version; edits to a claim readers see go here and reach
the row only when an editor approves them (``claims.services.drafts``). No reader query can touch a
draft value because no reader query reads this table.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from claims import figures
from claims.models.choices import Verdict
from claims.models.claims import Claim
from claims.models.entities import Entity

# What a correction may change: the claim's wording, figure, period, verdict and claimant. Subjects,
# metric and address are fixed once readers have seen the claim (they decide what it is compared with
# and where it lives).
DRAFT_FIELDS = (
    "statement", "figure_text", "value", "unit", "qualifier", "count_noun", "total", "canonical_value",
    "canonical_lower", "canonical_upper", "period_start", "period_end", "period_label", "verdict", "rationale",
    "claimant", "claimant_role",
)


class ClaimDraft(models.Model):
    """The proposed version of a published claim under correction; applied to the claim only by approval."""

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="draft")
    statement = models.TextField()
    figure_text = models.CharField(max_length=300, blank=True)
    value = models.DecimalField(max_digits=30, decimal_places=6, null=True, blank=True)
    unit = models.CharField(max_length=30, blank=True)
    qualifier = models.CharField(max_length=20, choices=[(q.value, q.value.replace("_", " ")) for q in figures.Qualifier],
                                 default=figures.Qualifier.EXACT)
    count_noun = models.CharField(max_length=100, blank=True)
    total = models.DecimalField(max_digits=30, decimal_places=6, null=True, blank=True)
    canonical_value = models.FloatField(null=True, blank=True)
    canonical_lower = models.FloatField(null=True, blank=True)
    canonical_upper = models.FloatField(null=True, blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    period_label = models.CharField(max_length=100, blank=True)
    verdict = models.CharField(max_length=20, choices=Verdict.choices, default=Verdict.NOT_YET_RATED)
    rationale = models.TextField(blank=True)
    claimant = models.ForeignKey(Entity, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    claimant_role = models.CharField(max_length=200, blank=True)
    # Who wrote the draft last: four eyes keeps them from approving it.
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(statement=""), name="claim_draft_statement_not_empty"),
            models.CheckConstraint(condition=Q(value__isnull=True, unit="") | (Q(value__isnull=False) & ~Q(unit="")),
                                   name="claim_draft_figure_has_value_and_unit"),
            models.CheckConstraint(condition=Q(value__isnull=True) | Q(value__gte=0),
                                   name="claim_draft_value_not_negative"),
            models.CheckConstraint(condition=Q(period_start__isnull=True) | Q(period_end__isnull=True)
                                   | Q(period_start__lte=F("period_end")), name="claim_draft_period_ordered"),
            models.CheckConstraint(condition=Q(total__isnull=True) | Q(total__gte=F("value")),
                                   name="claim_draft_part_not_above_total"),
            models.CheckConstraint(condition=Q(canonical_lower__isnull=True) | Q(canonical_upper__isnull=True)
                                   | Q(canonical_lower__lte=F("canonical_upper")), name="claim_draft_interval_ordered"),
        ]

    def __str__(self):
        return f"Correction of {self.claim_id}: {self.statement[:60]}"
