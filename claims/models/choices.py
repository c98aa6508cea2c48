"""The states and verdicts claims, evidence and conflicts take, shared by models, services and pages."""
from __future__ import annotations

from django.db import models


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


class ConflictStatus(models.TextChoices):
    OPEN = "open", "Open"
    EXPLAINED = "explained", "Explained (both can stand)"
    RESOLVED = "resolved", "Resolved"
