"""Readers' reports of errors and suggested claims."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.utils import timezone
from simple_history.models import HistoricalRecords


class ReaderReport(models.Model):
    """A reader's report of an error on a page or claim, or a claim they suggest checking.

    Reports land on the review desk; an editor answers or dismisses them (reader.services), and an
    answer about a claim can start a public correction through the editorial workflow.
    """

    class Kind(models.TextChoices):
        ERROR = "error", "Report an error"
        SUGGESTION = "suggestion", "Suggest a claim to check"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ANSWERED = "answered", "Answered"
        DISMISSED = "dismissed", "Dismissed"

    # Limits the form, the service and the database share (the database refuses what slips past).
    TEXT_MAX = 4000
    PAGE_MAX = 500
    EMAIL_MAX = 254
    ANSWER_MAX = 4000

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ERROR)
    page = models.CharField(max_length=PAGE_MAX, blank=True, help_text="The page on this site it is about.")
    claim = models.ForeignKey("claims.Claim", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="reader_reports", help_text="The public claim that page shows.")
    text = models.TextField()
    email = models.EmailField(max_length=EMAIL_MAX, blank=True, help_text="Where to send the answer (optional).")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True)
    answer = models.TextField(blank=True, help_text="The editor's answer to the reader.")
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    # The "Reopen for correction" step this report started, when its answer became a correction.
    correction = models.ForeignKey("claims.Review", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    # A keyed hash of the client's address, only to count its reports for the rate limit: the
    # address itself is never stored.
    client_key = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["client_key"])

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["client_key", "created_at"], name="readerreport_client_recent"),
                   models.Index(fields=["status", "created_at"], name="readerreport_queue")]
        # 4000: TEXT_MAX and ANSWER_MAX (a class body's names are out of reach in Meta).
        constraints = [
            models.CheckConstraint(condition=Q(GreaterThanOrEqual(Length("text"), 1)) & Q(LessThanOrEqual(Length("text"), 4000)),
                                   name="readerreport_text_size"),
            models.CheckConstraint(condition=Q(LessThanOrEqual(Length("answer"), 4000)), name="readerreport_answer_size"),
            models.CheckConstraint(condition=~Q(status="answered") | ~Q(answer=""),
                                   name="readerreport_answered_has_answer"),
            models.CheckConstraint(condition=Q(status="open") | Q(answered_at__isnull=False),
                                   name="readerreport_closed_has_time"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"
