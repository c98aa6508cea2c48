"""The REST API's reads: what each client sees, filters, paging, ETags, exports, the schema."""
import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, ClaimStatus, Conflict, Verdict
from claims.roles import CHIEF_EDITOR, CONTRIBUTOR, EDITOR
from claims.services import appearance_add, claim_create
from tests.api.clients import CAPEK_CLAIMS, SEED_CLAIMS, client_for, draft, ids
from tests.factories import EntityFactory, MetricFactory, SourceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_throttles")]


def test_anonymous_clients_read_published_claims_only(seeded):
    hidden = draft(subjects=[EntityFactory(name="Hidden entity")])
    appearance_add(claim=hidden, source=SourceFactory(title="Hidden source"), quote="DRAFT quote")
    anon = client_for()
    listing = anon.get("/api/v1/claims/?page_size=100")
    assert listing.status_code == 200
    assert hidden.pk not in ids(listing) and len(ids(listing)) == SEED_CLAIMS
    assert anon.get(f"/api/v1/claims/{hidden.pk}/").status_code == 404
    assert anon.get("/api/v1/claims/?status=draft").status_code == 400  # said, not answered with published ones
    for url in ("/api/v1/claims/?status=published", "/api/v1/entities/?page_size=100", "/api/v1/sources/",
                "/api/v1/appearances/?page_size=100", "/api/v1/conflicts/", "/api/v1/publishers/",
                "/api/v1/claims.csv", "/api/v1/claimreviews.jsonl"):
        response = anon.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200, url
        assert b"DRAFT" not in body and b"Hidden" not in body, url


def test_claim_representation(seeded):
    claim = Claim.objects.get(slug="aigun-and-peking-ceded-over-900000-km2")
    data = client_for().get(f"/api/v1/claims/{claim.pk}/").json()
    assert data["page_url"] == f"http://testserver/claims/{claim.slug}/"
    assert data["figure"] == {"text": "over 900,000 square kilometers", "stated": "over 900,000 km²",
                              "value": 900000, "unit": "km²", "qualifier": "over", "count_noun": "",
                              "total": None, "canonical_value": 900000.0, "canonical_unit": "km²",
                              "lower": 900000.0, "upper": None}
    assert data["verdict"]["value"] == "not_yet_rated" and data["verdict"]["definition"]
    assert {s["name"] for s in data["subjects"]} == {"Treaty of Aigun", "Convention of Peking"}
    assert data["appearances"][0]["quote"].startswith("The 1858 Treaty of Aigun")
    assert data["first_appearance"] == data["appearances"][0]["id"]
    assert data["open_conflicts"] == [Conflict.objects.get(kind="figures").pk]


@pytest.mark.parametrize("params, expected", [
    ({"entity": "Haishenwai"}, 5),          # by alias
    ({"entity": "vladivostok"}, 5),         # by slug
    ({"metric": "area-ceded"}, 6),
    ({"verdict": "not_yet_rated"}, SEED_CLAIMS),
    ({"source": "capek-newsguard-repost"}, CAPEK_CLAIMS),  # every seed claim with a quote from Capek
    ({"publisher": "newsguard"}, CAPEK_CLAIMS),
    ({"has_open_conflict": "true"}, 7),
    ({"q": "Aigun"}, 8),  # the 8 statements that name the treaty
    ({"published_after": "2000-01-01T00:00:00Z"}, SEED_CLAIMS),
    ({"published_before": "2000-01-01T00:00:00Z"}, 0),
])
def test_claim_filters(seeded, params, expected):
    response = client_for().get("/api/v1/claims/", {**params, "page_size": 100})
    assert response.status_code == 200, response.json()
    assert len(ids(response)) == expected


def test_odd_but_valid_timezone_offsets_are_normalised(seeded):
    # Found by Schemathesis: Python accepts +19:37, PostgreSQL does not; the filter converts to UTC.
    response = client_for().get("/api/v1/claims/", {"published_after": "3055-05-21T16:11:34+19:37"})
    assert response.status_code == 200 and response.json()["results"] == []


