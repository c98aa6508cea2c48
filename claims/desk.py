"""The claims desk's queues on the admin home ("Your work"), counted the way their admin lists count them."""
from __future__ import annotations

from django.urls import reverse

from claims.models import Claim, ClaimStatus, Conflict, EvidenceStatus, PendingEvidence
from claims.services import may_decide_conflicts, may_propose_ratings, may_review_claims, ratings_waiting_for
from project.desk import Queue, register


def _url(name: str, query: str = ""):
    return lambda: reverse(name) + (f"?{query}" if query else "")


def _claims_to_review(user) -> int:
    # As the review queue lists them: not the editor's own, nor what they last edited (four eyes).
    return Claim.objects.needing_review().exclude(created_by=user).exclude(last_edited_by=user).count()


def register_queues() -> None:
    """Put the claims desk's queues on the admin home."""
    register(Queue("my_drafts", "My drafts", _url("admin:claims_claim_changelist", "desk=my_drafts"),
                   lambda user: Claim.objects.filter(created_by=user, status=ClaimStatus.DRAFT).count(),
                   may_propose_ratings, order=10))
    register(Queue("sent_back", "Changes requested of me", _url("admin:claims_claim_changelist", "desk=sent_back"),
                   lambda user: Claim.objects.filter(created_by=user, status=ClaimStatus.CHANGES_REQUESTED).count(),
                   may_propose_ratings, order=20))
    register(Queue("claims_to_review", "Claims to review", _url("admin:claims_reviewqueueitem_changelist"),
                   _claims_to_review, may_review_claims, order=30))
    register(Queue("ratings_to_approve", "Ratings to approve",
                   _url("admin:claims_ratingproposal_changelist", "waiting=me"),
                   lambda user: ratings_waiting_for(user).count(), may_review_claims, order=40))
    register(Queue("evidence_to_review", "Evidence to review", _url("admin:claims_pendingevidence_changelist"),
                   lambda user: PendingEvidence.objects.filter(status=EvidenceStatus.PENDING).count(),
                   may_review_claims, order=50))
    register(Queue("open_conflicts", "Open conflicts", _url("admin:claims_conflict_changelist", "status__exact=open"),
                   lambda user: Conflict.objects.filter(status=Conflict.Status.OPEN).count(),
                   may_decide_conflicts, order=60))
