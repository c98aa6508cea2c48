"""Subscriptions to the change feed, and each delivery of an event to one of them."""
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class Subscription(models.Model):
    """A receiver a webhook manager registered: every change-feed event is POSTed to it, signed with its secret.

    Written only through ``webhooks.services``, which checks the role and shows the secret once.
    """

    url = models.URLField(max_length=500, help_text="Where events are POSTed (http or https).")
    description = models.CharField(max_length=200, blank=True)
    # The HMAC-SHA256 key itself: signing needs it, so it is kept, but it is handed out only by the
    # service that makes it (creation, rotation) and no screen or answer shows it again.
    secret = models.CharField(max_length=100, default=new_secret, editable=False)
    secret_rotated_at = models.DateTimeField(default=timezone.now, help_text="When the current secret was made.")
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        permissions = [("manage_subscription", "Can create, change, rotate the secret of and delete webhook "
                                               "subscriptions, and replay their deliveries")]

    def __str__(self):
        return self.description or self.url

    @property
    def fingerprint(self) -> str:
        """Name the current secret without revealing it: the first 12 hex digits of its SHA-256."""
        return hashlib.sha256(self.secret.encode()).hexdigest()[:12]


class Delivery(models.Model):
    """One event for one subscription: tried until the receiver answers 2xx, with growing pauses."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed (gave up)"

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey("claims.ChangeEvent", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]

    def __str__(self):
        return f"{self.event} → {self.subscription} ({self.get_status_display()})"
