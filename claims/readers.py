"""What readers see: the last approved version of each public claim."""
from __future__ import annotations

from claims.models import Claim, ClaimStatus

# The fields readers see; while a claim is reopened for correction they come from its approved version.
READER_FIELDS = (
    "statement", "figure_text", "value", "unit", "qualifier", "count_noun", "total", "canonical_value",
    "canonical_lower", "canonical_upper", "period_start", "period_end", "period_label", "verdict", "rationale",
)


def with_published_versions(claims: list[Claim]) -> list[Claim]:
    """Replace, in memory, the reader-facing fields of claims under correction by their approved values.

    One query for the whole list, whatever its length; the instances must not be saved afterwards.
    """
    pending = {
        claim.published_history_id: claim
        for claim in claims
        if claim.status != ClaimStatus.PUBLISHED and claim.published_history_id is not None
    }
    if pending:
        for approved in Claim.history.filter(history_id__in=pending):
            claim = pending[approved.history_id]
            for name in READER_FIELDS:
                setattr(claim, name, getattr(approved, name))
            claim._shows_published_version = True  # guards against saving a display copy
    return claims
