"""Signed POSTs of change-feed events to subscriptions, retried with backoff, off the editor's request.

Each delivery is a row (the log the admin shows) and a worker job, deferred in the transaction that
recorded the event and scheduled again at each retry. A job carries the time it is due for: replaying
a delivery gives it a new due time, so an older job of the same delivery finds itself superseded and
does nothing. A POST is never made inside a transaction or under a lock: the attempt is counted and
committed first, then the POST, then its outcome is recorded.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from procrastinate.contrib.django import app

from claims import selectors
from project import http
from project.site import absolute
from webhooks.models import Delivery, Subscription

SIGNATURE_HEADER = "X-Crosscheck-Signature"
MAX_ATTEMPTS = 8
# Seconds to wait after the n-th failure: 30 s, 1 min, 2 min ... capped at 6 h (about 12 h in all).
FIRST_PAUSE, LONGEST_PAUSE = 30, 6 * 3600


def payload(event) -> dict:
    """Return the event as the change feed shows it, with absolute URLs from the configured site URL."""
    return {
        "cursor": event.id, "kind": event.kind, "created_at": event.created_at.isoformat(),
        "claim": event.claim_id, "claim_url": absolute(event.path) if event.path and _still_public(event) else None,
        "conflict": event.conflict_id, "conflict_url": _conflict_url(event), "public_note": event.public_note,
    }


def _still_public(event) -> bool:
    # A withdrawn claim's address spells out its old wording: sent only while readers see the claim.
    return selectors.public_claims().filter(pk=event.claim_id).exists()


def _conflict_url(event) -> str | None:
    # A closed conflict's page is gone for readers: its address is sent only while they see it.
    if event.conflict_id is None or not selectors.public_conflict_rows().filter(pk=event.conflict_id).exists():
        return None
    return absolute(reverse("conflict-detail", args=[event.conflict_id]))


def sign(secret: str, body: bytes) -> str:
    """Return the signature header's value: HMAC-SHA256 of the exact body, hex, prefixed by the algorithm."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def enqueue(*events) -> int:
    """Queue ``events`` for every active subscription, in the caller's transaction (jobs exist once it commits)."""
    subscriptions = list(Subscription.objects.filter(active=True))
    deliveries = Delivery.objects.bulk_create(
        [Delivery(subscription=subscription, event=event) for event in events for subscription in subscriptions])
    for item in deliveries:
        _schedule(item)
    return len(deliveries)


def enqueue_on_change(sender, events, **kwargs) -> None:
    """Queue deliveries of change-feed events the domain just recorded (claims.signals.change_recorded)."""
    enqueue(*events)


def pause_after(attempts: int) -> timedelta:
    return timedelta(seconds=min(FIRST_PAUSE * 2 ** (attempts - 1), LONGEST_PAUSE))


def _schedule(delivery: Delivery) -> None:
    """Defer the job of the delivery's next attempt, at its due time, in the current transaction."""
    # No job lock: procrastinate runs locked jobs in creation order, so a retry scheduled hours ahead
    # would hold back a replay. The due time is the token instead (see _claim).
    deliver.configure(schedule_at=delivery.next_attempt_at).defer(
        delivery_id=delivery.pk, due=delivery.next_attempt_at.isoformat())


@app.task(queue="webhooks", name="webhooks.deliver")
def deliver(delivery_id: int, due: str) -> str:
    """Make the delivery's attempt that was due at ``due`` (the worker's job); return what happened."""
    delivery = _claim(delivery_id, datetime.fromisoformat(due))
    if delivery is None:
        return "superseded"
    code, error = _post(delivery)
    _record(delivery, code, error)
    return error or f"delivered ({code})"


def _claim(delivery_id: int, due: datetime) -> Delivery | None:
    """Count the attempt and commit it before posting; None if the delivery is done or was rescheduled."""
    with transaction.atomic():
        delivery = (Delivery.objects.select_for_update(of=("self",)).select_related("subscription", "event")
                    .filter(pk=delivery_id, status=Delivery.Status.PENDING, next_attempt_at=due).first())
        if delivery is None:
            return None
        delivery.attempts += 1
        delivery.last_attempt_at = timezone.now()
        delivery.save(update_fields=["attempts", "last_attempt_at"])
        return delivery


def _post(delivery: Delivery) -> tuple[int | None, str]:
    """POST the delivery once; return the status code (None if none came) and an error ("" for 2xx)."""
    body = json.dumps(payload(delivery.event), separators=(",", ":")).encode()
    subscription = delivery.subscription
    try:
        timeout = settings.CROSSCHECK_WEBHOOK_TIMEOUT
        response = http.send("POST", subscription.url, allow_private=settings.CROSSCHECK_WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
                             timeout=timeout, total=timeout, body=body, headers={
            "Content-Type": "application/json", "User-Agent": "Crosscheck-Webhooks/1",
            SIGNATURE_HEADER: sign(subscription.secret, body),
            "X-Crosscheck-Event": delivery.event.kind, "X-Crosscheck-Delivery": str(delivery.pk),
        })
    except http.OutboundError as exc:
        return None, f"could not deliver: {exc}"
    if not 200 <= response.status < 300:
        return response.status, f"answered HTTP {response.status}"  # redirects too: an address is configured
    return response.status, ""


def _record(delivery: Delivery, code: int | None, error: str) -> None:
    """Record an attempt's outcome; schedule the next one after a failure, until MAX_ATTEMPTS."""
    with transaction.atomic():
        current = Delivery.objects.select_for_update().filter(
            pk=delivery.pk, status=Delivery.Status.PENDING, next_attempt_at=delivery.next_attempt_at).first()
        if current is None:
            return  # replayed while this attempt was in flight: the replay's own job takes over
        now = timezone.now()
        current.last_status_code, current.last_error = code, error
        if not error:
            current.status, current.delivered_at = Delivery.Status.DELIVERED, now
        elif current.attempts >= MAX_ATTEMPTS:
            current.status = Delivery.Status.FAILED
        else:
            current.next_attempt_at = now + pause_after(current.attempts)
            _schedule(current)
        current.save()


def deliver_due(limit: int | None = None) -> int:
    """Make every due attempt in this process, as workers do; return how many were made (tests, shells)."""
    due = (Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=timezone.now())
           .order_by("next_attempt_at", "id").values_list("pk", "next_attempt_at")[:limit])
    done = 0
    for delivery_id, next_attempt_at in due:
        if deliver(delivery_id=delivery_id, due=next_attempt_at.isoformat()) != "superseded":
            done += 1
    return done


def replay(delivery: Delivery) -> Delivery:
    """Send a delivery again from the start (the admin's replay), whatever its status."""
    delivery.status, delivery.attempts, delivery.next_attempt_at = Delivery.Status.PENDING, 0, timezone.now()
    delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
    _schedule(delivery)
    return delivery
