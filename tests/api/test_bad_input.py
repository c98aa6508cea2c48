"""Bad input and retries on the production path: a clear 4xx, nothing half-done, nothing stored twice."""
import csv
import io

import pytest
from rest_framework.test import APIClient

from api.views import spreadsheet_safe
from claims.errors import ServiceError
from claims.models import Claim, ClaimStatus, Metric
from claims.roles import CONTRIBUTOR, EDITOR
from claims.services import claim_create, reference_save
from imports import capture
from sources.models import Publisher
from tests.factories import MetricFactory, if_match, user_with_role

pytestmark = pytest.mark.django_db


def api_as(role, name):
    client = APIClient()
    client.force_authenticate(user_with_role(role, name))
    return client


def test_csv_cells_that_start_like_formulas_are_neutralised(client):
    for n, start in enumerate(["=HYPERLINK(\"http://evil.example\")", "+1+1", "-2+3", "@SUM(A1)"]):
        claim_create(statement=f"{start} claim {n}", status=ClaimStatus.PUBLISHED)
    claim_create(statement="A plain claim.", status=ClaimStatus.PUBLISHED)
    body = b"".join(client.get("/api/v1/claims.csv").streaming_content).decode()
    statements = [row["statement"] for row in csv.DictReader(io.StringIO(body))]
    assert "A plain claim." in statements
    risky = [s for s in statements if s != "A plain claim."]
    assert len(risky) == 4 and all(s.startswith("'") for s in risky)
    assert [spreadsheet_safe(v) for v in ("\tTab", "\rCR", 12.5, "plain")] == ["'\tTab", "'\rCR", 12.5, "plain"]


@pytest.mark.parametrize("address", ["100.64.0.1", "10.1.2.3", "192.168.0.1", "169.254.169.254", "127.0.0.1",
                                     "0.0.0.0", "[::1]", "[fd00::1]", "198.18.0.1"])
def test_the_importer_fetches_only_global_addresses(settings, address):
    settings.CROSSCHECK_IMPORT_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(capture.CaptureError, match="private or local address"):
        capture.fetch(f"http://{address}/article")


