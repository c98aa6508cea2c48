"""Readers' rows are the approved version: each way issue 27 saw a draft reach readers, one test each.

A correction is drafted aside (ClaimDraft); the claim's row, which every reader query reads, changes
only when an editor approves. Before, the row held the draft and reads rebuilt the approved version
from history, and every read that forgot leaked.
"""
import json

import pytest
from django.test import Client

from claims.models import Claim, ClaimDraft, Conflict, EntityAlias
from claims.roles import CHIEF_EDITOR, CONTRIBUTOR, EDITOR
from claims.services import ServiceError, alias_review, claim_create, claim_transition, claim_update
from tests.factories import EntityFactory, MetricFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {"contributor": user_with_role(CONTRIBUTOR, "contributor"), "editor": user_with_role(EDITOR, "editor"),
            "second": user_with_role(EDITOR, "second"), "chief": user_with_role(CHIEF_EDITOR, "chief")}


def published(statement, people, **fields):
    claim = claim_create(statement=statement, created_by=people["contributor"], **fields)
    claim_transition(claim=claim, action="submit", user=people["contributor"])
    claim_transition(claim=claim, action="approve", user=people["editor"], conflict_note="Checked.")
    if Claim.objects.get(pk=claim.pk).status == "in_review":
        claim_transition(claim=claim, action="approve", user=people["second"], conflict_note="Checked.")
    return Claim.objects.get(pk=claim.pk)


def reopened(claim, people, **draft):
    claim_transition(claim=claim, action="reopen", user=people["editor"], note="A reader wrote in.")
    claim_update(claim=Claim.objects.get(pk=claim.pk), user=people["contributor"], **draft)
    return Claim.objects.get(pk=claim.pk)


def body(response) -> str:
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode()


def test_search_finds_no_word_that_exists_only_in_a_correction(client, people):
    claim = published("The pipeline carries 38 billion cubic metres a year.", people)
    reopened(claim, people, statement="The pipeline carries zanzibarite gas, 38 billion cubic metres a year.")
    assert "zanzibarite" in ClaimDraft.objects.get(claim=claim).statement
    assert claim.slug not in body(client.get("/claims/?q=zanzibarite"))
    assert client.get("/api/v1/claims/?q=zanzibarite").json()["results"] == []
    shown = client.get(f"/api/v1/claims/{claim.pk}/").json()
    assert shown["status"] == "published" and "zanzibarite" not in shown["statement"]


def test_filters_orderings_and_status_read_the_approved_verdict(client, people):
    claim = published("They met 40 times.", people)
    reopened(claim, people, verdict="inaccurate", rationale="They met 12 times.")
    assert client.get("/api/v1/claims/?verdict=inaccurate").json()["results"] == []
    assert [c["id"] for c in client.get("/api/v1/claims/?verdict=not_yet_rated").json()["results"]] == [claim.pk]
    assert client.get("/api/v1/claims/?status=draft").status_code == 400  # readers may not ask for drafts
    before = client.get(f"/api/v1/claims/{claim.pk}/")
    claim_transition(claim=Claim.objects.get(pk=claim.pk), action="submit", user=people["contributor"])
    after = client.get(f"/api/v1/claims/{claim.pk}/")
    assert after.headers["ETag"] == before.headers["ETag"] and after.json()["updated_at"] == before.json()["updated_at"]
    ordered = client.get("/api/v1/claims/?ordering=-updated_at").json()["results"]
    assert ordered[0]["updated_at"] == max(c["updated_at"] for c in ordered)


def test_the_claimreview_feed_agrees_with_the_page_during_a_correction(client, people):
    unrated = published("Unrated claim about the treaty.", people)
    reopened(unrated, people, verdict="accurate")
    rated = published("Rated claim about the treaty.", people, verdict="accurate")
    reopened(rated, people, verdict="not_yet_rated")
    lines = body(client.get("/api/v1/claimreviews.jsonl")).splitlines()
    assert "null" not in lines
    reviewed = {json.loads(line)["url"] for line in lines}
    assert any(rated.slug in url for url in reviewed) and not any(unrated.slug in url for url in reviewed)
    assert "ClaimReview" in body(client.get(f"/claims/{rated.slug}/"))
    assert client.get(f"/api/v1/claims/{rated.pk}/claimreview/").status_code == 200


