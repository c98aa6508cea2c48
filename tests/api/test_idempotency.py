"""Idempotency-Key as the IETF draft (draft-ietf-httpapi-idempotency-key-header) reads.

A retried write gets the first answer, whatever it holds (figures are decimals); a refused write
stores nothing, so the corrected request goes through under the same key; the same key with another
body is 422; a replay carries the ETag the first answer carried.
"""
import pytest
from rest_framework.test import APIClient

from api.models import IdempotentRequest
from claims.models import Claim
from claims.roles import EDITOR
from sources.models import Publisher
from tests.factories import MetricFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    client = APIClient()
    client.force_authenticate(user_with_role(EDITOR, "ed"))
    return client


def test_a_claim_with_a_figure_and_a_period_is_stored_once_and_replayed_whole(editor):
    metric = MetricFactory(name="Area ceded", canonical_unit="km²")
    body = {"statement": "Ceded 1.5 km² in 1858.", "metric": metric.pk, "figure_text": "1.5 km²",
            "period_start": "1858-01-01", "period_end": "1858-12-31"}
    first = editor.post("/api/v1/claims/", body, format="json", HTTP_IDEMPOTENCY_KEY="claim-1")
    assert first.status_code == 201, first.content
    again = editor.post("/api/v1/claims/", body, format="json", HTTP_IDEMPOTENCY_KEY="claim-1")
    assert again.status_code == 201 and again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true" and again["ETag"] == first["ETag"]
    assert "Idempotent-Replayed" not in first
    assert Claim.objects.count() == 1


def test_a_refused_write_stores_nothing_so_the_corrected_retry_goes_through(editor):
    refused = editor.post("/api/v1/claims/", {"statement": "  "}, format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert refused.status_code == 400
    assert not IdempotentRequest.objects.exists()
    same = editor.post("/api/v1/claims/", {"statement": "  "}, format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert same.status_code == 400 and "Idempotent-Replayed" not in same  # evaluated again, not replayed
    corrected = editor.post("/api/v1/claims/", {"statement": "Now a claim."}, format="json",
                            HTTP_IDEMPOTENCY_KEY="k")
    assert corrected.status_code == 201 and Claim.objects.count() == 1


def test_the_same_key_with_another_body_is_a_422(editor):
    assert editor.post("/api/v1/publishers/", {"name": "One"}, format="json",
                       HTTP_IDEMPOTENCY_KEY="p").status_code == 201
    other = editor.post("/api/v1/publishers/", {"name": "Two"}, format="json", HTTP_IDEMPOTENCY_KEY="p")
    assert other.status_code == 422 and other.json()["error"]["code"] == "idempotency_key_reused"
    assert list(Publisher.objects.values_list("name", flat=True)) == ["One"]


def test_a_workflow_step_is_replayed_with_its_etag(editor):
    created = editor.post("/api/v1/claims/", {"statement": "A draft."}, format="json")
    url = f"/api/v1/claims/{created.json()['id']}/submit/"
    headers = {"HTTP_IF_MATCH": created["ETag"], "HTTP_IDEMPOTENCY_KEY": "submit-1"}
    first = editor.post(url, {}, format="json", **headers)
    assert first.status_code == 200, first.content
    again = editor.post(url, {}, format="json", **headers)  # the If-Match is stale now: replayed, not a 412
    assert again.status_code == 200 and again["ETag"] == first["ETag"] and again.json() == first.json()
