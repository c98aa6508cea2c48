"""Signed POSTs of change-feed events to subscriptions, retried with backoff, off the editor's request."""
from __future__ import annotations

import hashlib
import hmac
import json
import threading
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

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
        "conflict": event.conflict_id, "public_note": event.public_note,
    }


def _still_public(event) -> bool:
    # A withdrawn claim's address spells out its old wording: sent only while readers see the claim.
    return selectors.public_claims().filter(pk=event.claim_id).exists()


def sign(secret: str, body: bytes) -> str:
    """Return the signature header's value: HMAC-SHA256 of the exact body, hex, prefixed by the algorithm."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def enqueue(event) -> int:
    """Queue ``event`` for every active subscription, in the caller's transaction; start a worker at commit."""
    deliveries = Delivery.objects.bulk_create(
        [Delivery(subscription=subscription, event=event) for subscription in Subscription.objects.filter(active=True)])
    if deliveries:
        transaction.on_commit(start_worker_thread)
    return len(deliveries)


def enqueue_on_change(sender, event, **kwargs) -> None:
    """Queue deliveries of a change-feed event the domain just recorded (claims.signals.change_recorded)."""
    enqueue(event)


def pause_after(attempts: int) -> timedelta:
    return timedelta(seconds=min(FIRST_PAUSE * 2 ** (attempts - 1), LONGEST_PAUSE))


def attempt(delivery: Delivery) -> Delivery:
    """POST one delivery once and record the outcome; a failure is scheduled again until MAX_ATTEMPTS."""
    body = json.dumps(payload(delivery.event), separators=(",", ":")).encode()
    subscription = delivery.subscription
    error, code = "", None
    try:
        timeout = settings.CROSSCHECK_WEBHOOK_TIMEOUT
        response = http.send("POST", subscription.url, allow_private=settings.CROSSCHECK_WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
                             timeout=timeout, total=timeout, body=body, headers={
            "Content-Type": "application/json", "User-Agent": "Crosscheck-Webhooks/1",
            SIGNATURE_HEADER: sign(subscription.secret, body),
            "X-Crosscheck-Event": delivery.event.kind, "X-Crosscheck-Delivery": str(delivery.pk),
        })
        code = response.status
        if not 200 <= code < 300:
            error = f"answered HTTP {code}"  # redirects too: a receiver's address is configured, not followed
    except http.OutboundError as exc:
        error = f"could not deliver: {exc}"
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_attempt_at, delivery.last_status_code, delivery.last_error = now, code, error
    if not error:
        delivery.status, delivery.delivered_at = Delivery.Status.DELIVERED, now
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = Delivery.Status.FAILED
    else:
        delivery.next_attempt_at = now + pause_after(delivery.attempts)
    delivery.save()
    return delivery


def deliver_due(limit: int | None = None) -> int:
    """Attempt every due delivery once (each taken by one worker); return how many were attempted."""
    done = 0
    while limit is None or done < limit:
        with transaction.atomic():
            delivery = (Delivery.objects.select_for_update(skip_locked=True, of=("self",))
                        .select_related("subscription", "event")
                        .filter(status=Delivery.Status.PENDING, next_attempt_at__lte=timezone.now())
                        .order_by("next_attempt_at", "id").first())
            if delivery is None:
                break
            # Held locked while posting, so two workers never send the same delivery at once.
            attempt(delivery)
        done += 1
    return done


def replay(delivery: Delivery) -> Delivery:
    """Send a delivery again from the start (the admin's replay), whatever its status."""
    delivery.status, delivery.attempts, delivery.next_attempt_at = Delivery.Status.PENDING, 0, timezone.now()
    delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
    transaction.on_commit(start_worker_thread)
    return delivery


def start_worker_thread() -> threading.Thread:
    """Deliver what is due in a daemon thread, so the editor's request never waits for a receiver."""
    def drain():
        try:
            deliver_due()
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=drain, name="crosscheck-webhooks", daemon=True)
    thread.start()
    return thread
