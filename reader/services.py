"""Readers' reports: taking them in (with the abuse rules) and answering them (editors only)."""
from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from claims import selectors
from claims.errors import Refusals, ServiceError
from claims.models import Claim
from claims.services.permissions import REVIEW, require
from claims.services.workflow import claim_transition
from project.mail import send_later
from project.site import absolute
from reader.models import ReaderReport

RATE_WINDOW = timedelta(hours=1)


class RateLimited(ServiceError):
    """Too many reports from one address within the window; ``retry_after`` says when one more fits."""

    def __init__(self, retry_after: int):
        super().__init__(f"You have sent {settings.CROSSCHECK_REPORTS_PER_HOUR} reports in the last hour, the most we "
                         f"take from one address. Please try again in {math.ceil(retry_after / 60)} minute(s).",
                         code="rate_limited")
        self.retry_after = retry_after


@dataclass(frozen=True)
class ReportInput:
    kind: str
    text: str
    page: str = ""
    email: str = ""


def client_key(address: str | None) -> str:
    """Hash the client's address with the site's secret, so reports can be counted without storing it."""
    return hmac.new(settings.SECRET_KEY.encode(), (address or "unknown").encode(), hashlib.sha256).hexdigest()


def claim_for_page(page: str) -> Claim | None:
    """Return the public claim a page of this site shows, if it is a claim page."""
    try:
        match = resolve(page.split("?", 1)[0].split("#", 1)[0])
    except Resolver404:
        return None
    if match.url_name != "claim-detail":
        return None
    return selectors.public_claims().filter(slug=match.kwargs["slug"]).first()


def validate_report(data: ReportInput) -> ReportInput:
    """Check every field's kind and size; raise one ServiceError naming every problem."""
    refusals = Refusals()
    kind, text, page, email = data.kind, data.text.strip(), data.page.strip(), data.email.strip()
    if kind not in ReaderReport.Kind.values:
        refusals.add("invalid", "Choose whether you report an error or suggest a claim.", "kind")
    if not text:
        refusals.add("invalid", "Write what is wrong, or the claim you suggest, with where you saw it.", "text")
    elif len(text) > ReaderReport.TEXT_MAX:
        refusals.add("invalid", f"Keep it to {ReaderReport.TEXT_MAX:,} characters (this is {len(text):,}).", "text")
    if len(page) > ReaderReport.PAGE_MAX:
        refusals.add("invalid", f"The page address is over {ReaderReport.PAGE_MAX} characters.", "page")
    # "//host" and "/\\host" would lead an editor's click to another site.
    elif page and (not page.startswith("/") or page[1:2] in ("/", "\\") or any(c.isspace() for c in page)):
        refusals.add("invalid", "The page must be an address on this site, starting with “/”.", "page")
    if len(email) > ReaderReport.EMAIL_MAX:
        refusals.add("invalid", f"The e-mail address is over {ReaderReport.EMAIL_MAX} characters.", "email")
    elif email:
        try:
            validate_email(email)
        except ValidationError:
            refusals.add("invalid", "Enter an e-mail address like name@example.org, or leave it empty.", "email")
    refusals.raise_any()
    return ReportInput(kind=kind, text=text, page=page, email=email)


@transaction.atomic
def reader_report_submit(*, data: ReportInput, client_address: str | None) -> ReaderReport:
    """Take in a reader's report; refuse invalid input or an address over its hourly limit, storing nothing.

    Only stored reports count toward the limit: a refused post leaves no trace, so it costs neither
    storage nor an editor's time, which is what the limit protects.
    """
    data = validate_report(data)
    key = client_key(client_address)
    # One address's posts take turns, so two at once cannot both pass the count at the limit.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"reader-report:{key}"])
    now = timezone.now()
    recent = list(ReaderReport.objects.filter(client_key=key, created_at__gt=now - RATE_WINDOW)
                  .order_by("created_at").values_list("created_at", flat=True)[:settings.CROSSCHECK_REPORTS_PER_HOUR])
    if len(recent) >= settings.CROSSCHECK_REPORTS_PER_HOUR:
        raise RateLimited(retry_after=max(1, math.ceil((recent[0] + RATE_WINDOW - now).total_seconds())))
    report = ReaderReport(kind=data.kind, text=data.text, page=data.page, email=data.email,
                          claim=claim_for_page(data.page) if data.page else None, client_key=key, created_at=now)
    report.save()
    return report


