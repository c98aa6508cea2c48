"""The source page, read as values through compiled queries: what it shows, marks, tags and costs."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import ClaimStatus
from claims.services import appearance_add, claim_create
from sources.models import SnapshotStatus
from tests.factories import PublisherFactory, SnapshotFactory, SourceFactory

pytestmark = pytest.mark.django_db


def published(statement, **fields):
    return claim_create(statement=statement, status=ClaimStatus.PUBLISHED, **fields)


@pytest.fixture
def reposted():
    """A source reposting another, with an approved capture, a newer pending one and a repost of its own."""
    original = SourceFactory(title="The first report", publisher=PublisherFactory(name="Original Daily"))
    source = SourceFactory(title="A repost <of it>", original=original, publisher=PublisherFactory(name="Repost Weekly"),
                           language="ru", kind="article")
    approved = SnapshotFactory(source=source, text="Intro. Aigun ceded 600,000 km². Later, 20 ships & more.")
    SnapshotFactory(source=source, text="A pending capture nobody approved.", status=SnapshotStatus.PENDING)
    copy = SourceFactory(title="A copy of the repost", original=source, publisher=None)
    return {"original": original, "source": source, "snapshot": approved, "copy": copy}


def test_the_page_marks_each_public_quote_in_the_approved_capture(client, reposted):
    source, snapshot = reposted["source"], reposted["snapshot"]
    anchored = published("Aigun ceded 600,000 km².")
    start = snapshot.text.index("Aigun")
    appearance_add(claim=anchored, source=source, quote="Aigun ceded 600,000 km².", snapshot=snapshot,
                   start_offset=start, end_offset=start + len("Aigun ceded 600,000 km²."))
    found = published("There were 20 ships.")
    appearance_add(claim=found, source=source, quote="20 ships & more")  # no anchor: found by its text
    draft = claim_create(statement="A draft about the intro.")
    appearance_add(claim=draft, source=source, quote="Intro.")
    appearance_add(claim=published("On the copy."), source=reposted["copy"], quote="copied")

    page = client.get(reverse("source-detail", args=[source.slug]))
    html = page.content.decode()
    assert html.count("<mark>") == 2 and "A draft about the intro." not in html
    assert (f'<mark><a href="/claims/{anchored.slug}/" title="Aigun ceded 600,000 km².">Aigun ceded 600,000 km².'
            "</a></mark>") in html
    assert f'<a href="/claims/{found.slug}/" title="There were 20 ships.">20 ships &amp; more</a>' in html
    assert "pending capture" not in html
    assert "A repost &lt;of it&gt;" in html and "Repost Weekly" in html and "Russian" in html and "lang=\"ru\"" in html
    assert f'<a href="/sources/{reposted["original"].slug}/">The first report</a> (Original Daily)' in html
    assert f'<a href="/sources/{reposted["copy"].slug}/">A copy of the repost</a>' in html
    keys = set(page["Surrogate-Key"].split())
    assert {f"source:{source.pk}", f"source:{reposted['original'].pk}", f"source:{reposted['copy'].pk}",
            f"publisher:{source.publisher_id}", f"publisher:{reposted['original'].publisher_id}",
            f"claim:{anchored.pk}", f"claim:{found.pk}"} <= keys
    assert f"claim:{draft.pk}" not in keys


def test_the_page_costs_three_queries_however_many_quotes_and_copies(client, reposted):
    source = reposted["source"]
    for n in range(20):
        appearance_add(claim=published(f"Claim {n} from the repost."), source=source, quote=f"quote {n}",
                       snapshot=reposted["snapshot"])
        SourceFactory(original=source)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("source-detail", args=[source.slug])).status_code == 200
        # The source with its publishers, original and shown capture; its public quotes; its public copies.
        assert len(captured) == 3


def test_an_unknown_or_unpublished_source_is_not_found(client):
    unpublished = SourceFactory()
    appearance_add(claim=claim_create(statement="Only a draft cites it."), source=unpublished, quote="draft")
    assert client.get(reverse("source-detail", args=[unpublished.slug])).status_code == 404
    assert client.get(reverse("source-detail", args=["no-such-source"])).status_code == 404