def test_a_corrections_approval_is_the_one_write_that_reaches_readers(client, people):
    claim = published("They held 11 exercises.", people)
    reopened(claim, people, statement="They held 13 exercises.")
    claim_transition(claim=Claim.objects.get(pk=claim.pk), action="submit", user=people["contributor"])
    with pytest.raises(ServiceError):
        claim_transition(claim=Claim.objects.get(pk=claim.pk), action="approve", user=people["editor"])
    assert "They held 11 exercises." in body(client.get(f"/claims/{claim.slug}/"))
    claim_transition(claim=Claim.objects.get(pk=claim.pk), action="approve", user=people["editor"],
                     public_note="We first said 11; the ministry says 13.")
    page = body(client.get(f"/claims/{claim.slug}/"))
    assert "They held 13 exercises." in page and "We first said 11" in page
    assert not ClaimDraft.objects.filter(claim=claim).exists()


def test_a_public_address_is_fixed_and_old_addresses_redirect(client, people):
    claim = published("The treaty ceded 600,000 km².", people)
    reopened(claim, people, statement="The treaty ceded 600,000 km² of land.")
    with pytest.raises(ServiceError) as refused:
        claim_update(claim=claim, user=people["contributor"], slug="contributors-own-words")
    assert refused.value.code == "state"
    api = Client()
    api.force_login(people["contributor"])
    etag = api.get(f"/api/v1/claims/{claim.pk}/").headers["ETag"]
    response = api.patch(f"/api/v1/claims/{claim.pk}/", {"slug": "contributors-own-words"},
                         content_type="application/json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200  # the API offers no address to write: the field is ignored
    assert Claim.objects.get(pk=claim.pk).slug == claim.slug
    assert client.get(f"/claims/{claim.slug}/").status_code == 200
    assert "contributors-own-words" not in body(client.get("/sitemap-claims.xml"))
    # An address readers saw before the rule (history holds it) answers 301 to the current one.
    Claim.objects.filter(pk=claim.pk).update(slug="the-treaty-ceded-land")
    Claim.history.filter(id=claim.pk).update(is_public=True)
    moved = client.get(f"/claims/{claim.slug}/")
    assert moved.status_code == 301 and moved.headers["Location"] == "/claims/the-treaty-ceded-land/"
    assert client.get("/claims/never-was-an-address/").status_code == 404


def test_a_contributors_alias_on_a_public_entity_waits_and_editors_remove_aliases(client, people):
    amur = EntityFactory(name="Amur")
    published("The Amur is 2,824 km long.", people, subjects=[amur])
    api = Client()
    api.force_login(people["contributor"])
    response = api.post("/api/v1/aliases/", {"entity": amur.pk, "name": "Heilong Jiang"}, content_type="application/json")
    assert response.status_code == 201
    alias = EntityAlias.objects.get(name="Heilong Jiang")
    assert alias.status == "pending"
    assert "Heilong" not in body(client.get(f"/entities/{amur.slug}/"))
    assert "Heilong" not in body(client.get(f"/api/v1/entities/{amur.pk}/"))
    assert client.get("/api/v1/claims/?entity=Heilong%20Jiang").json()["results"] == []
    assert client.get("/api/v1/claims/?q=Heilong").json()["results"] == []
    with pytest.raises(ServiceError):
        alias_review(alias=alias, user=people["contributor"], approve=True)
    alias_review(alias=alias, user=people["editor"], approve=True)
    assert "Heilong" in body(client.get(f"/entities/{amur.slug}/"))
    assert len(client.get("/api/v1/claims/?entity=Heilong%20Jiang").json()["results"]) == 1
    editor = Client()
    editor.force_login(people["editor"])
    url = f"/api/v1/aliases/{alias.pk}/"
    assert editor.delete(url, HTTP_IF_MATCH=editor.get(url).headers["ETag"]).status_code == 204
    assert "Heilong" not in body(client.get(f"/entities/{amur.slug}/"))


def test_a_hidden_draft_joining_a_public_conflict_changes_no_validator(client, people):
    metric, leaders = MetricFactory(name="Meetings", canonical_unit="count"), EntityFactory(name="Xi and Putin")
    published("They met about 40 times.", people, metric=metric, subjects=[leaders], figure_text="about 40 times")
    published("They met 60 times.", people, metric=metric, subjects=[leaders], figure_text="60 times")
    conflict = Conflict.objects.get()
    before = client.get(f"/api/v1/conflicts/{conflict.pk}/")
    claim_create(statement="They met 90 times.", metric=metric, subjects=[leaders], figure_text="90 times",
                 created_by=people["contributor"])
    assert Conflict.objects.get().members.count() == 3  # the desk sees the draft disagree
    after = client.get(f"/api/v1/conflicts/{conflict.pk}/")
    assert after.headers["ETag"] == before.headers["ETag"]
    assert after.json()["updated_at"] == before.json()["updated_at"]


def test_a_draft_never_reopens_what_editors_decided_and_its_publication_does(client, people):
    from claims.services import conflict_explain

    metric, leaders = MetricFactory(name="Meetings", canonical_unit="count"), EntityFactory(name="Xi and Putin")
    published("They met about 40 times.", people, metric=metric, subjects=[leaders], figure_text="about 40 times")
    published("They met 60 times.", people, metric=metric, subjects=[leaders], figure_text="60 times")
    conflict = conflict_explain(conflict=Conflict.objects.get(), note="Different counts of summits.",
                                user=people["editor"])
    before = client.get(f"/api/v1/conflicts/{conflict.pk}/")
    draft = claim_create(statement="They met 90 times.", metric=metric, subjects=[leaders], figure_text="90 times",
                         created_by=people["contributor"])
    conflict.refresh_from_db()
    assert conflict.status == "explained" and conflict.members.count() == 3
    assert client.get(f"/api/v1/conflicts/{conflict.pk}/").headers["ETag"] == before.headers["ETag"]
    claim_transition(claim=draft, action="submit", user=people["contributor"])
    claim_transition(claim=draft, action="approve", user=people["editor"])
    conflict.refresh_from_db()
    assert conflict.status == "open"  # new public figures: the decision is open again, for readers too
    assert client.get(f"/api/v1/conflicts/{conflict.pk}/").json()["status"] == "open"


def test_a_contributor_cannot_move_a_name_readers_see_off_its_entity(client, people):
    """Moving an alias to an entity no reader sees would delete it from the public one, unreviewed."""
    amur = EntityFactory(name="Amur")
    published("The Amur is 2,824 km long.", people, subjects=[amur])
    hidden = EntityFactory(name="Not public yet")
    contributor = Client()
    contributor.force_login(people["contributor"])
    editor = Client()
    editor.force_login(people["editor"])
    made = editor.post("/api/v1/aliases/", {"entity": amur.pk, "name": "Heilong Jiang"}, content_type="application/json")
    url = f"/api/v1/aliases/{made.json()['id']}/"
    before = body(client.get(f"/api/v1/entities/{amur.pk}/"))
    response = contributor.patch(url, {"entity": hidden.pk, "name": "Renamed"}, content_type="application/json",
                                 HTTP_IF_MATCH=contributor.get(url).headers["ETag"])
    assert response.status_code == 403, response.content
    assert EntityAlias.objects.get(pk=made.json()["id"]).entity == amur
    assert body(client.get(f"/api/v1/entities/{amur.pk}/")) == before
    # Where readers see neither entity, the contributor's alias stays theirs to change.
    draft_alias = contributor.post("/api/v1/aliases/", {"entity": hidden.pk, "name": "Draft name"},
                                   content_type="application/json").json()
    moved_url = f"/api/v1/aliases/{draft_alias['id']}/"
    other = EntityFactory(name="Also not public")
    assert contributor.patch(moved_url, {"entity": other.pk}, content_type="application/json",
                             HTTP_IF_MATCH=contributor.get(moved_url).headers["ETag"]).status_code == 200
