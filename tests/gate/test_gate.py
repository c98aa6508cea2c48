"""The gate: nothing unreviewed reaches readers, whichever door a write comes through.

One test per way the gate was seen to break (admin, importer, conflicts, validators, permissions).
"""
import json
import re

import pytest

from claims import selectors, services
from claims.errors import ServiceError
from claims.models import Appearance, Claim, ClaimStatus, Conflict, EvidenceStatus, Review
from claims.roles import CHIEF_EDITOR, CONTRIBUTOR, EDITOR
from claims.services import appearance_add, claim_create, claim_transition, claim_update
from imports import services as imports
from imports.capture import from_text
from tests.factories import EntityFactory, MetricFactory, SourceFactory, user_with_role
from tests.imports.articles import review_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {"contributor": user_with_role(CONTRIBUTOR, "contributor"), "editor": user_with_role(EDITOR, "editor"),
            "second": user_with_role(EDITOR, "second"), "chief": user_with_role(CHIEF_EDITOR, "chief")}


def published(statement, people, **fields):
    claim = claim_create(statement=statement, created_by=people["contributor"], **fields)
    claim_transition(claim=claim, action="submit", user=people["contributor"])
    claim_transition(claim=claim, action="approve", user=people["editor"], conflict_note="Checked.")
    return Claim.objects.get(pk=claim.pk)


def anonymous_text(client, claim) -> str:
    """Everything an anonymous reader can fetch about a claim, its sources and the site-wide lists."""
    urls = [f"/claims/{claim.slug}/", f"/api/v1/claims/{claim.pk}/", f"/api/v1/claims/{claim.pk}/claimreview/",
            "/api/v1/claims.csv", "/api/v1/claimreviews.jsonl", "/sitemap-sources.xml", "/api/v1/appearances/",
            "/api/v1/sources/", "/feed/"]
    urls += [f"/sources/{source.slug}/" for source in SourceFactory._meta.model.objects.all()]
    out = []
    for url in urls:
        response = client.get(url)
        out.append(b"".join(response.streaming_content) if response.streaming else response.content)
    return b"\n".join(out).decode()


def test_import_candidates_for_a_published_claim_wait_for_an_editor(client, people):
    area = MetricFactory(name="Area ceded", canonical_unit="km²", additive=True)
    aigun = EntityFactory(name="Treaty of Aigun", kind="treaty")
    claim = published("The Treaty of Aigun ceded 600,000 km².", people, metric=area, subjects=[aigun],
                      figure_text="600,000 km²")
    text = ("Treaty of Aigun facts\n\nHistorians agree that the Treaty of Aigun ceded 600,000 km² of land to "
            "the empire in 1858, a figure confirmed in many atlases. The treaty was signed on the Amur river by "
            "two delegations after long talks.")
    result = imports.import_captured(from_text(text), title="An atlas", user=people["contributor"])
    candidate = next(c for c in result.candidates if c.figure_text.startswith("600,000"))
    imports.accept_candidates(snapshot=result.snapshot, user=people["contributor"], choices=[
        imports.Choice(candidate=candidate, attach_to=claim)])
    pending = Appearance.objects.get(claim=claim, source=result.source)
    assert pending.status == EvidenceStatus.PENDING
    seen = anonymous_text(client, claim)
    assert "Historians agree" not in seen and "An atlas" not in seen
    assert client.get(f"/sources/{result.source.slug}/").status_code == 404

    with pytest.raises(ServiceError) as refused:
        services.evidence_review(appearance=pending, user=people["contributor"], approve=True)
    assert refused.value.code == "permission"
    services.evidence_review(appearance=pending, user=people["editor"], approve=True)
    assert "Historians agree" in anonymous_text(client, claim)
    assert claim.reviews.filter(action=Review.Action.APPROVE_EVIDENCE, actor=people["editor"]).exists()


def test_accepting_again_does_not_add_a_candidate_left_unticked(client, people):
    text = ("Pipeline report\n\nThe pipeline carries 38 billion cubic meters of gas a year to the coast. "
            "A second line will carry 50 billion cubic meters a year once it is finished, officials said.")
    result = imports.import_captured(from_text(text), title="Report", user=people["contributor"])
    first, second = result.candidates[:2]
    client.force_login(people["contributor"])
    url = f"/admin/imports/importjob/review/{result.snapshot.pk}/"
    form = review_form_data(client.get(url).content.decode(), {0: True})  # the second is left unticked
    response = client.post(url, form)
    assert response.status_code == 302, re.findall(r"errorlist[^>]*>(.*?)</ul>", response.content.decode())
    assert Claim.objects.count() == 1
    again = client.get(url).content.decode()
    assert 'name="candidate-1-accept"' in again
    assert not re.search(r'name="candidate-1-accept"[^>]*checked', again)  # remembered as declined
    client.post(url, review_form_data(again, {0: True}))  # Accept pressed again, as the page stands
    assert Claim.objects.count() == 1


