"""Idempotency keys: a retried POST gets the answer of the first one instead of writing twice."""
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models


class IdempotentRequest(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of method, path and body.")
    status = models.PositiveSmallIntegerField()
    body = models.JSONField(null=True)
    headers = models.JSONField(default=dict, help_text="The answer's ETag and Location, replayed with it.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user")]

    def __str__(self):
        return f"{self.user} {self.key} → {self.status}"


class ThrottleWindow(models.Model):
    """One client's recent requests under one API rate (api.throttling), newest first, when the cache is the database.

    One statement reads the window and records the request in it, where DRF's cache counter took a read
    and a write. The table is unlogged (migration 0003): counts need not survive a crash.
    """

    key = models.CharField(max_length=255, primary_key=True)
    hits = ArrayField(models.FloatField(), help_text="Times of the requests counted (seconds), newest first.")

    def __str__(self):
        return f"{self.key}: {len(self.hits)}"
