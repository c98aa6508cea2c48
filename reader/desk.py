"""Readers' reports on the admin home ("Your work"): the open ones, for those who answer them."""
from django.urls import reverse

from claims.services import may_review_claims
from project.desk import Queue, register
from reader.models import ReaderReport


def register_queues() -> None:
    register(Queue("reader_reports", "Reader reports to answer",
                   lambda: reverse("admin:reader_readerreport_changelist") + "?status__exact=open",
                   lambda user: ReaderReport.objects.filter(status=ReaderReport.Status.OPEN).count(),
                   may_review_claims, order=70))
