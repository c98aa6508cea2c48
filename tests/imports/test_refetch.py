"""The scheduled re-fetch of imported addresses: a silent edit becomes a new capture through the import path."""
from datetime import timedelta

import pytest
from django.utils import timezone

from claims.models import Appearance
from claims.roles import EDITOR
from claims.services import appearance_add, claim_create
from imports import capture, refetch, services
from imports.models import RefetchCheck
from imports.snapshots import snapshot_review
from sources.models import Snapshot
from tests.factories import user_with_role
from tests.imports.articles import ARTICLE_HTML
from tests.jobs import deferred, run_deferred
from tests.loopback import LoopbackServer, Route

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(settings):
    settings.CROSSCHECK_IMPORT_ALLOW_PRIVATE_ADDRESSES = True
    settings.CROSSCHECK_IMPORT_TIMEOUT = 1
    settings.CROSSCHECK_REFETCH_HOURS = 24
    with LoopbackServer() as server:
        server.routes["/article"] = Route(ARTICLE_HTML.encode())
        yield server


def test_a_silent_edit_is_captured_and_an_unchanged_page_changes_nothing(site):
    url = f"{site.url}/article"
    source = services.import_captured(capture.fetch(url)).source
    pasted = "Twelve ministers resigned on Monday. The cabinet met again on Tuesday to name their successors."
    services.import_captured(capture.from_bytes(pasted.encode(), name="notes.txt"))

    assert refetch.refetch_imported_sources() == 1  # only the source fetched from the web
    (job,) = deferred("imports.refetch_source")
    assert job["args"] == {"source_id": source.pk}
    assert refetch.refetch_imported_sources() == 0  # queued already: not again within the period
    run_deferred("imports.refetch_source")
    check = RefetchCheck.objects.get()
    assert check.outcome == "already known: nothing changed" and check.checked_at is not None
    assert source.snapshots.count() == 1

    site.routes["/article"] = Route(ARTICLE_HTML.replace("over 900,000", "over 800,000").encode())
    RefetchCheck.objects.update(queued_at=timezone.now() - timedelta(hours=25))
    assert refetch.refetch_imported_sources() == 1
    run_deferred("imports.refetch_source")
    latest = source.snapshots.order_by("-captured_at").first()
    assert source.snapshots.count() == 2 and "over 800,000" in latest.text
    assert RefetchCheck.objects.get().outcome == "new version of a known source"


def test_a_page_that_cannot_be_fetched_is_noted_and_tried_next_period(site):
    url = f"{site.url}/article"
    services.import_captured(capture.fetch(url))
    del site.routes["/article"]
    refetch.refetch_imported_sources()
    run_deferred("imports.refetch_source")
    check = RefetchCheck.objects.get()
    assert check.outcome == "could not fetch" and "404" in check.error and check.failures == 1
    assert Snapshot.objects.count() == 1 and deferred() == []  # no retry loop: the next period tries again


def test_re_fetching_is_off_with_no_period(site, settings):
    services.import_captured(capture.fetch(f"{site.url}/article"))
    settings.CROSSCHECK_REFETCH_HOURS = 0
    assert refetch.refetch_imported_sources() == 0 and deferred() == []


def test_a_changed_page_of_a_source_readers_see_waits_for_an_editor(site, client):
    """Whoever controls the address (its publisher, or whoever holds the domain next) writes no public byte unreviewed."""
    url = f"{site.url}/article"
    source = services.import_captured(capture.fetch(url)).source
    claim = claim_create(statement="The treaties ceded over 900,000 km².", status="published")
    appearance_add(claim=claim, source=source, quote="surrendered over 900,000 square kilometers",
                   snapshot=source.snapshots.get())
    before = client.get(f"/sources/{source.slug}/").content.decode()
    site.routes["/article"] = Route(ARTICLE_HTML.replace("over 900,000", "Zqplanted 1 square").encode())
    refetch.refetch_imported_sources()
    run_deferred("imports.refetch_source")
    latest = source.snapshots.order_by("-captured_at").first()
    assert "Zqplanted" in latest.text and latest.status == "pending"
    assert RefetchCheck.objects.get().outcome == "new version of a published source, waiting for an editor"
    assert client.get(f"/sources/{source.slug}/").content.decode() == before
    assert Appearance.objects.get().anchor == "exact"  # the quote still sits in the text readers read
    snapshot_review(snapshot=latest, user=user_with_role(EDITOR), approve=True)
    assert "Zqplanted" in client.get(f"/sources/{source.slug}/").content.decode()