def test_a_contributor_changing_published_evidence_in_the_admin_waits_for_an_editor(client, people):
    claim = published("The pipeline carries 38 bcm a year.", people)
    source = SourceFactory(title="Energy weekly")
    appearance = appearance_add(claim=claim, source=source, quote="It carries 38 bcm a year.")
    client.force_login(people["contributor"])
    url = f"/admin/claims/appearance/{appearance.pk}/change/"
    page = client.get(url).content.decode()
    loaded = re.search(r'name="loaded_updated_at" value="([^"]+)"', page)[1]
    response = client.post(url, {"claim": claim.pk, "source": source.pk, "quote": "It carries 99 bcm a year.",
                                 "loaded_updated_at": loaded})
    assert response.status_code == 302
    appearance.refresh_from_db()
    assert appearance.quote == "It carries 38 bcm a year."  # what readers see is unchanged
    assert "99 bcm" not in client.get(f"/claims/{claim.slug}/").content.decode()
    change = appearance.pending_changes.get()
    assert change.status == EvidenceStatus.PENDING and change.proposed_by == people["contributor"]
    services.evidence_review(appearance=change, user=people["editor"], approve=True)
    appearance.refresh_from_db()
    assert appearance.quote == "It carries 99 bcm a year."
    assert "99 bcm" in client.get(f"/claims/{claim.slug}/").content.decode()


def test_the_admin_saves_claims_through_the_services_and_rechecks_old_subjects(client, people):
    area = MetricFactory(name="Area ceded", canonical_unit="sq mi", additive=True)
    aigun, peking, other = EntityFactory(name="Aigun"), EntityFactory(name="Peking"), EntityFactory(name="Other")
    source = SourceFactory()
    parts = []
    for subject, figure in ((aigun, "150,000 sq mi"), (peking, "100,000 sq mi")):
        part = claim_create(statement=f"{subject} ceded {figure}.", metric=area, subjects=[subject],
                            figure_text=figure, created_by=people["contributor"])
        appearance_add(claim=part, source=source, quote=f"{subject} {figure}", user=people["contributor"])
        parts.append(part)
    claim_create(statement="Both ceded 900,000 sq mi.", metric=area, subjects=[aigun, peking],
                 figure_text="900,000 sq mi", created_by=people["contributor"])
    conflict = Conflict.objects.get(kind="figures")
    assert conflict.status == "open" and conflict.members.filter(is_part=True).count() == 2

    client.force_login(people["contributor"])
    url = f"/admin/claims/claim/{parts[1].pk}/change/"
    page = client.get(url).content.decode()
    loaded = re.search(r'name="loaded_updated_at" value="([^"]+)"', page)[1]
    response = client.post(url, {
        "statement": parts[1].statement, "slug": parts[1].slug, "subjects": [other.pk], "metric": area.pk,
        "figure_text": "100,000 sq mi", "verdict": "not_yet_rated", "loaded_updated_at": loaded,
        "appearances-TOTAL_FORMS": "0", "appearances-INITIAL_FORMS": "0",
        "reviews-TOTAL_FORMS": "0", "reviews-INITIAL_FORMS": "0"})
    assert response.status_code == 302
    conflict.refresh_from_db()
    # The sum lost a part when the subject changed: the conflict is closed, not left stale.
    assert conflict.status == "resolved" and "no longer disagree" in conflict.note
    assert Claim.objects.get(pk=parts[1].pk).history.first().history_user == people["contributor"]


