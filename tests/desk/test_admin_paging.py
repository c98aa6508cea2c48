"""Changelists of the large tables count from PostgreSQL's estimate when unfiltered, exactly when filtered."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.admin import paging as admin_paging
from tests.desk.rows import make_claim_rows

pytestmark = pytest.mark.django_db


def changelist(client, query=""):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("admin:claims_claim_changelist") + query)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in captured]


def test_an_unfiltered_changelist_reads_the_estimate_not_a_count(admin_client, monkeypatch):
    make_claim_rows(20)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim")  # what autovacuum does on a live database
    monkeypatch.setattr(admin_paging, "EXACT_BELOW", 0)
    page, queries = changelist(admin_client)
    assert not [q for q in queries if "COUNT(" in q.upper() and "claims_claim" in q and "SUBQUERY" not in q.upper()
                and q.upper().lstrip().startswith("SELECT COUNT")]
    assert any("reltuples" in q for q in queries)
    assert "20 claims" in page
    # session, user, metric filter choices, the estimate, rows, subjects prefetch
    assert len(queries) == 6


def test_a_small_or_filtered_changelist_counts_exactly(admin_client):
    make_claim_rows(3)
    page, queries = changelist(admin_client)
    assert "3 claims" in page  # below EXACT_BELOW: an exact count
    page, queries = changelist(admin_client, "?status__exact=draft")
    assert any(q.upper().lstrip().startswith("SELECT COUNT") for q in queries)


def test_the_evidence_changelist_filters_by_one_source_without_listing_them_all(admin_client):
    from claims.services import appearance_add, claim_create
    from tests.factories import SourceFactory

    claim = claim_create(statement="A draft with evidence.")
    kept, other = SourceFactory(title="The kept source"), SourceFactory(title="Another source")
    appearance_add(claim=claim, source=kept, quote="kept quote")
    appearance_add(claim=claim, source=other, quote="other quote")
    url = reverse("admin:claims_appearance_changelist")
    everything = admin_client.get(url).content.decode()
    assert "kept quote" in everything and "other quote" in everything
    assert "The kept source</a></li>" not in everything  # no link per source in the sidebar
    filtered = admin_client.get(url, {"source": kept.pk}).content.decode()
    assert "kept quote" in filtered and "other quote" not in filtered and "The kept source" in filtered
    assert "other quote" not in admin_client.get(url, {"source": "x"}).content.decode()


def test_the_sources_changelist_filters_by_one_publisher_without_reading_every_source(admin_client):
    from tests.factories import PublisherFactory, SourceFactory

    kept, other = PublisherFactory(name="The Kept Gazette"), PublisherFactory(name="Another Courier")
    SourceFactory(title="A kept story", publisher=kept)
    SourceFactory(title="Another story", publisher=other)
    url = reverse("admin:sources_source_changelist")
    with CaptureQueriesContext(connection) as captured:
        everything = admin_client.get(url).content.decode()
    assert "A kept story" in everything and "Another story" in everything
    assert "The Kept Gazette</a></li>" not in everything  # no link per publisher in the sidebar
    # session, user, the estimate and (a small table) the exact count, the rows: no distinct
    # publishers, no years of publication
    assert len(captured) == 5
    assert not [q["sql"] for q in captured if "DISTINCT" in q["sql"].upper()]
    publishers = admin_client.get(reverse("admin:sources_publisher_changelist")).content.decode()
    assert f'href="{url}?publisher={kept.pk}"' in publishers  # the count links to the publisher's sources
    filtered = admin_client.get(url, {"publisher": kept.pk}).content.decode()
    assert "A kept story" in filtered and "Another story" not in filtered and "The Kept Gazette" in filtered
    assert "A kept story" not in admin_client.get(url, {"publisher": "x"}).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_conflicts_changelist_reads_its_page_off_an_index_not_a_sort_of_every_conflict(admin_client):
    from claims.models import Conflict
    from tests.factories import make_conflicting_claims

    make_conflicting_claims(1)
    columns = [f.column for f in Conflict._meta.concrete_fields if f.column != "id"]
    overrides = {"title": "'Copy ' || g", "kind": "'manual'", "comparison_key": "''",
                 "updated_at": "now() - g * interval '1 minute'"}
    values = ", ".join(overrides.get(column, f'c."{column}"') for column in columns)
    with connection.cursor() as cursor:  # 20,000 conflicts, as a corpus of a million claims has
        cursor.execute(f'INSERT INTO claims_conflict ({", ".join(columns)}) SELECT {values} '
                       "FROM claims_conflict c, generate_series(1, 20000) g")
        cursor.execute("ANALYZE claims_conflict")
    with CaptureQueriesContext(connection) as captured:
        assert admin_client.get(reverse("admin:claims_conflict_changelist")).status_code == 200
    [page] = [q["sql"] for q in captured if "ORDER BY" in q["sql"] and 'FROM "claims_conflict"' in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + page)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "conflict_recent_first" in plan and "Sort" not in plan, plan
