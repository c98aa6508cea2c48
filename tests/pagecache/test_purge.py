"""Purges by tag reach a CDN's purge API after commit; a failed purge is logged, counted and sent again."""
import json
import logging

import pytest
from django.core.management import CommandError, call_command

from claims.services import claim_create
from pagecache.models import PurgeTarget
from tests.loopback import LoopbackServer, Route


@pytest.mark.django_db(transaction=True)
def test_a_publication_posts_its_tags_after_commit_and_a_failed_purge_is_sent_again(settings, caplog):
    with LoopbackServer() as cdn:
        settings.CROSSCHECK_PURGE_URLS = [f"{cdn.url}/purge"]
        settings.CROSSCHECK_PURGE_KIND = "http"
        settings.CROSSCHECK_PURGE_TOKEN = "cdn-token"
        cdn.routes["/purge"] = Route(status=503)  # the CDN's API is down
        with caplog.at_level(logging.ERROR, logger="pagecache.purge"):
            claim = claim_create(statement="The ferry carries 600 passengers.", status="published")
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
def test_send_purges_explains_what_is_missing_or_down(settings):
    settings.CROSSCHECK_PURGE_URLS = []
    with pytest.raises(CommandError, match="CROSSCHECK_PURGE_URLS is empty"):
        call_command("send_purges")
    settings.CROSSCHECK_PURGE_URLS = ["http://127.0.0.1:1/"]  # nothing listens there
    settings.CROSSCHECK_PURGE_KIND = "xkey"
    claim_create(statement="The canal is 80 km long.", status="published")
    with pytest.raises(CommandError, match="unreachable"):
        call_command("send_purges")
    assert PurgeTarget.objects.get().failures >= 2
