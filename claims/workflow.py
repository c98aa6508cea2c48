"""The editorial workflow as one explicit transition table.

draft → in review → published, with "changes requested" (back to the author) and "rejected"; a
published claim can be reopened for correction (it stays public in its last approved version) and
withdrawn with a public note. The rules that go beyond the table (four eyes, double approval, open
conflicts, correction notes) live in ``services.claim_transition``, the only code that changes status.
"""
from __future__ import annotations

from dataclasses import dataclass

from claims.errors import ServiceError
from claims.models import ClaimStatus, Review, Verdict

DRAFT, IN_REVIEW, CHANGES_REQUESTED = ClaimStatus.DRAFT, ClaimStatus.IN_REVIEW, ClaimStatus.CHANGES_REQUESTED
PUBLISHED, REJECTED, WITHDRAWN = ClaimStatus.PUBLISHED, ClaimStatus.REJECTED, ClaimStatus.WITHDRAWN


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    target: str
    permission: str
    note_required: bool = False  # a note to the newsroom
    public_note_required: bool = False  # a note to readers
    only_public: bool = False  # only for claims readers can see


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(Review.Action.SUBMIT, "Submit for review", frozenset({DRAFT, CHANGES_REQUESTED}), IN_REVIEW,
                   "claims.change_claim"),
        Transition(Review.Action.APPROVE, "Approve and publish", frozenset({IN_REVIEW}), PUBLISHED,
                   "claims.review_claim"),
        Transition(Review.Action.REQUEST_CHANGES, "Request changes", frozenset({IN_REVIEW}), CHANGES_REQUESTED,
                   "claims.review_claim", note_required=True),
        Transition(Review.Action.REJECT, "Reject", frozenset({IN_REVIEW}), REJECTED,
                   "claims.review_claim", note_required=True),
        Transition(Review.Action.REOPEN, "Reopen for correction", frozenset({PUBLISHED}), DRAFT,
                   "claims.review_claim", note_required=True),
        Transition(Review.Action.WITHDRAW, "Withdraw", frozenset({PUBLISHED, DRAFT, IN_REVIEW, CHANGES_REQUESTED}),
                   WITHDRAWN, "claims.withdraw_claim", public_note_required=True, only_public=True),
    ]
}

# A verdict that says a claim is wrong or misleading needs two editors (PolitiFact's panel, made explicit).
DOUBLE_APPROVAL_VERDICTS = frozenset({Verdict.MISLEADING, Verdict.INACCURATE})
APPROVALS_NEEDED = {True: 2, False: 1}
# What readers see of a figure or verdict; publishing a change to any of these is a correction.
CORRECTION_FIELDS = ("verdict", "figure_text", "value", "unit", "qualifier", "statement", "claimant_id",
                     "claimant_role")
# The same, in the words of the form's labels: a refusal names what a person sees, not a column.
FIELD_WORDS = {"verdict": "verdict", "figure_text": "figure", "value": "figure", "unit": "figure",
               "qualifier": "figure", "statement": "statement", "claimant": "claimant",
               "claimant_role": "claimant's role", "period_start": "period start", "period_end": "period end",
               "period_label": "period", "rationale": "rationale"}


def in_words(names) -> str:
    """Name changed fields as the form labels them, each once, in order: "figure, claimant's role"."""
    words = [FIELD_WORDS.get(name, name.replace("_", " ")) for name in names]
    return ", ".join(dict.fromkeys(words))



def transition_for(action: str) -> Transition:
    """Return the transition for an action name, or raise ServiceError naming the valid ones."""
    try:
        return TRANSITIONS[action.replace("-", "_")]
    except KeyError:
        raise ServiceError(f"Unknown action {action!r}; use one of {', '.join(TRANSITIONS)}.") from None


def approvals_needed(verdict: str) -> int:
    return APPROVALS_NEEDED[verdict in DOUBLE_APPROVAL_VERDICTS]
