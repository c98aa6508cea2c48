"""Webhook subscriptions: every write to them, and the role check each makes (the admin and the API call these).

A secret is made here and returned to the caller once, on creation and on rotation; nothing else
reads it but the signing (``webhooks.delivery``).
"""
from __future__ import annotations

import socket
from dataclasses import dataclass
from typing import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from claims.errors import ServiceError
from claims.services.permissions import may, require
from project import http
from webhooks import delivery as deliveries
from webhooks.models import Delivery, Subscription, new_secret
from webhooks.roles import MANAGE_WEBHOOKS

_DOING = "manage webhook subscriptions"


@dataclass(frozen=True)
class Issued:
    """A subscription with the secret just made for it: give ``secret`` to the receiver now, it is not shown again."""

    subscription: Subscription
    secret: str


def may_manage_webhooks(user) -> bool:
    """Say whether ``user`` lists, creates, changes, rotates and deletes subscriptions and replays deliveries."""
    return bool(user is None or user.is_active) and may(user, MANAGE_WEBHOOKS)


def subscriptions_for(user):
    """Return the subscriptions ``user`` may manage (all of them), refusing anyone without the role."""
    require(user, MANAGE_WEBHOOKS, _DOING)
    return Subscription.objects.select_related("created_by").order_by("id")


def deliveries_for(user):
    """Return the delivery log ``user`` may read, refusing anyone without the role."""
    require(user, MANAGE_WEBHOOKS, _DOING)
    return Delivery.objects.all()


def check_receiver(url: str) -> str:
    """Return ``url`` cleaned if events may be sent there; refuse a bad or (unless allowed) private address."""
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ServiceError("Give the receiver's http:// or https:// address.", fields={"url": [
            "Enter an http:// or https:// URL."]}) from None
    if len(url) > Subscription._meta.get_field("url").max_length:
        raise ServiceError("The receiver's address is too long.", fields={"url": ["At most 500 characters."]})
    try:
        http.check_address(url, allow_private=settings.CROSSCHECK_WEBHOOK_ALLOW_PRIVATE_ADDRESSES)
    except http.OutboundError as exc:
        # A name that does not resolve yet may by the first event (deliveries check again); a local one never may.
        if not isinstance(exc.__cause__, socket.gaierror):
            raise ServiceError(f"Events cannot be sent there: {exc}.", fields={"url": [str(exc)]}) from None
    return url


def _check_description(description: str) -> str:
    description = (description or "").strip()
    if len(description) > Subscription._meta.get_field("description").max_length:
        raise ServiceError("The description is too long.", fields={"description": ["At most 200 characters."]})
    return description


@transaction.atomic
def subscription_create(*, url: str, description: str = "", active: bool = True, user) -> Issued:
    """Register a receiver for every change-feed event; return it with its new secret (shown this once)."""
    require(user, MANAGE_WEBHOOKS, _DOING)
    secret = new_secret()
    subscription = Subscription.objects.create(url=check_receiver(url), description=_check_description(description),
                                               active=active, secret=secret, created_by=user)
    return Issued(subscription, secret)


@transaction.atomic
def subscription_update(*, subscription: Subscription, user, url: str | None = None, description: str | None = None,
                        active: bool | None = None) -> Subscription:
    """Change a subscription's address, description or whether it receives events (its secret stays)."""
    require(user, MANAGE_WEBHOOKS, _DOING)
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if url is not None:
        subscription.url = check_receiver(url)
    if description is not None:
        subscription.description = _check_description(description)
    if active is not None:
        subscription.active = active
    subscription.save(update_fields=["url", "description", "active"])
    return subscription


@transaction.atomic
def subscription_rotate_secret(*, subscription: Subscription, user) -> Issued:
    """Replace a subscription's secret; return the new one (shown this once). Later attempts are signed with it."""
    require(user, MANAGE_WEBHOOKS, _DOING)
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    subscription.secret, subscription.secret_rotated_at = new_secret(), timezone.now()
    subscription.save(update_fields=["secret", "secret_rotated_at"])
    return Issued(subscription, subscription.secret)


@transaction.atomic
def subscription_delete(*, subscription: Subscription, user) -> None:
    """Stop sending to a receiver and forget it with its delivery log (queued attempts find nothing to send)."""
    require(user, MANAGE_WEBHOOKS, _DOING)
    Subscription.objects.filter(pk=subscription.pk).delete()


@transaction.atomic
def deliveries_replay(*, items: Iterable[Delivery], user) -> int:
    """Send deliveries again from the start, whatever their status; return how many."""
    require(user, MANAGE_WEBHOOKS, _DOING)
    count = 0
    for item in items:
        deliveries.replay(item)
        count += 1
    return count