def test_cursor_pagination_is_capped(seeded):
    anon = client_for()
    first = anon.get("/api/v1/claims/", {"page_size": 100}).json()
    assert len(first["results"]) == SEED_CLAIMS < 100  # all, under the cap of 100
    assert anon.get("/api/v1/claims/", {"page_size": 101}).status_code == 400  # said, not silently capped
    page = anon.get("/api/v1/claims/", {"page_size": 10}).json()
    assert len(page["results"]) == 10 and page["next"]
    second = anon.get(page["next"]).json()
    assert not set(r["id"] for r in second["results"]) & set(r["id"] for r in page["results"])


def test_staff_see_drafts_and_filter_by_status():
    hidden = draft()
    editor = client_for(EDITOR)
    assert hidden.pk in ids(editor.get("/api/v1/claims/", {"status": "draft"}))
    assert editor.get(f"/api/v1/claims/{hidden.pk}/").json()["status"] == "draft"


def test_list_query_counts_are_constant():
    metric = MetricFactory()
    anon = client_for()

    def count(url):
        with CaptureQueriesContext(connection) as captured:
            assert anon.get(url).status_code == 200
        return len(captured)

    def add(n):
        claim = claim_create(statement=f"Claim {n}", status=ClaimStatus.PUBLISHED, metric=metric,
                             subjects=[EntityFactory(), EntityFactory()], figure_text=f"{n + 1}01 km²")
        appearance_add(claim=claim, source=SourceFactory(), quote=f"quote {n}")

    urls = ["/api/v1/claims/", "/api/v1/sources/", "/api/v1/entities/", "/api/v1/appearances/",
            "/api/v1/metrics/", "/api/v1/publishers/", "/api/v1/conflicts/"]
    add(0)
    one = {url: count(url) for url in urls}
    for n in range(1, 20):
        add(n)
    assert {url: count(url) for url in urls} == one


