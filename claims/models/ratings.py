"""Ratings as a step of their own: a verdict proposed with its rationale, approved by other editors.

PolitiFact's practice made explicit: a reporter proposes a rating, editors who did not write it
approve it (two for a negative verdict), and only then do readers see it. The claim's row keeps the
verdict readers see; a proposal waits here until ``claims.services.ratings`` publishes it.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from claims.models.choices import Verdict
from claims.models.claims import Claim


class RatingProposal(models.Model):
    """A verdict and rationale proposed for a published claim, waiting for editors' approval."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for approval"
        PUBLISHED = "published", "Published"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn by its author"

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="rating_proposals")
    verdict = models.CharField(max_length=20, choices=Verdict.choices)
    rationale = models.TextField(help_text="Why this verdict, for readers; Markdown.")
    # A claim that already carries a rating is corrected by a new one: readers are told why.
    public_note = models.TextField(blank=True, help_text="For readers, when the claim already had a rating.")
    previous_verdict = models.CharField(max_length=20, choices=Verdict.choices, default=Verdict.NOT_YET_RATED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                    related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    decided_note = models.TextField(blank=True, help_text="For the newsroom: why it was declined.")
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # One rating under discussion per claim: a second would race the first to the claim's row.
            models.UniqueConstraint(fields=["claim"], condition=Q(status="open"), name="one_open_rating_per_claim"),
            models.CheckConstraint(condition=~Q(verdict=Verdict.NOT_YET_RATED), name="rating_names_a_verdict"),
            models.CheckConstraint(condition=~Q(rationale=""), name="rating_has_rationale"),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.get_verdict_display()}: {self.claim}"

    @property
    def is_correction(self) -> bool:
        """Say whether publishing it changes a rating readers saw (a correction, not a first rating)."""
        return self.previous_verdict != Verdict.NOT_YET_RATED


class RatingApproval(models.Model):
    """One editor's approval of a proposed rating."""

    proposal = models.ForeignKey(RatingProposal, on_delete=models.CASCADE, related_name="approvals")
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "editor"], name="one_approval_per_editor")]
