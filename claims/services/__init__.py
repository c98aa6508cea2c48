"""Writes that have rules, split by concern; admin, API, importer and commands call only these.

Each service checks the acting user's permission and the state it writes to, so a rule lives in
one place whoever calls it. A refused write raises ``ServiceError`` (``claims.errors``) with a code.
"""
from claims.errors import ServiceError
from claims.services.claims import claim_create, claim_refresh_comparison, claim_update
from claims.services.conflicts import (
    DetectionReport,
    conflict_explain,
    conflict_flag,
    conflict_reopen,
    conflict_resolve,
    conflicts_detect,
    conflicts_refresh_public,
)
from claims.services.counts import public_counts_rebuild
from claims.services.evidence import (
    appearance_add,
    appearance_change,
    appearance_deletable,
    appearance_delete,
    evidence_review,
)
from claims.services.permissions import (
    may_decide_conflicts,
    may_flag_conflicts,
    may_propose_ratings,
    may_review_claims,
    may_review_evidence,
)
from claims.services.ratings import rating_approve, rating_decline, rating_propose, ratings_waiting_for
from claims.services.reference import alias_review, reference_changeable, reference_delete, reference_save
from claims.services.workflow import (
    approval_progress,
    approvals_this_round,
    available_transitions,
    claim_assign,
    claim_transition,
    transition_fields,
)

__all__ = [
    "DetectionReport", "ServiceError", "alias_review", "appearance_add", "appearance_change", "appearance_deletable",
    "appearance_delete", "approval_progress", "approvals_this_round", "available_transitions", "claim_assign",
    "claim_create", "claim_refresh_comparison", "claim_transition", "claim_update", "conflict_explain",
    "conflict_flag", "conflict_reopen", "conflict_resolve", "conflicts_detect", "conflicts_refresh_public",
    "evidence_review", "may_decide_conflicts", "may_flag_conflicts", "may_propose_ratings", "may_review_claims", "may_review_evidence",
    "public_counts_rebuild", "rating_approve", "rating_decline", "rating_propose", "ratings_waiting_for",
    "reference_changeable", "reference_delete", "reference_save", "transition_fields",
]
