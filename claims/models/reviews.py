"""The editorial workflow's log: one row per step a claim takes."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from claims.models.choices import ClaimStatus
from claims.models.claims import Claim


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
        PROPOSE_RATING = "propose_rating", "Rating proposed"
        APPROVE_RATING = "approve_rating", "Rating approved"
        DECLINE_RATING = "decline_rating", "Rating declined"

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="reviews")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    from_status = models.CharField(max_length=20, choices=ClaimStatus.choices)
    to_status = models.CharField(max_length=20, choices=ClaimStatus.choices)
    note = models.TextField(blank=True, help_text="For the newsroom.")
    public_note = models.TextField(blank=True, help_text="For readers: a correction or withdrawal notice.")
    is_correction = models.BooleanField(default=False)
    # The rating a rating step is about: the byline names the people of the published one.
    rating = models.ForeignKey("claims.RatingProposal", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="reviews")
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
