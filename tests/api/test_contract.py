"""What generated clients rely on: typed ClaimReview in its media type, JSON Lines they keep, URIs that parse."""
import json

import jsonschema_rs
import pytest
from rest_framework.test import APIClient

from claims.models import ClaimStatus, Verdict
from claims.services import appearance_add, claim_create
from tests.api.clients import forget_throttles
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db
ODD_ADDRESS = 'https://ru.example.org/wiki/Айгун?q=<b>"1"#a#b'


@pytest.fixture(autouse=True)
def _fresh_throttles():
    forget_throttles()


@pytest.fixture(scope="module")
def components():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)["components"]


def validator(components, name):
    """Validate against one component, $refs resolved inside the schema (OpenAPI's nullable is not used there)."""
    return jsonschema_rs.validator_for({"$ref": f"#/components/schemas/{name}", "components": components},
                                       validate_formats=True)


@pytest.fixture
def rated(db):
    claim = claim_create(statement="The treaty ceded 101 km².", figure_text="101 km²", status=ClaimStatus.PUBLISHED,
                         verdict=Verdict.ACCURATE)
    appearance_add(claim=claim, source=SourceFactory(url=ODD_ADDRESS, archive_url="https://archive.example/x y",
                                                     authors=["A. Writer"]), quote="ceded 101 km²")
    return claim


def test_claimreview_is_json_ld_unless_the_client_asks_only_for_json(rated, components):
    url = f"/api/v1/claims/{rated.pk}/claimreview/"
    served = APIClient().get(url)
    assert served["Content-Type"] == "application/ld+json" and "Accept" in served["Vary"]
    validator(components, "ClaimReview").validate(served.json())
    assert served.json()["itemReviewed"]["author"] == {"@type": "Person", "name": "A. Writer"}
    as_json = APIClient().get(url, HTTP_ACCEPT="application/json")
    assert as_json["Content-Type"] == "application/json" and as_json.json() == served.json()
    assert APIClient().get(url, HTTP_ACCEPT="application/ld+json, application/json;q=0.5")["Content-Type"] == (
        "application/ld+json")


def test_claimreview_errors_are_json_in_the_one_error_shape(rated):
    unrated = claim_create(statement="Not rated yet.", status=ClaimStatus.PUBLISHED)
    missing = APIClient().get(f"/api/v1/claims/{unrated.pk}/claimreview/")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/json"
    assert missing.json()["error"]["code"] == "not_found"
    asked_for_ld = APIClient().get(f"/api/v1/claims/{unrated.pk}/claimreview/", HTTP_ACCEPT="application/ld+json")
    assert asked_for_ld.status_code == 404 and asked_for_ld["Content-Type"] == "application/json"


@pytest.mark.parametrize("accept, served", [
    (None, "application/jsonl"), ("*/*", "application/jsonl"), ("application/x-ndjson", "application/x-ndjson"),
    ("text/plain", "text/plain"), ("application/json, text/plain;q=0.1", "text/plain"),
])
def test_json_lines_in_the_media_type_asked_for_each_line_a_claimreview(rated, components, accept, served):
    response = APIClient().get("/api/v1/claimreviews.jsonl", **({"HTTP_ACCEPT": accept} if accept else {}))
    assert response.status_code == 200 and response["Content-Type"] == f"{served}; charset=utf-8"
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 1
    validator(components, "ClaimReview").validate(json.loads(lines[0]))


def test_an_accept_naming_nothing_served_gets_the_default_not_406(rated):
    # RFC 9110 lets a server disregard Accept; clients that send "application/json" by habit get the lines.
    for accept in ("application/json", "text/html", "application/xml"):
        lines = APIClient().get("/api/v1/claimreviews.jsonl", HTTP_ACCEPT=accept)
        assert (lines.status_code, lines["Content-Type"]) == (200, "application/jsonl; charset=utf-8")
    review = APIClient().get(f"/api/v1/claims/{rated.pk}/claimreview/", HTTP_ACCEPT="text/html")
    assert (review.status_code, review["Content-Type"]) == (200, "application/ld+json")


def test_the_schema_declares_what_generators_keep(components):
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    feed = paths["/api/v1/claimreviews.jsonl"]["get"]["responses"]
    assert list(feed["200"]["content"]) == ["application/jsonl", "application/x-ndjson", "text/plain"]
    review = paths["/api/v1/claims/{id}/claimreview/"]["get"]["responses"]["200"]["content"]
    assert {media: body["schema"] for media, body in review.items()} == {
        media: {"$ref": "#/components/schemas/ClaimReview"} for media in ("application/ld+json", "application/json")}


def test_stored_addresses_go_out_as_uris_wherever_the_api_shows_them(rated):
    uri = jsonschema_rs.validator_for({"type": "string", "format": "uri"}, validate_formats=True)
    reader = APIClient()
    source = reader.get("/api/v1/sources/").json()["results"][0]
    assert source["url"] == "https://ru.example.org/wiki/%D0%90%D0%B9%D0%B3%D1%83%D0%BD?q=%3Cb%3E%221%22#a%23b"
    assert source["archive_url"] == "https://archive.example/x%20y"
    assert uri.is_valid(source["url"]) and uri.is_valid(source["archive_url"])
    claim = reader.get(f"/api/v1/claims/{rated.pk}/").json()
    listed = reader.get("/api/v1/claims/").json()["results"][0]
    assert claim["appearances"][0]["source"]["url"] == listed["appearances"][0]["source"]["url"] == source["url"]
    review = reader.get(f"/api/v1/claims/{rated.pk}/claimreview/").json()
    assert uri.is_valid(review["itemReviewed"]["appearance"][0]["url"]) and uri.is_valid(review["url"])
