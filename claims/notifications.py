"""E-mail the people a workflow step concerns: a worker sends it once the step commits (project.mail)."""
from django.urls import reverse

from claims.models import Review
from project.mail import send_later
from project.site import absolute

_SUBJECTS = {
    Review.Action.ASSIGN: "Please review: {claim}",
    Review.Action.APPROVE: "Approved: {claim}",
    Review.Action.REQUEST_CHANGES: "Changes requested: {claim}",
    Review.Action.REJECT: "Rejected: {claim}",
    Review.Action.REOPEN: "Reopened for correction: {claim}",
}


def recipients(review: Review) -> list[str]:
    """Return the addresses to tell: the assignee of an assignment, otherwise the author and assignee."""
    claim = review.claim
    people = [claim.assigned_to] if review.action == Review.Action.ASSIGN else [claim.created_by, claim.assigned_to]
    return sorted({p.email for p in people if p is not None and p.email and p.pk != review.actor_id})


def notify(review: Review) -> None:
    """Send the e-mail for a review step after commit (nothing is sent if the step rolls back)."""
    if review.action not in _SUBJECTS:
        return
    to = recipients(review)
    if not to:
        return
    subject = _SUBJECTS[review.action].format(claim=str(review.claim)[:120])
    link = absolute(reverse("admin:claims_claim_change", args=[review.claim_id]))
    body = f"{review.get_action_display()} by {review.actor or 'Crosscheck'}.\n\n{review.note}\n\n{link}\n"
    send_later(subject=subject, body=body, to=to)