def test_json_nested_too_deeply_is_a_400_not_a_crash():
    editor = api_as(EDITOR, "ed")
    response = editor.post("/api/v1/publishers/", "[" * 1000 + "]" * 1000, content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "parse_error"
    nested = {"name": "x"}
    for _ in range(40):
        nested = {"a": nested}
    response = editor.post("/api/v1/publishers/", nested, format="json")
    assert response.status_code == 400 and "nested deeper" in response.json()["error"]["message"]
    assert not Publisher.objects.exists()


def test_a_large_paste_in_the_admin_gets_a_useful_message(settings):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)  # as a browser: the CSRF check reads the body first
    client.force_login(user_with_role(CONTRIBUTOR, "alice"))
    client.get("/admin/imports/importjob/add/")  # the form page sets the CSRF cookie
    response = client.post("/admin/imports/importjob/add/", {
        "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        "text": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)})
    page = response.content.decode()
    assert response.status_code == 413 and "upload it as a file" in page and "Bad Request" not in page


def test_if_match_takes_a_list_and_compares_strongly():
    editor = api_as(EDITOR, "ed")
    claim = claim_create(statement="A draft.", created_by=editor.handler._force_user)
    url = f"/api/v1/claims/{claim.pk}/"
    etag = editor.get(url)["ETag"]
    listed = editor.patch(url, {"statement": "Listed."}, format="json", HTTP_IF_MATCH=f'"stale", {etag}')
    assert listed.status_code == 200
    etag = listed["ETag"]
    weak = editor.patch(url, {"statement": "Weak."}, format="json", HTTP_IF_MATCH=f"W/{etag}")
    assert weak.status_code == 412  # If-Match uses strong comparison (RFC 9110 §13.1.1)
    assert Claim.objects.get(pk=claim.pk).statement == "Listed."


def test_a_metric_unit_cannot_change_under_published_claims():
    metric = MetricFactory(name="Area ceded", canonical_unit="km²")
    claim_create(statement="Ceded 100 km².", metric=metric, figure_text="100 km²", status=ClaimStatus.PUBLISHED)
    editor = api_as(EDITOR, "ed")
    response = editor.patch(f"/api/v1/metrics/{metric.pk}/", {"canonical_unit": "count"}, format="json",
                            **if_match(editor, f"/api/v1/metrics/{metric.pk}/"))
    assert response.status_code == 409 and "Create a new metric" in response.json()["error"]["message"]
    assert Metric.objects.get(pk=metric.pk).canonical_unit == "km²"
    unused = MetricFactory(name="Unused", canonical_unit="km²")
    unused.canonical_unit = "sq mi"
    reference_save(instance=unused, user=editor.handler._force_user)  # no public claim is compared in it
    with pytest.raises(ServiceError):
        metric.canonical_unit = "sq mi"
        reference_save(instance=metric, user=None)


def test_a_retried_post_with_an_idempotency_key_is_stored_once():
    editor = api_as(EDITOR, "ed")
    first = editor.post("/api/v1/publishers/", {"name": "Retry News"}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = editor.post("/api/v1/publishers/", {"name": "Retry News"}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Publisher.objects.filter(name="Retry News").count() == 1
    other = editor.post("/api/v1/publishers/", {"name": "Other News"}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert other.status_code == 422 and "different request" in other.content.decode()
    without = editor.post("/api/v1/publishers/", {"name": "Retry News"}, format="json")
    assert without.status_code == 400  # without a key, a second POST is a second (refused) write
    someone_else = api_as(EDITOR, "ed2").post("/api/v1/publishers/", {"name": "Third"}, format="json",
                                              HTTP_IDEMPOTENCY_KEY="k-1")
    assert someone_else.status_code == 201  # keys are per user


def test_a_zero_figure_is_a_figure_not_a_clash():
    editor = api_as(EDITOR, "ed")
    metric = MetricFactory(name="Area ceded", canonical_unit="km²")
    response = editor.post("/api/v1/claims/", {"statement": "No land changed hands.", "metric": metric.pk,
                                                "figure_text": "0 km²"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["figure"]["lower"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize("verdict", ["false", "True", "pants on fire", "ACCURATE"])
def test_a_verdict_off_the_scale_is_refused_and_nothing_changes(verdict):
    """Found by the cache work: "false" was stored, and the claim page then failed once it was approved."""
    from claims.services import claim_update

    with pytest.raises(ServiceError, match="is not a verdict") as refused:
        claim_create(statement="Aigun ceded 600,000 km².", verdict=verdict)
    assert list(refused.value.fields) == ["verdict"]
    assert not Claim.objects.exists()
    claim = claim_create(statement="Aigun ceded 600,000 km².")
    with pytest.raises(ServiceError, match="is not a verdict"):
        claim_update(claim=claim, verdict=verdict)
    claim.refresh_from_db()
    assert claim.verdict == Claim.Verdict.NOT_YET_RATED and claim.history.count() == 1


def test_a_quote_over_the_limit_is_a_400_naming_it_never_an_outage():
    from claims.models import Appearance
    from tests.factories import SourceFactory

    editor = api_as(EDITOR, "ed")
    claim = claim_create(statement="A draft.", created_by=editor.handler._force_user)
    source = SourceFactory()
    too_long = "é" * 1001  # 2,002 bytes in UTF-8: the limit counts bytes, as the index does
    response = editor.post("/api/v1/appearances/", {"claim": claim.pk, "source": source.pk, "quote": too_long},
                           format="json")
    assert response.status_code == 400, response.content
    assert "Retry-After" not in response and "2,000 bytes" in response.json()["error"]["fields"]["quote"][0]
    assert not Appearance.objects.exists()
    fits = editor.post("/api/v1/appearances/", {"claim": claim.pk, "source": source.pk, "quote": "é" * 1000},
                       format="json")
    assert fits.status_code == 201, fits.content
    from django.core.exceptions import ValidationError

    from claims.services import appearance_change

    with pytest.raises(ValidationError, match="2,000 bytes"):  # a change (the admin's path) is held to it too
        appearance_change(appearance=Appearance.objects.get(), quote="x" * 2001)
    assert Appearance.objects.get().quote == "é" * 1000


def test_a_value_past_a_database_limit_is_a_permanent_400_not_a_503(settings):
    """Whatever limit a validator misses, the database's 'program limit exceeded' is not an outage."""
    import secrets

    from django.db import DatabaseError, connection, transaction
    from django.test import RequestFactory

    from project.views import DatabaseUnavailableMiddleware

    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE limited (t text); CREATE INDEX ON limited (t)")
    with pytest.raises(DatabaseError) as refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO limited VALUES (%s)", [secrets.token_hex(4000)])  # random: TOAST cannot shrink it
    error = refused.value
    response = DatabaseUnavailableMiddleware(lambda r: None).process_exception(
        RequestFactory().post("/api/v1/appearances/"), error)
    assert response.status_code == 400 and "Retry-After" not in response