def test_a_draft_figure_neither_moves_nor_makes_a_public_conflict(client, people):
    metric = MetricFactory(name="Joint exercises", canonical_unit="count")
    russia = EntityFactory(name="Russia and China")
    low = published("They held 11 exercises.", people, metric=metric, subjects=[russia], figure_text="11 exercises")
    published("They held 15 exercises.", people, metric=metric, subjects=[russia], figure_text="15 exercises")
    conflict = Conflict.objects.get()
    before = client.get(f"/api/v1/conflicts/{conflict.pk}/").json()
    claim_create(statement="They held 80 exercises.", metric=metric, subjects=[russia], figure_text="80 exercises",
                 created_by=people["contributor"])
    after = client.get(f"/api/v1/conflicts/{conflict.pk}/").json()
    assert after["difference"] == before["difference"] == 4 and after["ratio"] == before["ratio"]
    assert [m["stated_figure"] for m in after["members"]] == [m["stated_figure"] for m in before["members"]]

    # A draft that disagrees with one published claim makes no public conflict at all.
    other = EntityFactory(name="India and China")
    alone = published("India and China held 3 exercises.", people, metric=metric, subjects=[other],
                      figure_text="3 exercises")
    claim_create(statement="India and China held 30 exercises.", metric=metric, subjects=[other],
                 figure_text="30 exercises", created_by=people["contributor"])
    hidden = Conflict.objects.get(members__claim=alone)
    assert client.get(f"/api/v1/conflicts/{hidden.pk}/").status_code == 404
    assert client.get(f"/api/v1/claims/{alone.pk}/").json()["open_conflicts"] == []
    assert alone.slug not in client.get("/claims/?conflict=yes").content.decode()
    listed = client.get("/api/v1/claims/?has_open_conflict=true").json()["results"]
    assert alone.pk not in [c["id"] for c in listed] and low.pk in [c["id"] for c in listed]


def test_a_correction_in_review_does_not_make_a_public_conflict(client, people):
    metric = MetricFactory(name="Meetings", canonical_unit="count")
    leaders = EntityFactory(name="Xi and Putin")
    first = published("They met about 40 times.", people, metric=metric, subjects=[leaders], figure_text="about 40 times")
    published("They met about 42 times.", people, metric=metric, subjects=[leaders], figure_text="about 42 times")
    claim_transition(claim=first, action="reopen", user=people["editor"], note="Check the count.")
    claim_update(claim=first, figure_text="90 times", user=people["contributor"])
    # The correction is drafted aside: the claim's row, which detection and readers read, keeps 40.
    assert not Conflict.objects.filter(status="open").exists()
    assert client.get("/api/v1/conflicts/").json()["results"] == []  # readers see the approved 40 and 42
    assert client.get("/conflicts/").content.decode().count('class="conflict-card') == 0
    claim_transition(claim=first, action="submit", user=people["contributor"])
    claim_transition(claim=first, action="approve", user=people["editor"], public_note="It is 90 meetings.")
    assert [c["status"] for c in client.get("/api/v1/conflicts/").json()["results"]] == ["open"]


def test_etags_change_when_evidence_or_conflicts_change(client, people):
    metric = MetricFactory(name="Exercises", canonical_unit="count")
    pair = EntityFactory(name="Pair")
    claim = published("They held 11 exercises.", people, metric=metric, subjects=[pair], figure_text="11 exercises")
    url = f"/api/v1/claims/{claim.pk}/"
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    appearance_add(claim=claim, source=SourceFactory(), quote="Eleven exercises.")  # evidence added
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200
    etag = client.get(url)["ETag"]
    published("They held 20 exercises.", people, metric=metric, subjects=[pair], figure_text="20 exercises")
    joined = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert joined.status_code == 200 and joined.json()["open_conflicts"]  # it joined a conflict


def test_conflict_decisions_are_refused_in_the_service_whoever_calls_it(people):
    metric = MetricFactory(name="Exercises", canonical_unit="count")
    pair = EntityFactory(name="Pair")
    published("They held 11 exercises.", people, metric=metric, subjects=[pair], figure_text="11 exercises")
    published("They held 20 exercises.", people, metric=metric, subjects=[pair], figure_text="20 exercises")
    conflict = Conflict.objects.get()
    for decide in (services.conflict_explain, services.conflict_reopen):
        with pytest.raises(ServiceError) as refused:
            decide(conflict=conflict, note="Because.", user=people["contributor"])
        assert refused.value.code == "permission"
    with pytest.raises(ServiceError) as refused:
        services.conflict_flag(claims=list(Claim.objects.all()), note="x", user=people["contributor"])
    assert refused.value.code == "permission"


def test_one_definition_of_a_public_source(client, people):
    """A repost carrying only a withdrawn claim is public nowhere; its original is public through its own quote."""
    original = SourceFactory(title="Original article")
    repost = SourceFactory(title="Blog repost", original=original, kind="repost")
    claim = published("A claim only the repost carries.", people)
    appearance_add(claim=claim, source=repost, quote="Only in the repost.")
    assert set(selectors.public_sources()) == {original, repost}  # the original through its copy
    claim_transition(claim=claim, action="withdraw", user=people["chief"], public_note="Retracted.")
    assert not selectors.public_sources().exists()
    for source in (original, repost):
        assert client.get(f"/sources/{source.slug}/").status_code == 404
        assert client.get(f"/api/v1/sources/{source.pk}/").status_code == 404
    assert "<loc>" not in client.get("/sitemap-sources.xml").content.decode()


