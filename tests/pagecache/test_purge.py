"""Purges by tag reach a CDN's purge API from a job deferred with the change; a failed purge is logged,
counted and sent again; each purge is repeated after the longest request time."""
import json
import logging
import socket
import threading

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from claims.services import claim_create
from pagecache.models import PurgeTarget
from pagecache.purge import PurgeFailed, purge_changes
from tests.jobs import deferred
from tests.loopback import LoopbackServer, Route


@pytest.mark.django_db(transaction=True)
def test_a_publication_posts_its_tags_after_commit_and_a_failed_purge_is_sent_again(settings, caplog):
    with LoopbackServer() as cdn:
        settings.CROSSCHECK_PURGE_URLS = [f"{cdn.url}/purge"]
        settings.CROSSCHECK_PURGE_KIND = "http"
        settings.CROSSCHECK_PURGE_TOKEN = "cdn-token"
        cdn.routes["/purge"] = Route(status=503)  # the CDN's API is down
        claim = claim_create(statement="The ferry carries 600 passengers.", status="published")
        assert cdn.posts == []  # nothing inside the change's request: one job for a worker
        (job,) = deferred("pagecache.purge_changes")
        with caplog.at_level(logging.ERROR, logger="pagecache.purge"), pytest.raises(PurgeFailed):
            purge_changes(**job["args"])  # what the worker runs; raising makes the job retry with backoff
        assert "failed, to be sent again" in caplog.text
        target = PurgeTarget.objects.get()
        assert target.failures == 1 and "503" in target.last_error and target.purged_through == 0

        cdn.routes["/purge"] = Route(status=200)  # back: the command sends what is owed
        cdn.posts.clear()
        call_command("send_purges")
        path, headers, body = cdn.posts[-1]
        tags = json.loads(body)["tags"]
        assert f"claim:{claim.pk}" in tags and "list:claims" in tags
        assert headers["Authorization"] == "Bearer cdn-token" and headers["Surrogate-Key"].split() == tags
        target.refresh_from_db()
        assert target.failures == 0 and target.purged_through > 0 and target.last_error == ""

        cdn.posts.clear()
        call_command("send_purges")
        assert cdn.posts == []  # nothing owed: nothing sent twice


@pytest.mark.django_db(transaction=True)
def test_a_transaction_defers_one_purge_and_each_purge_is_repeated_after_the_longest_request(settings):
    from django.db import transaction

    with LoopbackServer() as cdn:
        settings.CROSSCHECK_PURGE_URLS = [f"{cdn.url}/purge"]
        settings.CROSSCHECK_PURGE_KIND = "http"
        settings.CROSSCHECK_PURGE_REPEAT_AFTER = 30
        with transaction.atomic():
            first = claim_create(statement="The bridge is 2 km long.", status="published")
            second = claim_create(statement="The tunnel is 9 km long.", status="published")
        (job,) = deferred("pagecache.purge_changes")
        purge_changes(**job["args"])
        (_, _, body), = cdn.posts
        assert {f"claim:{first.pk}", f"claim:{second.pk}"} <= set(json.loads(body)["tags"])
        (repeat,) = [j for j in deferred("pagecache.purge_changes") if j["id"] != job["id"]]
        assert 25 < (repeat["scheduled_at"] - timezone.now()).total_seconds() <= 30
        # The repeat sends the same tags again, although the first purge went through.
        purge_changes(**repeat["args"])
        assert json.loads(cdn.posts[-1][2])["tags"] == json.loads(body)["tags"]
        assert len(deferred("pagecache.purge_changes")) == 2  # a repeat is not repeated


@pytest.mark.django_db(transaction=True)
def test_send_purges_explains_what_is_missing_or_down(settings):
    settings.CROSSCHECK_PURGE_URLS = []
    with pytest.raises(CommandError, match="CROSSCHECK_PURGE_URLS is empty"):
        call_command("send_purges")
    settings.CROSSCHECK_PURGE_URLS = ["http://127.0.0.1:1/"]  # nothing listens there
    settings.CROSSCHECK_PURGE_KIND = "xkey"
    claim_create(statement="The canal is 80 km long.", status="published")
    with pytest.raises(CommandError, match="unreachable"):
        call_command("send_purges")
    assert PurgeTarget.objects.get().failures == 1  # the publication only deferred a job


class FrozenCache:
    """A purge target that accepts connections and never answers (a frozen Varnish); counts them."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/"
        self.connections: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                self.connections.append(self.listener.accept()[0])
            except OSError:
                return

    def close(self):
        self.listener.close()
        for held in self.connections:
            held.close()


@pytest.mark.django_db(transaction=True)
def test_a_frozen_purge_target_is_never_waited_for_inside_the_approval(settings):
    from rest_framework.test import APIClient

    from claims.roles import CHIEF_EDITOR, CONTRIBUTOR
    from claims.services import claim_transition
    from tests.factories import if_match, user_with_role

    frozen = FrozenCache()
    try:
        settings.CROSSCHECK_PURGE_URLS, settings.CROSSCHECK_PURGE_KIND = [frozen.url], "xkey"
        settings.CROSSCHECK_PURGE_TIMEOUT = 1
        author, chief = user_with_role(CONTRIBUTOR, "author"), user_with_role(CHIEF_EDITOR, "chief")
        claim = claim_create(statement="The lock lifts ships 20 metres.", created_by=author)
        claim_transition(claim=claim, action="submit", user=author)
        client = APIClient()
        client.force_authenticate(chief)
        url = f"/api/v1/claims/{claim.pk}/approve/"
        response = client.post(url, {"note": "Checked."}, format="json", **if_match(client, url))
        assert response.status_code == 200 and response.json()["claim"]["status"] == "published"
        assert frozen.connections == []  # the request never contacted the cache
        jobs = deferred("pagecache.purge_changes")
        assert jobs, "the approval deferred no purge"
        with pytest.raises(PurgeFailed, match="unreachable"):
            purge_changes(**jobs[-1]["args"])  # a worker waits for the frozen cache instead, and retries
        assert len(frozen.connections) == 1
    finally:
        frozen.close()