def _locked_open_report(report: ReaderReport) -> ReaderReport:
    report = ReaderReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ReaderReport.Status.OPEN:
        raise ServiceError(f"This report is already {report.get_status_display().lower()}.", code="state")
    return report


def _close(report: ReaderReport, *, user, status: str, answer: str) -> ReaderReport:
    report.status, report.answer = status, answer
    report.answered_by, report.answered_at = user, timezone.now()
    report._history_user = user
    report.save()
    if answer and report.email:
        _send_answer(report)
    return report


def _send_answer(report: ReaderReport) -> None:
    """E-mail the answer to the reader from a worker, once the answer commits (nothing if it rolls back)."""
    about = f"\n\nAbout: {absolute(report.page)}" if report.page else ""
    body = (f"Thank you for writing to {settings.CROSSCHECK_PUBLISHER_NAME}.\n\nYou wrote:\n{report.text}{about}\n\n"
            f"Our answer:\n{report.answer}\n")
    subject = f"{settings.CROSSCHECK_PUBLISHER_NAME}: our answer to your report"
    send_later(subject=subject, body=body, to=[report.email])


def _answer_text(answer: str) -> str:
    answer = answer.strip()
    refusals = Refusals()
    if not answer:
        refusals.add("note", "Write the answer for the reader.", "answer")
    elif len(answer) > ReaderReport.ANSWER_MAX:
        refusals.add("invalid", f"Keep the answer to {ReaderReport.ANSWER_MAX:,} characters.", "answer")
    refusals.raise_any()
    return answer


@transaction.atomic
def reader_report_answer(*, report: ReaderReport, user, answer: str) -> ReaderReport:
    """Answer an open report (e-mailed to the reader when they gave an address)."""
    require(user, REVIEW, "answer reader reports")
    answer = _answer_text(answer)
    return _close(_locked_open_report(report), user=user, status=ReaderReport.Status.ANSWERED, answer=answer)


@transaction.atomic
def reader_report_dismiss(*, report: ReaderReport, user, note: str = "") -> ReaderReport:
    """Close an open report without an answer to the reader (spam, duplicates, out of scope)."""
    require(user, REVIEW, "dismiss reader reports")
    if len(note) > ReaderReport.ANSWER_MAX:
        raise ServiceError(f"Keep the note to {ReaderReport.ANSWER_MAX:,} characters.", fields={"answer": ["too long"]})
    report = _locked_open_report(report)
    report.status, report.answer = ReaderReport.Status.DISMISSED, note.strip()
    report.answered_by, report.answered_at = user, timezone.now()
    report._history_user = user
    report.save()
    return report


@transaction.atomic
def reader_report_correct(*, report: ReaderReport, user, answer: str) -> ReaderReport:
    """Answer a report on a claim by reopening the claim for a public correction, through the workflow.

    The workflow's rules apply unchanged: the claim is reopened (it stays public in its last approved
    version), an editor corrects it, and the correction is public once it is approved with its public
    note, by editors other than the one who edited it.
    """
    require(user, REVIEW, "answer reader reports")
    answer = _answer_text(answer)
    report = _locked_open_report(report)
    if report.claim_id is None:
        raise ServiceError("This report is not about a claim; answer it instead.", code="state")
    review = claim_transition(
        claim=report.claim, action="reopen", user=user,
        note=f"Reader report #{report.pk} ({absolute(reverse('admin:reader_readerreport_change', args=[report.pk]))}): "
             f"{report.text[:500]}\n\nProposed correction note: {answer}")
    report.correction = review
    return _close(report, user=user, status=ReaderReport.Status.ANSWERED, answer=answer)
