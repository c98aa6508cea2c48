"""Evidence: a claim's appearances in sources, with their exact quotes."""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from claims import figures
from claims.models.choices import AnchorStatus, EvidenceStatus
from claims.models.claims import Claim
from sources.models import Snapshot, Source

# The quote is in a unique index, whose rows PostgreSQL caps near 2,700 bytes: past that an insert is
# refused by the database itself. A documented limit, checked before any write, says so plainly.
QUOTE_MAX_BYTES = 2000


def quote_too_long(quote: str) -> str | None:
    """Say why ``quote`` is too long to record, or None when it fits."""
    size = len(quote.encode("utf-8"))
    if size <= QUOTE_MAX_BYTES:
        return None
    return (f"A quote may be at most {QUOTE_MAX_BYTES:,} bytes in UTF-8 (this one is {size:,}); "
            "quote the sentence that carries the claim.")


class Appearance(models.Model):
    """A claim as it appears in one source: the exact quote and where it sits."""

    Status = EvidenceStatus

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="appearances")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="appearances")
    snapshot = models.ForeignKey(
        Snapshot, on_delete=models.PROTECT, null=True, blank=True, related_name="appearances"
    )
    quote = models.TextField(help_text="Verbatim from the source.")
    quote_translation = models.TextField(
        blank=True, default="", db_default="",
        help_text="The editor's translation of a quote in another language; readers see it beside the original.")
    # W3C TextQuoteSelector: the text just before and after the quote, to find it again after edits.
    prefix = models.CharField(max_length=300, blank=True)
    suffix = models.CharField(max_length=300, blank=True)
    start_offset = models.PositiveIntegerField(null=True, blank=True)
    end_offset = models.PositiveIntegerField(null=True, blank=True)
    figure_text = models.CharField(
        max_length=300, blank=True, help_text="The figure as this source words it, when it words it differently."
    )
    anchor = models.CharField(
        max_length=10, choices=AnchorStatus.choices, blank=True,
        help_text="How the quote was found in the source's latest snapshot.",
    )
    status = models.CharField(max_length=10, choices=EvidenceStatus.choices, default=EvidenceStatus.APPROVED,
                              editable=False)
    replaces = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="pending_changes", editable=False,
        help_text="The approved appearance this pending change would change.",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "source", "quote"], name="appearance_unique_quote_live",
                condition=Q(replaces__isnull=True) & Q(status__in=["approved", "pending"]),
            ),
            models.UniqueConstraint(fields=["replaces"], condition=Q(status="pending"),
                                    name="appearance_one_pending_change"),
            models.CheckConstraint(condition=~Q(quote=""), name="appearance_quote_not_empty"),
            models.CheckConstraint(
                condition=Q(start_offset__isnull=True, end_offset__isnull=True)
                | Q(start_offset__isnull=False, end_offset__isnull=False, start_offset__lt=F("end_offset")),
                name="appearance_offsets_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.source} — “{self.quote[:60]}”"

    def clean(self):
        if quote_too_long(self.quote or ""):
            raise ValidationError({"quote": quote_too_long(self.quote)})
        if self.snapshot_id and self.snapshot.source_id != self.source_id:
            raise ValidationError({"snapshot": "The snapshot belongs to another source."})
        if self.snapshot_id and self.start_offset is not None and self.anchor != AnchorStatus.FUZZY:
            if self.snapshot.text[self.start_offset:self.end_offset] != self.quote:
                raise ValidationError({"quote": "The quote is not at these offsets in the snapshot."})
        if self.figure_text:
            try:
                figures.parse_figure(self.figure_text)
            except figures.FigureError as exc:
                raise ValidationError({"figure_text": str(exc)}) from exc


class PendingEvidence(Appearance):
    """Evidence waiting for an editor, as the review desk lists it."""

    class Meta:
        proxy = True
        verbose_name = "evidence to review"
        verbose_name_plural = "evidence to review"
