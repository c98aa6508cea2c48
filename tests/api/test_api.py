"""The REST API: visibility, filters, writes through the services, ETags, errors, exports, throttling."""
import csv
import io
import json

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from api.models import ThrottleWindow
from claims.models import Claim, ClaimStatus, Conflict, Verdict
from claims.roles import CHIEF_EDITOR, CONTRIBUTOR, EDITOR
from claims.services import appearance_add, claim_create
from seeding import seed_data
from tests.api.clients import client_for, forget_throttles
from tests.factories import EntityFactory, MetricFactory, SourceFactory, UserFactory, if_match

SEED_CLAIMS = len(seed_data.CLAIMS)
CAPEK_CLAIMS = sum(any(source == seed_data.CAPEK for source, *_ in c["appearances"]) for c in seed_data.CLAIMS)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttles():
    forget_throttles()


def draft(**fields):
    return claim_create(statement=fields.pop("statement", "A DRAFT-ONLY claim about treaties."), **fields)


def ids(response):
    return [item["id"] for item in response.json()["results"]]


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


def test_contributor_creates_and_edits_a_draft_then_submits():
    contributor = client_for(CONTRIBUTOR)
    metric, entity = MetricFactory(canonical_unit="km²"), EntityFactory()
    created = contributor.post("/api/v1/claims/", {
        "statement": "The treaty ceded 350,000 square miles.", "subjects": [entity.pk], "metric": metric.pk,
        "figure_text": "350,000 square miles"}, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["status"] == "draft" and data["figure"]["unit"] == "sq mi"
    claim = Claim.objects.get(pk=data["id"])
    assert claim.created_by == contributor.user and claim.history.first().history_user == contributor.user

    etag = contributor.get(f"/api/v1/claims/{claim.pk}/")["ETag"]
    patched = contributor.patch(f"/api/v1/claims/{claim.pk}/", {"statement": "Edited statement."}, format="json",
                                HTTP_IF_MATCH=etag)
    assert patched.status_code == 200 and patched.json()["statement"] == "Edited statement."
    stale = contributor.patch(f"/api/v1/claims/{claim.pk}/", {"statement": "Lost update"}, format="json",
                              HTTP_IF_MATCH=etag)
    assert stale.status_code == 412 and stale.json()["error"]["code"] == "precondition_failed"
    claim.refresh_from_db()
    assert claim.statement == "Edited statement."

    submitted = contributor.post(f"/api/v1/claims/{claim.pk}/submit/", {}, format="json", **if_match(contributor, f"/api/v1/claims/{claim.pk}/"))
    assert submitted.status_code == 200 and submitted.json()["claim"]["status"] == "in_review"
    assert submitted.json()["review"]["action"] == "submit"


def test_workflow_rules_hold_in_the_api():
    contributor, editor, other_editor, chief = (client_for(CONTRIBUTOR), client_for(EDITOR), client_for(EDITOR),
                                                client_for(CHIEF_EDITOR))
    claim = claim_create(statement="Rated claim.", created_by=contributor.user)
    Claim.objects.filter(pk=claim.pk).update(verdict=Verdict.INACCURATE)
    contributor.post(f"/api/v1/claims/{claim.pk}/submit/", **if_match(contributor, f"/api/v1/claims/{claim.pk}/"))

    refused = contributor.post(f"/api/v1/claims/{claim.pk}/approve/", **if_match(contributor, f"/api/v1/claims/{claim.pk}/"))
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "workflow_permission"
    first = editor.post(f"/api/v1/claims/{claim.pk}/approve/", **if_match(editor, f"/api/v1/claims/{claim.pk}/"))
    assert first.status_code == 200 and first.json()["claim"]["status"] == "in_review"  # 1 of 2
    again = editor.post(f"/api/v1/claims/{claim.pk}/approve/", **if_match(editor, f"/api/v1/claims/{claim.pk}/"))
    assert again.status_code == 409 and again.json()["error"]["code"] == "workflow_four_eyes"
    second = other_editor.post(f"/api/v1/claims/{claim.pk}/approve/", **if_match(other_editor, f"/api/v1/claims/{claim.pk}/"))
    assert second.json()["claim"]["status"] == "published"

    wrong_state = editor.post(f"/api/v1/claims/{claim.pk}/reject/", {"note": "x"}, **if_match(editor, f"/api/v1/claims/{claim.pk}/"))
    assert wrong_state.status_code == 409 and wrong_state.json()["error"]["code"] == "workflow_state"
    no_note = chief.post(f"/api/v1/claims/{claim.pk}/withdraw/", **if_match(chief, f"/api/v1/claims/{claim.pk}/"))
    assert no_note.status_code == 409 and "public note" in no_note.json()["error"]["message"]
    assert list(no_note.json()["error"]["fields"]) == ["public_note"]
    assert editor.post(f"/api/v1/claims/{claim.pk}/withdraw/", {"public_note": "x"}, **if_match(editor, f"/api/v1/claims/{claim.pk}/")).status_code == 403
    edit_published = contributor.patch(f"/api/v1/claims/{claim.pk}/", {"statement": "x"}, format="json", **if_match(contributor, f"/api/v1/claims/{claim.pk}/"))
    assert edit_published.status_code == 409
    withdrawn = chief.post(f"/api/v1/claims/{claim.pk}/withdraw/", {"public_note": "Retracted."}, **if_match(chief, f"/api/v1/claims/{claim.pk}/"))
    assert withdrawn.json()["claim"]["status"] == "withdrawn"


def test_stale_if_match_on_a_transition_changes_nothing():
    contributor = client_for(CONTRIBUTOR)
    claim = claim_create(statement="Claim.", created_by=contributor.user)
    etag = contributor.get(f"/api/v1/claims/{claim.pk}/")["ETag"]
    contributor.patch(f"/api/v1/claims/{claim.pk}/", {"statement": "Changed."}, format="json", **if_match(contributor, f"/api/v1/claims/{claim.pk}/"))
    response = contributor.post(f"/api/v1/claims/{claim.pk}/submit/", HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    claim.refresh_from_db()
    assert claim.status == "draft" and not claim.reviews.exists()


def test_conditional_get_answers_304(seeded):
    anon = client_for()
    claim = Claim.objects.first()
    first = anon.get(f"/api/v1/claims/{claim.pk}/")
    assert anon.get(f"/api/v1/claims/{claim.pk}/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    listing = anon.get("/api/v1/claims/")
    assert anon.get("/api/v1/claims/", HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 304


@pytest.mark.parametrize("payload, field", [
    ({"statement": ""}, "statement"),
    ({"statement": "x", "figure_text": "900,000 square furlongs"}, "figure_text"),
    ({"statement": "x", "figure_text": "lots"}, "figure_text"),
    ({"statement": "x", "subjects": [999999]}, "subjects"),
    ({"statement": "x", "period_start": "2024-01-01", "period_end": "2023-01-01"}, "period_end"),
    ({"statement": "x", "period_start": "not a date"}, "period_start"),
    ({"statement": "x", "verdict": "great"}, "verdict"),
])
def test_validation_errors_have_a_stable_shape(payload, field):
    response = client_for(CONTRIBUTOR).post("/api/v1/claims/", payload, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and field in error["fields"]
    assert not Claim.objects.exists()


def test_malformed_and_oversized_bodies_get_4xx():
    contributor = client_for(CONTRIBUTOR)
    broken = contributor.post("/api/v1/claims/", "{not json", content_type="application/json")
    assert broken.status_code == 400 and broken.json()["error"]["code"] == "parse_error"
    huge = contributor.post("/api/v1/claims/", {"statement": "x" * 2_000_000}, format="json")
    assert huge.status_code == 413 and huge.json()["error"]["code"] == "request_too_large"
    assert contributor.post("/api/v1/claims/", "statement=x", content_type="text/plain").status_code == 415
    assert client_for().post("/api/v1/claims/", {"statement": "x"}).status_code == 401
    assert not Claim.objects.exists()


def test_evidence_on_a_published_claim_waits_for_another_editor():
    contributor, editor = client_for(CONTRIBUTOR), client_for(EDITOR)
    claim = claim_create(statement="Draft.", created_by=contributor.user)
    source = SourceFactory()
    created = contributor.post("/api/v1/appearances/", {"claim": claim.pk, "source": source.pk, "quote": "exact"})
    assert created.status_code == 201 and created.json()["status"] == "approved"  # a draft's own evidence
    published = claim_create(statement="Published.", status=ClaimStatus.PUBLISHED)
    held = contributor.post("/api/v1/appearances/", {"claim": published.pk, "source": source.pk, "quote": "held q"})
    assert held.status_code == 201 and held.json()["status"] == "pending"
    assert "held q" not in client_for().get(f"/api/v1/claims/{published.pk}/").content.decode()
    pk = held.json()["id"]
    assert contributor.post(f"/api/v1/appearances/{pk}/approve/", {}, **if_match(contributor, f"/api/v1/appearances/{pk}/")).status_code == 403  # role
    approved = editor.post(f"/api/v1/appearances/{pk}/approve/", {}, **if_match(editor, f"/api/v1/appearances/{pk}/"))
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert "held q" in client_for().get(f"/api/v1/claims/{published.pk}/").content.decode()
    assert published.reviews.get().action == "approve_evidence"
    rejected = claim_create(statement="Rejected.", created_by=contributor.user)
    Claim.objects.filter(pk=rejected.pk).update(status=ClaimStatus.REJECTED)
    refused = contributor.post("/api/v1/appearances/", {"claim": rejected.pk, "source": source.pk, "quote": "q"})
    assert refused.status_code == 409


def test_conflict_resolution_through_the_api(seeded):
    conflict = Conflict.objects.get(kind="figures")
    members = list(conflict.members.values_list("claim_id", flat=True))
    contributor, editor = client_for(CONTRIBUTOR), client_for(EDITOR)
    body = {"note": "The treaty texts support Capek.", "ranks": [{"claim": members[0], "rank": "preferred",
                                                                  "reason": "Treaty text"}]}
    assert contributor.post(f"/api/v1/conflicts/{conflict.pk}/resolve/", body, format="json", **if_match(contributor, f"/api/v1/conflicts/{conflict.pk}/")).status_code == 403
    missing = editor.post(f"/api/v1/conflicts/{conflict.pk}/resolve/",
                          {"note": "x", "ranks": [{"claim": members[0], "rank": "preferred"}]}, format="json",
                          **if_match(editor, f"/api/v1/conflicts/{conflict.pk}/"))
    assert missing.status_code == 409 and "reason" in missing.json()["error"]["message"]
    done = editor.post(f"/api/v1/conflicts/{conflict.pk}/resolve/", body, format="json", **if_match(editor, f"/api/v1/conflicts/{conflict.pk}/"))
    assert done.status_code == 200 and done.json()["status"] == "resolved"
    reopened = editor.post(f"/api/v1/conflicts/{conflict.pk}/reopen/", {"note": "New source"}, format="json",
                           **if_match(editor, f"/api/v1/conflicts/{conflict.pk}/"))
    assert reopened.json()["status"] == "open"


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


@pytest.fixture
def low_rates(monkeypatch):
    """Allow 3 anonymous and 4 signed-in requests a minute (DRF reads the rates once, onto the class)."""
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES",
                        {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "3/min", "user": "4/min"})


def test_anonymous_throttling(low_rates):
    anon = client_for()
    codes = [anon.get("/api/v1/metrics/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = anon.get("/api/v1/metrics/")
    assert limited.json()["error"]["code"] == "throttled" and "Retry-After" in limited


def test_a_made_up_forwarded_address_does_not_escape_the_throttle(low_rates):
    # Regression: DRF's throttles read X-Forwarded-For as sent, so a new made-up address each time
    # was a new counter and the limit never came.
    anon = client_for()
    codes = [anon.get("/api/v1/metrics/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(4)]
    assert codes == [200, 200, 200, 429]


def test_behind_a_trusted_proxy_each_reader_is_counted_by_the_address_it_recorded(low_rates, settings):
    settings.CROSSCHECK_TRUSTED_PROXIES = 1
    anon = client_for()

    def via_proxy(reader, claimed="192.0.2.99"):
        # The client wrote the first entry; our proxy appended the address it saw, then connected from 10.0.0.1.
        return anon.get("/api/v1/metrics/", REMOTE_ADDR="10.0.0.1",
                        HTTP_X_FORWARDED_FOR=f"{claimed}, {reader}").status_code

    assert [via_proxy("203.0.113.7", claimed=f"192.0.2.{n}") for n in range(4)] == [200, 200, 200, 429]
    assert via_proxy("203.0.113.8") == 200  # another reader behind the same proxy has a counter of its own


def test_signed_in_clients_are_counted_per_user_and_anonymous_ones_once(low_rates):
    from api.throttling import UserRateThrottle, counts_in_table

    editor = client_for(EDITOR)
    codes = [editor.get("/api/v1/metrics/", REMOTE_ADDR=f"192.0.2.{n}").status_code for n in range(5)]
    assert codes == [200, 200, 200, 200, 429]  # the user's rate, whatever address it comes from
    anon = client_for()
    anon.get("/api/v1/metrics/", REMOTE_ADDR="192.0.2.50")
    # Only the anonymous throttle keeps a counter for an anonymous client.
    def counted(key):
        return ThrottleWindow.objects.filter(key=key).exists() if counts_in_table() else cache.get(key)
    assert counted("throttle_anon_192.0.2.50") and not counted("throttle_user_192.0.2.50")
    assert UserRateThrottle().get_cache_key(type("Request", (), {"user": None})(), None) is None


def test_schema_and_offline_docs(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200 and "/api/v1/claims/{id}/approve/" in schema.content.decode()
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs and "cdn" not in docs.lower() and "/static/drf_spectacular_sidecar/" in docs


@pytest.mark.parametrize("url, payload", [
    ("/api/v1/publishers/", {"name": "Pacific Monitor", "kind": "news", "homepage": "https://monitor.example"}),
    ("/api/v1/sources/", {"title": "A new report", "url": "https://monitor.example/report", "kind": "report"}),
    ("/api/v1/entities/", {"name": "Sakhalin", "kind": "region"}),
])
def test_contributors_create_reference_data(url, payload):
    assert client_for().post(url, payload, format="json").status_code == 401
    created = client_for(CONTRIBUTOR).post(url, payload, format="json")
    assert created.status_code == 201, created.json()
    again = client_for(CONTRIBUTOR).post(url, payload, format="json")
    assert again.status_code == 400  # unique name / address, said as a field error


def test_only_editors_manage_metrics():
    payload = {"name": "Gas exports", "canonical_unit": "cubic metres per year", "additive": True}
    assert client_for(CONTRIBUTOR).post("/api/v1/metrics/", payload, format="json").status_code == 403
    created = client_for(EDITOR).post("/api/v1/metrics/", payload, format="json")
    assert created.status_code == 201 and created.json()["canonical_unit"] == "m³/yr"
    bad = client_for(EDITOR).post("/api/v1/metrics/", {**payload, "name": "Other", "canonical_unit": "furlongs"},
                                  format="json")
    assert bad.status_code == 400 and "unknown unit" in bad.json()["error"]["fields"]["canonical_unit"][0]


def test_nothing_can_be_deleted_through_the_api(seeded):
    editor = client_for(CHIEF_EDITOR)
    claim = Claim.objects.first()
    for url in (f"/api/v1/claims/{claim.pk}/", f"/api/v1/sources/{claim.appearances.first().source_id}/"):
        assert editor.delete(url).status_code in (403, 405)  # no role holds delete permissions; no route deletes
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_token_endpoint():
    user = UserFactory(username="tokenuser")
    user.groups.add(Group.objects.get(name=CONTRIBUTOR))
    ok = client_for().post("/api/v1/auth/token/", {"username": "tokenuser", "password": "a-long-test-password"})
    assert ok.status_code == 200 and Token.objects.get(user=user).key == ok.json()["token"]
    wrong = client_for().post("/api/v1/auth/token/", {"username": "tokenuser", "password": "guess"})
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "authentication_failed"


def test_every_write_to_an_existing_resource_needs_if_match(seeded):
    editor, contributor = client_for(EDITOR), client_for(CONTRIBUTOR)
    claim = claim_create(statement="Draft.", created_by=contributor.user)
    published = claim_create(statement="Published.", status=ClaimStatus.PUBLISHED)
    pending = appearance_add(claim=published, source=SourceFactory(), quote="pending quote", user=contributor.user)
    conflict = Conflict.objects.filter(status="open").first()
    metric = MetricFactory()
    writes = [
        (contributor, "patch", f"/api/v1/claims/{claim.pk}/", {"statement": "Lost?"}),
        (contributor, "post", f"/api/v1/claims/{claim.pk}/submit/", {}),
        (editor, "post", f"/api/v1/conflicts/{conflict.pk}/explain/", {"note": "Different dates."}),
        (editor, "patch", f"/api/v1/metrics/{metric.pk}/", {"name": "Renamed"}),
        (editor, "patch", f"/api/v1/entities/{EntityFactory().pk}/", {"name": "Renamed"}),
        (editor, "post", f"/api/v1/appearances/{pending.pk}/approve/", {}),
    ]
    for client, method, url, body in writes:
        for header in ({}, {"HTTP_IF_MATCH": "*"}):
            response = getattr(client, method)(url, body, format="json", **header)
            assert response.status_code == 428, (url, response.content)
            error = response.json()["error"]
            assert error["code"] == "precondition_required" and "ETag" in error["message"]
    claim.refresh_from_db()
    conflict.refresh_from_db()
    pending.refresh_from_db()
    assert claim.statement == "Draft." and claim.status == "draft" and conflict.status == "open"
    assert pending.status == "pending" and not type(metric).objects.filter(name="Renamed").exists()
    for client, method, url, body in writes:
        response = getattr(client, method)(url, body, format="json", **if_match(client, url))
        assert response.status_code == 200, (url, response.content)
        assert response["ETag"]


def test_an_approval_refusal_names_every_parameter_to_send():
    from tests.workflow import correction_with_an_open_conflict

    contributor, editor = client_for(CONTRIBUTOR), client_for(EDITOR)
    claim = correction_with_an_open_conflict(contributor.user)
    url = f"/api/v1/claims/{claim.pk}/approve/"
    refused = editor.post(url, {"note": "Checked."}, format="json", **if_match(editor, url))
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert set(error["fields"]) == {"conflict_note", "public_note"}
    # The message is for a person (what to write); the fields name the parameters that carry it.
    assert "open conflict" in error["message"] and "correction note for readers" in error["message"]
    approved = editor.post(url, {"note": "Checked.", "conflict_note": "Counts water.", "public_note": "Now 102 km²."},
                           format="json", **if_match(editor, url))
    assert approved.status_code == 200 and approved.json()["claim"]["status"] == "published"


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


def test_aliases_are_written_through_the_reference_rules(seeded):
    from claims.models import EntityAlias

    contributor, editor = client_for(CONTRIBUTOR), client_for(EDITOR)
    entity = EntityFactory()  # no reader sees it yet
    created = contributor.post("/api/v1/aliases/", {"entity": entity.pk, "name": "Old Name"}, format="json")
    assert created.status_code == 201, created.content
    url = f"/api/v1/aliases/{created.json()['id']}/"
    assert contributor.patch(url, {"note": "in 1900"}, format="json").status_code == 428
    assert contributor.patch(url, {"note": "in 1900"}, format="json", **if_match(contributor, url)).status_code == 200
    assert contributor.post("/api/v1/aliases/", {"entity": entity.pk, "name": "old name"},
                            format="json").status_code == 400  # names are unique ignoring case
    public = EntityAlias.objects.get(name="Haishenwai")
    public_url = f"/api/v1/aliases/{public.pk}/"
    refused = contributor.patch(public_url, {"note": "x"}, format="json", **if_match(contributor, public_url))
    assert refused.status_code == 403  # readers see it: editors only
    assert editor.patch(public_url, {"note": "Chinese name"}, format="json",
                        **if_match(editor, public_url)).status_code == 200
    assert client_for().get(f"/api/v1/entities/{public.entity_id}/").json()["aliases"][0]["id"]
    assert contributor.delete(public_url, **if_match(contributor, public_url)).status_code == 403
    # Editors can remove what they can approve: readers stop seeing the name at once.
    assert editor.delete(public_url, **if_match(editor, public_url)).status_code == 204
    assert not EntityAlias.objects.filter(pk=public.pk).exists()
    assert public.pk not in [a["id"] for a in client_for().get(f"/api/v1/entities/{public.entity_id}/").json()["aliases"]]
