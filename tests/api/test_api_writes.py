"""The REST API's writes: every one through the services, with If-Match, stable errors and the workflow's rules."""

import pytest
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token

from claims.models import Claim, ClaimStatus, Conflict, Verdict
from claims.roles import CHIEF_EDITOR, CONTRIBUTOR, EDITOR
from claims.services import appearance_add, claim_create
from tests.api.clients import client_for
from tests.factories import EntityFactory, MetricFactory, SourceFactory, UserFactory, if_match

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_throttles")]


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
