"""Entities, metrics, claims and their appearances in sources, one module per area.

Every public name is re-exported here, so ``from claims.models import Claim`` works wherever the
model lives.
"""
from claims.models.changes import ChangeEvent, PublicCount
from claims.models.choices import (
    VERDICT_DEFINITIONS,
    VERDICT_RATING,
    AnchorStatus,
    ClaimStatus,
    ConflictStatus,
    EvidenceStatus,
    Verdict,
)
from claims.models.claims import Claim, ClaimQuerySet, ReviewQueueItem, stated_figure
from claims.models.conflicts import Conflict, ConflictMember, ConflictQuerySet
from claims.models.drafts import ClaimDraft
from claims.models.entities import Entity, EntityAlias, EntityQuerySet
from claims.models.evidence import Appearance, PendingEvidence
from claims.models.expressions import contains_pattern, independent_sources
from claims.models.metrics import Metric
from claims.models.ratings import RatingApproval, RatingProposal
from claims.models.reviews import Review

__all__ = [
    "VERDICT_DEFINITIONS", "VERDICT_RATING", "AnchorStatus", "Appearance", "ChangeEvent", "Claim", "ClaimDraft",
    "ClaimQuerySet",
    "ClaimStatus", "Conflict", "ConflictMember", "ConflictQuerySet", "ConflictStatus", "Entity", "EntityAlias",
    "EntityQuerySet", "EvidenceStatus", "Metric", "PendingEvidence", "PublicCount", "RatingApproval", "RatingProposal",
    "Review", "ReviewQueueItem",
    "Verdict", "contains_pattern", "independent_sources", "stated_figure",
]
