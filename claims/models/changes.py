"""The append-only log of changes readers can see, and the totals pages show."""
from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from claims.models.claims import Claim
from claims.models.conflicts import Conflict


class ChangeEvent(models.Model):
    """One change readers can see (a claim published, rated, corrected or withdrawn; a conflict shown, decided or closed).

    The id is the change feed's cursor. Services write events inside the transaction of the change,
    under one lock, so ids are committed in order and a client resuming after an id misses nothing.
    """

    class Kind(models.TextChoices):
        PUBLISHED = "published", "Published"
        RATED = "rated", "Rated"
        CORRECTED = "corrected", "Corrected"
        WITHDRAWN = "withdrawn", "Withdrawn"
        CONFLICT_OPENED = "conflict_opened", "Conflict opened"
        CONFLICT_EXPLAINED = "conflict_explained", "Conflict explained"
        CONFLICT_RESOLVED = "conflict_resolved", "Conflict resolved"
        CONFLICT_REOPENED = "conflict_reopened", "Conflict reopened"
        CONFLICT_CLOSED = "conflict_closed", "Conflict closed"

    CONFLICT_KINDS = (Kind.CONFLICT_OPENED, Kind.CONFLICT_EXPLAINED, Kind.CONFLICT_RESOLVED, Kind.CONFLICT_REOPENED,
                      Kind.CONFLICT_CLOSED)

    id = models.BigAutoField(primary_key=True)
    created_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    conflict = models.ForeignKey(Conflict, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # The claim's public address and the note readers were shown, as they were at the change.
    path = models.CharField(max_length=300, blank=True)
    public_note = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(claim__isnull=False) | Q(conflict__isnull=False),
                                              name="change_event_names_something")]

    def __str__(self):
        return f"{self.id}: {self.get_kind_display()}"


class PublicCount(models.Model):
    """A total readers see (published claims, rated, per verdict, sources, conflicts per status).

    Kept by ``claims.services.counts`` in the transaction of each write that changes it, so pages
    read a handful of rows instead of counting 100,000 claims per request. ``manage.py
    public_counts --rebuild`` refills it from scratch (after bulk loads that bypass the services).
    """

    name = models.CharField(max_length=40, primary_key=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}: {self.value}"
