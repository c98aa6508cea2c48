"""E-mail sent by a worker: a job deferred in the transaction of the write that calls for it.

The job exists exactly when that write commits (none if it rolls back), and an SMTP server that is
down or refuses the message never turns the saved write into an error: the worker's send raises,
and the job is retried with growing pauses (4 s, 8 s, 16 s ... about a day and a half in all).
"""
from django.core.mail import send_mail
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app


def send_later(*, subject: str, body: str, to: list[str]) -> None:
    """Defer one e-mail to the workers, in the current transaction."""
    send.defer(subject=subject, body=body, to=list(to))


@app.task(queue="mail", name="project.send_mail", retry=RetryStrategy(max_attempts=16, exponential_wait=2))
def send(subject: str, body: str, to: list[str]) -> None:
    """Send one e-mail (the worker's job); an SMTP error raises, and the job is retried."""
    send_mail(subject, body, None, to, fail_silently=False)
