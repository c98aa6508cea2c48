"""E-mail the people a workflow step concerns, from a worker once the step commits.

The mail is a job deferred in the step's transaction: it exists exactly when the step commits, and an
SMTP server that is down or refuses it never turns the saved step into an error for the editor. A
failed send is retried with growing pauses (4 s, 8 s, 16 s ... about a day and a half in all).
"""
from django.core.mail import send_mail
from django.urls import reverse
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from claims.models import Review
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
    send_notification.defer(subject=subject, body=body, to=to)


@app.task(queue="mail", name="claims.send_notification", retry=RetryStrategy(max_attempts=16, exponential_wait=2))
def send_notification(subject: str, body: str, to: list[str]) -> None:
    """Send one notification (the worker's job); an SMTP error raises, and the job is retried."""
    send_mail(subject, body, None, to, fail_silently=False)