def test_conditional_get_answers_304(seeded):
    anon = client_for()
    claim = Claim.objects.first()
    first = anon.get(f"/api/v1/claims/{claim.pk}/")
    assert anon.get(f"/api/v1/claims/{claim.pk}/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    listing = anon.get("/api/v1/claims/")
    assert anon.get("/api/v1/claims/", HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 304


def test_claimreview_endpoints(seeded):
    anon = client_for()
    claim = Claim.objects.get(slug="joint-military-exercises-peaked-at-11-in-2024")
    assert anon.get(f"/api/v1/claims/{claim.pk}/claimreview/").status_code == 404  # unrated
    Claim.objects.filter(pk=claim.pk).update(verdict=Verdict.ACCURATE)
    review = anon.get(f"/api/v1/claims/{claim.pk}/claimreview/").json()
    assert review["@type"] == "ClaimReview" and review["reviewRating"]["ratingValue"] == 5
    page = anon.get(f"/claims/{claim.slug}/").content.decode()
    embedded = json.loads(page.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert embedded == review  # the API and the reader page say the same thing
    lines = b"".join(anon.get("/api/v1/claimreviews.jsonl").streaming_content).decode().splitlines()
    assert [json.loads(line)["claimReviewed"] for line in lines] == [claim.statement]


def test_csv_export(seeded):
    response = client_for().get("/api/v1/claims.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == SEED_CLAIMS and response["Content-Type"].startswith("text/csv")
    row = next(r for r in rows if r["statement"].startswith("The planned Power of Siberia 2"))
    assert (row["unit"], row["upper"], row["canonical_unit"]) == ("m³/yr", "50000000000.0", "m³/yr")


def test_schema_and_offline_docs(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200 and "/api/v1/claims/{id}/approve/" in schema.content.decode()
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs and "cdn" not in docs.lower() and "/static/drf_spectacular_sidecar/" in docs


def test_the_schema_is_one_a_generated_client_can_use():
    schema = client_for().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operations = [(path, method, operation) for path, item in schema["paths"].items()
                  for method, operation in item.items() if method in {"get", "post", "patch", "put", "delete"}]
    for path, method, operation in operations:
        # One body per operation: JSON (forms in the schema made clients send three bodies).
        assert list(operation.get("requestBody", {}).get("content", {"application/json": 0})) == ["application/json"]
        assert len(operation["tags"]) == 1 and path.split("/")[3].startswith(operation["tags"][0].rstrip("s"))
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path":
                assert parameter["schema"]["type"] == "integer", (path, parameter)
        if path.startswith("/api/v1/webhooks/"):
            # Subscriptions hold secrets, so only their managers read them; they are settings, not
            # editorial records, so their writes take no If-Match.
            assert operation["security"], path
        elif method == "get":
            assert operation["security"] == [], path  # anonymous reads: no lock, no token needed
        elif "{id}" in path:
            if_match = [p for p in operation["parameters"] if p["name"] == "If-Match"]
            assert if_match and if_match[0]["required"] and "428" in operation["responses"], path
    tags = {operation["tags"][0] for _, _, operation in operations}
    assert {"claims", "conflicts", "sources", "publishers", "entities", "metrics", "appearances", "auth"} <= tags
    assert "application/jsonl" in schema["paths"]["/api/v1/claimreviews.jsonl"]["get"]["responses"]["200"]["content"]


def test_a_slug_for_an_id_is_a_json_404():
    response = client_for().get("/api/v1/claims/some-slug/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_a_method_an_endpoint_lacks_is_405_for_everyone():
    claim = claim_create(statement="Published.", status=ClaimStatus.PUBLISHED)
    for client in (client_for(), client_for(CHIEF_EDITOR)):
        assert client.delete(f"/api/v1/claims/{claim.pk}/").status_code == 405
        assert client.generic("TRACE", "/api/v1/claims/").status_code == 405
        assert client.put(f"/api/v1/claims/{claim.pk}/", {}, format="json").status_code == 405


def test_conflict_members_carry_their_page_and_the_sources_readers_may_see(seeded):
    conflict = Conflict.objects.filter(is_public=True).first()
    member = client_for().get(f"/api/v1/conflicts/{conflict.pk}/").json()["members"][0]
    claim = Claim.objects.get(pk=member["claim"])
    assert member["claim_url"] == f"http://testserver{claim.get_absolute_url()}"
    shown = {a.source.title for a in claim.appearances.filter(status="approved")}
    assert shown and {s["title"] for s in member["sources"]} == shown
    pending = appearance_add(claim=claim, source=SourceFactory(title="PENDING SOURCE"), quote="q",
                             user=client_for(CONTRIBUTOR).user)
    assert pending.status == "pending"
    assert "PENDING SOURCE" not in client_for().get(f"/api/v1/conflicts/{conflict.pk}/").content.decode()


def test_the_csv_gives_no_qualifier_for_a_claim_without_a_figure():
    claim_create(statement="No figure here.", status=ClaimStatus.PUBLISHED)
    rows = list(csv.DictReader(io.StringIO(b"".join(client_for().get("/api/v1/claims.csv").streaming_content)
                                           .decode())))
    assert [row["qualifier"] for row in rows] == [""]


def test_entities_are_found_by_name_or_alias_best_match_first(seeded):
    from claims.models import Entity, EntityAlias

    beijing = EntityAlias.objects.get(name="Treaty of Beijing").entity
    found = client_for().get("/api/v1/entities/", {"q": "treaty of beijing"}).json()["results"]
    assert found[0]["id"] == beijing.pk
    vladivostok = Entity.objects.get(aliases__name="Haishenwai")
    assert [e["id"] for e in client_for().get("/api/v1/entities/", {"q": "haishen"}).json()["results"]] == [
        vladivostok.pk]
    # An exact alias ranks above a name that only contains the words.
    port = Entity.objects.create(name="Old Haishenwai Port", slug="old-haishenwai-port", kind=beijing.kind)
    ranked = [e["id"] for e in client_for(EDITOR).get("/api/v1/entities/", {"q": "Haishenwai"}).json()["results"]]
    assert ranked == [vladivostok.pk, port.pk]
    assert client_for().get("/api/v1/entities/", {"q": "no such place"}).json()["results"] == []
