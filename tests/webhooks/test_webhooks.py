"""Webhooks: change-feed events POSTed to subscribers, signed, retried with backoff, logged, replayable."""
import hashlib
import hmac
import json
import socket
from datetime import timedelta

import pytest
from django.utils import timezone

from claims.models import ChangeEvent
from claims.roles import CONTRIBUTOR
from tests.jobs import deferred, run_deferred
from tests.loopback import LoopbackServer, Route
from tests.workflow import PUBLISHED, draft, person, put_in_state
from webhooks import delivery as webhooks
from webhooks.models import Delivery, Subscription

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _loopback_receivers(settings):
    settings.CROSSCHECK_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    settings.CROSSCHECK_WEBHOOK_TIMEOUT = 2
    settings.CROSSCHECK_SITE_URL = "https://crosscheck.example.org/"


def publish_one(statement="They met 40 times."):
    author = person(CONTRIBUTOR)
    return put_in_state(draft(author, statement=statement), PUBLISHED, author)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_event_is_posted_signed_to_every_active_subscriber():
    with LoopbackServer() as receiver:
        subscription = Subscription.objects.create(url=f"{receiver.url}/hook")
        Subscription.objects.create(url=f"{receiver.url}/inactive", active=False)
        claim = publish_one()
        assert webhooks.deliver_due() == 1
    (path, headers, body), = receiver.posts
    event = ChangeEvent.objects.get()
    assert path == "/hook" and headers["Content-Type"] == "application/json"
    expected = "sha256=" + hmac.new(subscription.secret.encode(), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Crosscheck-Signature"], expected)
    sent = json.loads(body)
    assert sent["cursor"] == event.id and sent["kind"] == "published" and sent["claim"] == claim.pk
    assert sent["claim_url"] == f"https://crosscheck.example.org{claim.get_absolute_url()}"
    logged = Delivery.objects.get()
    assert logged.status == "delivered" and logged.attempts == 1 and logged.last_status_code == 204


def test_a_receiver_that_is_down_is_retried_with_backoff_until_it_comes_back():
    port = free_port()
    Subscription.objects.create(url=f"http://127.0.0.1:{port}/hook")
    publish_one()
    assert webhooks.deliver_due() == 1  # nobody listens: refused
    first = Delivery.objects.get()
    assert first.status == "pending" and first.attempts == 1 and "could not deliver" in first.last_error
    pause = first.next_attempt_at - first.last_attempt_at
    assert timedelta(seconds=29) < pause <= timedelta(seconds=31)
    assert webhooks.deliver_due() == 0  # not due yet
    Delivery.objects.update(next_attempt_at=timezone.now())

    with LoopbackServer(port=port) as receiver:
        receiver.routes["/hook"] = Route(status=503)
        assert webhooks.deliver_due() == 1
        second = Delivery.objects.get()
        assert second.attempts == 2 and second.last_status_code == 503 and second.status == "pending"
        assert second.next_attempt_at - second.last_attempt_at > pause  # the pause grows
        Delivery.objects.update(next_attempt_at=timezone.now())
        del receiver.routes["/hook"]
        assert webhooks.deliver_due() == 1
    done = Delivery.objects.get()
    assert done.status == "delivered" and done.attempts == 3 and len(receiver.posts) == 2


def test_a_delivery_gives_up_after_the_last_attempt_and_can_be_replayed():
    with LoopbackServer() as receiver:
        receiver.routes["/hook"] = Route(status=500)
        Subscription.objects.create(url=f"{receiver.url}/hook")
        publish_one()
        for _ in range(webhooks.MAX_ATTEMPTS):
            Delivery.objects.update(next_attempt_at=timezone.now())
            webhooks.deliver_due()
        failed = Delivery.objects.get()
        assert failed.status == "failed" and failed.attempts == webhooks.MAX_ATTEMPTS
        del receiver.routes["/hook"]
        webhooks.replay(failed)
        assert webhooks.deliver_due() == 1
    assert Delivery.objects.get().status == "delivered"


def test_private_addresses_are_refused_unless_allowed(settings):
    settings.CROSSCHECK_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    with LoopbackServer() as receiver:
        Subscription.objects.create(url=f"{receiver.url}/hook")
        publish_one()
        webhooks.deliver_due()
    assert receiver.posts == []
    assert "private or local address" in Delivery.objects.get().last_error


def test_the_editors_request_does_not_wait_for_a_slow_receiver(admin_client, django_capture_on_commit_callbacks):
    Subscription.objects.create(url="http://127.0.0.1:9/hook")
    with django_capture_on_commit_callbacks() as callbacks:
        publish_one()
    # A worker's job, deferred in the publication's own transaction; nothing is sent at commit.
    assert callbacks == [] and Delivery.objects.get().attempts == 0
    (job,) = deferred("webhooks.deliver")
    assert job["args"]["delivery_id"] == Delivery.objects.get().pk


def test_a_failed_attempt_schedules_the_next_job_and_a_replay_supersedes_older_jobs():
    port = free_port()
    Subscription.objects.create(url=f"http://127.0.0.1:{port}/hook")
    publish_one()
    assert run_deferred("webhooks.deliver") == 1  # refused: the retry is a job due in 30 s
    (retry,) = deferred("webhooks.deliver")
    delivery = Delivery.objects.get()
    assert retry["scheduled_at"] == delivery.next_attempt_at and delivery.attempts == 1
    with LoopbackServer(port=port) as receiver:
        webhooks.replay(delivery)
        assert run_deferred("webhooks.deliver") == 1  # the replay's job; the retry's is not due yet
        assert len(receiver.posts) == 1 and Delivery.objects.get().status == "delivered"
        # The superseded retry job finds its delivery done and sends nothing.
        assert webhooks.deliver(delivery_id=delivery.pk, due=retry["args"]["due"]) == "superseded"
    assert len(receiver.posts) == 1


def test_the_admin_replays_a_delivery(admin_client):
    with LoopbackServer() as receiver:
        Subscription.objects.create(url=f"{receiver.url}/hook")
        publish_one()
        webhooks.deliver_due()
        delivery = Delivery.objects.get()
        response = admin_client.post("/admin/webhooks/delivery/", {"action": "replay", "_selected_action": [delivery.pk]})
        assert response.status_code == 302
        delivery.refresh_from_db()
        assert delivery.status == "pending" and delivery.attempts == 0
        assert webhooks.deliver_due() == 1
    assert len(receiver.posts) == 2


def test_the_deliveries_list_costs_the_same_queries_for_one_row_or_many(admin_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    Subscription.objects.create(url="http://127.0.0.1:9/hook", description="Receiver")
    counts = []
    for n in (1, 19):
        for i in range(n):
            publish_one(f"They met {n}{i} times.")
        assert Delivery.objects.count() >= n
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get("/admin/webhooks/delivery/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db(transaction=True)
def test_no_lock_or_transaction_is_held_while_posting():
    """While the receiver handles the POST, the delivery row is free and the attempt already committed."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from django.db import connection, transaction

    seen = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the stdlib's name
            self.rfile.read(int(self.headers["Content-Length"]))
            try:  # another connection (this thread's own): NOWAIT fails at once if anyone holds the row
                with transaction.atomic():
                    row = Delivery.objects.select_for_update(nowait=True).get(pk=int(self.headers["X-Crosscheck-Delivery"]))
                    seen.append(("free", row.attempts))
            except Exception as error:  # noqa: BLE001 - recorded for the assertion below
                seen.append(("locked", str(error)))
            finally:
                connection.close()
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        Subscription.objects.create(url=f"http://127.0.0.1:{server.server_address[1]}/hook")
        publish_one()
        assert run_deferred("webhooks.deliver") == 1
    finally:
        server.shutdown()
        server.server_close()
    assert seen == [("free", 1)]  # unlocked, and the attempt was counted and committed before the POST
    assert Delivery.objects.get().status == "delivered"