def test_reference_data_readers_see_is_changed_only_by_editors(people):
    entity = EntityFactory(name="Vladivostok")
    published("Vladivostok hosts the Pacific Fleet.", people, subjects=[entity])
    entity.description = "Changed by a contributor"
    with pytest.raises(ServiceError) as refused:
        services.reference_save(instance=entity, user=people["contributor"])
    assert refused.value.code == "permission"
    services.reference_save(instance=entity, user=people["editor"])
    unused = EntityFactory(name="Somewhere unused")
    unused.description = "Fine"
    services.reference_save(instance=unused, user=people["contributor"])  # readers do not see it yet


def test_first_of_two_approvals_publishes_no_note(client, people):
    claim = claim_create(statement="Rated inaccurate.", verdict="inaccurate", created_by=people["contributor"])
    claim_transition(claim=claim, action="submit", user=people["contributor"])
    claim_transition(claim=claim, action="approve", user=people["editor"], public_note="We rated it inaccurate.")
    claim_transition(claim=claim, action="approve", user=people["second"], public_note="We rated it inaccurate.")
    page = client.get(f"/claims/{claim.slug}/").content.decode()
    assert page.count("We rated it inaccurate.") == 1
    assert ClaimStatus.PUBLISHED == Claim.objects.get(pk=claim.pk).status
    assert json.loads(client.get(f"/api/v1/claims/{claim.pk}/").content)["statement"] == "Rated inaccurate."


def test_a_published_address_never_carries_a_drafts_earlier_wording(client, people):
    claim = claim_create(statement="Secret first wording of the claim.", created_by=people["contributor"])
    claim_update(claim=claim, statement="The approved wording.", user=people["contributor"])
    claim_transition(claim=claim, action="submit", user=people["contributor"])
    claim_transition(claim=claim, action="approve", user=people["editor"])
    claim = Claim.objects.get(pk=claim.pk)
    assert claim.slug == "the-approved-wording"
    assert "secret" not in client.get("/sitemap-claims.xml").content.decode().lower()
    claim_transition(claim=claim, action="reopen", user=people["editor"], note="Reword.")
    claim_update(claim=claim, statement="A corrected wording.", user=people["contributor"])
    assert Claim.objects.get(pk=claim.pk).slug == "the-approved-wording"  # readers' links keep working
    chosen = claim_create(statement="Some words.", slug="chosen-by-an-editor", created_by=people["contributor"])
    claim_update(claim=chosen, statement="Other words.", user=people["contributor"])
    assert Claim.objects.get(pk=chosen.pk).slug == "chosen-by-an-editor"


def test_the_evidence_desk_lists_in_constant_queries(client, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    claim = published("A published claim with evidence waiting.", people)
    client.force_login(people["editor"])

    def propose(n):
        for i in range(n):
            appearance_add(claim=claim, source=SourceFactory(), quote=f"Waiting quote {i} {SourceFactory().pk}",
                           user=people["contributor"])

    counts = []
    for n in (1, 19):
        propose(n)
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/admin/claims/pendingevidence/")
        assert page.status_code == 200 and page.content.decode().count("Waiting quote") >= n
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert client.get("/admin/claims/pendingevidence/").status_code == 200
    client.force_login(people["contributor"])
    assert client.get("/admin/claims/pendingevidence/").status_code == 403  # the desk is the reviewers'


def test_a_resolution_hears_every_unmet_requirement_at_once(people):
    metric = MetricFactory(name="Exercises", canonical_unit="count")
    pair = EntityFactory(name="Pair")
    first = published("They held 11 exercises.", people, metric=metric, subjects=[pair], figure_text="11 exercises")
    second = published("They held 20 exercises.", people, metric=metric, subjects=[pair], figure_text="20 exercises")
    conflict = Conflict.objects.get()
    with pytest.raises(ServiceError) as refused:
        services.conflict_resolve(conflict=conflict, note="", user=people["editor"],
                                  ranks={first.pk: ("deprecated", ""), second.pk: ("normal", "")})
    messages = [message for message, _ in refused.value.problems]
    assert len(messages) == 3 and set(refused.value.fields) == {"note", "ranks"}
    assert Conflict.objects.get().status == "open"
