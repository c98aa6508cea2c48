"""Query parameters: a wrong one is a 400 that names it, never a 500 and never a silently wrong list."""
import base64

import pytest
from django.test import Client
from rest_framework.test import APIClient

from claims.models import ClaimStatus
from claims.roles import EDITOR
from claims.services import claim_create
from tests.factories import MetricFactory, PublisherFactory, SourceFactory, user_with_role

pytestmark = pytest.mark.django_db


def _cursor(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _refused(response, parameter):
    assert response.status_code == 400, (response.status_code, response.content[:300])
    error = response.json()["error"]
    assert error["code"] == "invalid" and parameter in error["fields"], error
    return error


@pytest.fixture
def published():
    return [claim_create(statement=f"Published claim {n}.", status=ClaimStatus.PUBLISHED) for n in range(3)]


@pytest.mark.parametrize("cursor", ["not-base64!", _cursor("p=abc"), _cursor("p=99999999999999999999999"),
                                    _cursor("o=-1"), _cursor("p=1\x00"), _cursor("o=99999999999999999999999")])
def test_a_malformed_cursor_is_a_400_naming_it(published, cursor):
    _refused(APIClient().get("/api/v1/claims/", {"cursor": cursor}), "cursor")
    _refused(APIClient().get("/api/v1/publishers/", {"cursor": cursor}), "cursor")


def test_a_cursor_reused_with_another_ordering_is_a_400(published):
    client = APIClient()
    first = client.get("/api/v1/claims/", {"page_size": 1, "ordering": "published_at"}).json()
    assert first["next"]
    cursor = first["next"].split("cursor=")[1].split("&")[0]
    _refused(client.get("/api/v1/claims/", {"cursor": cursor, "ordering": "id", "page_size": 1}), "cursor")
    _refused(client.get("/api/v1/claims/", {"cursor": cursor, "page_size": 1}), "cursor")
    again = client.get("/api/v1/claims/", {"cursor": cursor, "ordering": "published_at", "page_size": 1})
    assert again.status_code == 200 and len(again.json()["results"]) == 1


def test_following_next_pages_through_everything_once(published):
    client, seen, url = APIClient(), [], "/api/v1/claims/?page_size=1&ordering=-published_at"
    while url:
        page = client.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert sorted(seen) == sorted(claim.pk for claim in published)


@pytest.mark.parametrize("ordering", ["nonsense", "statement,-id", "-", "id,,"])
def test_an_unknown_ordering_is_a_400_naming_it(published, ordering):
    _refused(APIClient().get("/api/v1/claims/", {"ordering": ordering}), "ordering")


def test_known_orderings_still_work(published):
    ids = [row["id"] for row in APIClient().get("/api/v1/claims/", {"ordering": "id"}).json()["results"]]
    assert ids == sorted(claim.pk for claim in published)
    assert APIClient().get("/api/v1/publishers/", {"ordering": "-name"}).status_code == 200


@pytest.mark.parametrize("value", ["yes", "no", "maybe", ""])
def test_a_boolean_filter_takes_only_true_or_false(published, value):
    response = APIClient().get("/api/v1/claims/", {"has_open_conflict": value})
    if value == "":
        assert response.status_code == 200  # an empty value is no filter, as for every other filter
    else:
        _refused(response, "has_open_conflict")


@pytest.mark.parametrize(("value", "count"), [("true", 0), ("1", 0), ("false", 3), ("0", 3), ("False", 3)])
def test_a_boolean_filter_reads_its_spellings(published, value, count):
    assert len(APIClient().get("/api/v1/claims/", {"has_open_conflict": value}).json()["results"]) == count


def test_a_reader_asking_for_drafts_is_told_they_cannot(published):
    claim_create(statement="A draft.")
    _refused(APIClient().get("/api/v1/claims/", {"status": "draft"}), "status")
    assert len(APIClient().get("/api/v1/claims/", {"status": "published"}).json()["results"]) == 3
    editor = APIClient()
    editor.force_authenticate(user_with_role(EDITOR, "ed"))
    assert len(editor.get("/api/v1/claims/", {"status": "draft"}).json()["results"]) == 1


def test_slug_filters_refuse_ids_and_names():
    metric = MetricFactory(name="Area ceded", slug="area-ceded")
    publisher = PublisherFactory(name="Frontier Ledger", slug="frontier-ledger")
    source = SourceFactory(publisher=publisher, title="An article", slug="an-article")
    claim_create(statement="Ceded 100 km².", metric=metric, figure_text="100 km²", status=ClaimStatus.PUBLISHED)
    client = APIClient()
    client.force_authenticate(user_with_role(EDITOR, "ed"))  # the source has no public evidence yet
    for parameter, thing in (("metric", metric), ("publisher", publisher), ("source", source)):
        error = _refused(client.get("/api/v1/claims/", {parameter: str(thing.pk)}), parameter)
        assert "slug" in error["fields"][parameter][0]
        _refused(client.get("/api/v1/claims/", {parameter: "Not A Slug"}), parameter)
        assert client.get("/api/v1/claims/", {parameter: thing.slug}).status_code == 200
    reader = APIClient()
    # A claim names its metric's slug, and that is what the filter takes: read one, filter by it.
    shown = reader.get("/api/v1/claims/").json()["results"][0]["metric"]
    assert shown == {"id": metric.pk, "name": "Area ceded", "slug": "area-ceded", "canonical_unit": metric.canonical_unit}
    assert len(reader.get("/api/v1/claims/", {"metric": shown["slug"]}).json()["results"]) == 1
    _refused(reader.get("/api/v1/claims/", {"source": "an-article"}), "source")  # readers cannot see it
    _refused(reader.get("/api/v1/conflicts/", {"metric": str(metric.pk)}), "metric")


def test_a_page_size_over_the_cap_is_a_400_not_a_silent_cap(published):
    _refused(APIClient().get("/api/v1/claims/", {"page_size": 1000}), "page_size")
    assert APIClient().get("/api/v1/claims/", {"page_size": 100}).status_code == 200


@pytest.mark.parametrize("url", ["/api/v1/claims/?q=a%00b", "/api/v1/claims/?entity=%00",
                                 "/api/v1/entities/?q=x%00", "/api/v1/claims/?ordering=%00",
                                 "/api/v1/claims/?cursor=%00", "/api/v1/claims/?a%00=1"])
def test_a_nul_byte_in_the_api_is_a_400(url):
    response = APIClient().get(url)
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid"


@pytest.mark.parametrize("url", ["/claims/?q=a%00b", "/claims/?entity=%00", "/claims/?metric=%00",
                                 "/claims/?source=%00", "/conflicts/?status=%00", "/claims/?page=%00"])
def test_a_nul_byte_on_a_reader_page_is_a_400_page(url):
    response = Client().get(url)
    assert response.status_code == 400 and b"NUL" in response.content


def test_a_nul_byte_in_the_admin_autocomplete_is_a_400(admin_client):
    response = admin_client.get("/admin/autocomplete/", {"term": "a\x00b", "app_label": "claims",
                                                        "model_name": "claim", "field_name": "subjects"})
    assert response.status_code == 400
