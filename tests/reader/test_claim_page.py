"""Issue #17: the claim page's summary box, claimants, search ranking, list cards, the feed, home and conflicts."""
import xml.etree.ElementTree as ET
from urllib.parse import urlparse

import extruct
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.errors import ServiceError
from claims.models import Claim, ClaimStatus, Conflict, Entity, Verdict
from claims.roles import CONTRIBUTOR, EDITOR
from claims.services import (
    appearance_add,
    claim_create,
    claim_transition,
    claim_update,
    conflict_resolve,
    public_counts_rebuild,
    reference_save,
)
from tests.factories import EntityFactory, MetricFactory, SourceFactory, user_with_role

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def published(statement, **fields):
    return claim_create(statement=statement, status=ClaimStatus.PUBLISHED, **fields)


def editor(first, last):
    user = user_with_role(EDITOR)
    user.first_name, user.last_name = first, last
    user.save()
    return user


def lavrov():
    return reference_save(instance=Entity(name="Sergei Lavrov", kind=Entity.Kind.PERSON))


def rated_through_two_editors(verdict=Verdict.INACCURATE, **fields):
    """Draft, submit and approve a claim with a verdict that needs two editors; return it and its editors."""
    author = user_with_role(CONTRIBUTOR)
    first, second = editor("Ana", "First"), editor("Ben", "Second")
    claim = claim_create(statement="The pipeline carries 50 billion cubic metres a year.", created_by=author, **fields)
    appearance_add(claim=claim, source=SourceFactory(title="Interview", published_on="2025-03-04"),
                   quote="50 billion cubic metres a year", user=author)
    claim_update(claim=claim, user=author, verdict=verdict, rationale="Its design capacity is lower.")
    claim_transition(claim=claim, action="submit", user=author)
    claim_transition(claim=claim, action="approve", user=first)
    claim.refresh_from_db()
    if claim.status == ClaimStatus.IN_REVIEW:  # a verdict that says the claim is wrong needs a second editor
        claim_transition(claim=claim, action="approve", user=second)
        claim.refresh_from_db()
    return claim, author, first, second


# --- Claimants --------------------------------------------------------------------------------------------

def test_claimant_is_a_person_or_organisation_with_a_role_and_kept_in_history():
    person, place = lavrov(), EntityFactory(kind=Entity.Kind.PLACE)
    author = user_with_role(CONTRIBUTOR)
    claim = claim_create(statement="Trade grew.", claimant=person, claimant_role="  Foreign   Minister of Russia ",
                         created_by=author)
    assert (claim.claimant, claim.claimant_role) == (person, "Foreign Minister of Russia")
    with pytest.raises(ServiceError, match="a claimant is a person or an organisation"):
        claim_update(claim=claim, user=author, claimant=place)
    with pytest.raises(ServiceError, match="role needs a claimant"):
        claim_create(statement="Trade fell.", claimant_role="Minister", created_by=author)
    claim.refresh_from_db()
    assert claim.claimant == person  # the refused change changed nothing
    kremlin = reference_save(instance=Entity(name="The Kremlin", kind=Entity.Kind.ORGANISATION))
    claim_update(claim=claim, user=author, claimant=kremlin, claimant_role="")
    versions = list(claim.history.order_by("history_id").values_list("claimant_id", "claimant_role"))
    assert versions[0] == (person.pk, "Foreign Minister of Russia") and versions[-1] == (kremlin.pk, "")


def test_a_correction_of_the_claimant_needs_a_public_note_and_readers_see_the_approved_one(client):
    claim, author, first, second = rated_through_two_editors(verdict=Verdict.ACCURATE, claimant=lavrov(),
                                                             claimant_role="Foreign Minister")
    claim_transition(claim=claim, action="reopen", user=first, note="Wrong speaker.")
    kremlin = reference_save(instance=Entity(name="Kremlin", kind=Entity.Kind.ORGANISATION))
    claim_update(claim=claim, user=author, claimant=kremlin, claimant_role="")
    page = client.get(reverse("claim-detail", args=[claim.slug])).content.decode()
    assert "Sergei Lavrov</a>, Foreign Minister" in page and ">Kremlin</a>" not in page  # still the approved one
    claim_transition(claim=claim, action="submit", user=author)
    with pytest.raises(ServiceError, match=r"changes what readers saw \(claimant, claimant's role\)"):
        claim_transition(claim=claim, action="approve", user=second)
    claim_transition(claim=claim, action="approve", user=second, public_note="The Kremlin said it, not Lavrov.")
    page = client.get(reverse("claim-detail", args=[claim.slug])).content.decode()
    assert ">Kremlin</a>" in page and "The Kremlin said it, not Lavrov." in page


def test_claimant_pages_list_the_claims_they_made(client):
    person = lavrov()
    claim = published("Trade reached 240 billion dollars.", claimant=person, claimant_role="Foreign Minister")
    page = client.get(reverse("entity-detail", args=[person.slug]))
    assert page.status_code == 200  # a claimant is public once a public claim names them
    assert "Claims made by Sergei Lavrov" in page.content.decode() and claim.statement in page.content.decode()
    hidden = reference_save(instance=Entity(name="Nobody Public", kind=Entity.Kind.PERSON))
    claim_create(statement="A draft.", claimant=hidden)
    assert client.get(reverse("entity-detail", args=[hidden.slug])).status_code == 404


# --- The summary box ------------------------------------------------------------------------------------

def test_summary_box_says_who_where_when_verdict_and_who_checked_before_the_evidence(client):
    claim, _author, first, second = rated_through_two_editors(claimant=lavrov(), claimant_role="Foreign Minister")
    html = client.get(reverse("claim-detail", args=[claim.slug])).content.decode()
    box = html.split('<section class="claim-summary"')[1].split("</section>")[0]
    assert claim.statement in box
    assert "Sergei Lavrov</a>, Foreign Minister" in box
    assert "Interview" in box and "4 March 2025" in box
    assert '<span class="verdict verdict-inaccurate">Inaccurate</span>' in box and "The claim is not correct." in box
    assert "Our verdict: Inaccurate, step 4 of 4 on a scale from accurate to inaccurate." in box
    assert box.count(' current"') == 1 and 'verdict-inaccurate current">Inaccurate</li>' in box
    assert f"{claim.last_approved_at:%-d %B %Y}" in box
    assert "Ana First and Ben Second" in box  # both approvals of the round that published it
    order = [html.index(marker) for marker in ('class="claim-summary"', 'id="appearances-heading"',
                                               'id="corrections-heading"')]
    assert order == sorted(order)


def test_summary_box_without_claimant_or_recorded_approvals_says_so(client):
    claim = published("The treaty ceded land.")
    box = client.get(reverse("claim-detail", args=[claim.slug])).content.decode().split(
        '<section class="claim-summary"')[1].split("</section>")[0]
    assert "Not attributed to a named person or organisation" in box and "No source recorded" in box
    assert "not a step on the scale" in box and "<dt>Published</dt>" in box  # unrated: nothing was "checked"
    assert '<dt>By</dt><dd class="byline">Crosscheck</dd>' in box


def test_claim_page_query_count_is_exact_and_does_not_grow(client, django_assert_num_queries):
    metric, subject = MetricFactory(name="Area ceded"), EntityFactory()
    claim, _author, first, second = rated_through_two_editors(claimant=lavrov(), claimant_role="Foreign Minister")
    url = reverse("claim-detail", args=[claim.slug])
    # The claim with its metric and claimant (one join); subjects; appearances; approvals with their
    # editors; its conflicts (none here); related claims; corrections.
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(5):
        appearance_add(claim=claim, source=SourceFactory(), quote=f"quote {n}")
        published(f"Related {n}", subjects=[subject], metric=metric, figure_text=f"{n + 1} km²")
    with django_assert_num_queries(len(one)):
        assert client.get(url).status_code == 200
    assert len(one) == 6


# --- One public note per correction ------------------------------------------------------------------------

@pytest.mark.parametrize("second_writes_note", [True, False])
def test_a_correction_with_two_approvals_shows_one_public_note(client, second_writes_note):
    claim, author, first, second = rated_through_two_editors(verdict=Verdict.ACCURATE)
    claim_transition(claim=claim, action="reopen", user=first, note="Re-rate.")
    claim_update(claim=claim, user=author, verdict=Verdict.INACCURATE)  # needs two editors
    claim_transition(claim=claim, action="submit", user=author)
    note = "We rated this claim: inaccurate."
    claim_transition(claim=claim, action="approve", user=first, public_note=note)
    claim_transition(claim=claim, action="approve", user=second, public_note=note if second_writes_note else "")
    page = client.get(reverse("claim-detail", args=[claim.slug])).content.decode()
    feed = client.get(reverse("feed")).content.decode()
    assert page.count(note) == 1 and feed.count(note) == 1
    from claims.models import ChangeEvent
    assert list(ChangeEvent.objects.filter(kind="corrected").values_list("public_note", flat=True)) == [note]


# --- Search ------------------------------------------------------------------------------------------------

def test_search_puts_the_claim_about_the_query_first():
    """Self-contained: a claim about the Treaty of Zorin ranks above claims that only mention it."""
    from django.test import Client

    zorin, other = EntityFactory(name="Treaty of Zorin"), EntityFactory(name="Treaty of Kell")
    reference_save(instance=__import__("claims.models", fromlist=["EntityAlias"]).EntityAlias(
        entity=zorin, name="Zorin Accord"))
    side = published("The Treaty of Kell, signed after the Treaty of Zorin, ceded 10,000 square kilometres of "
                     "marshland along the river to the northern kingdom.", subjects=[other, zorin])
    Claim.objects.filter(pk=side.pk).update(rationale="Zorin Zorin Zorin: historians of Zorin disagree.")
    about = published("The Treaty of Zorin was signed in 1858.", subjects=[zorin])
    published("Nothing to do with it.", subjects=[other])
    results = list(Client().get(reverse("claim-list"), {"q": "Zorin"}).context["page"].object_list)
    assert [c.pk for c in results] == [about.pk, side.pk]
    # A subject's alias finds the claims about it, though no statement says it.
    found = Client().get(reverse("claim-list"), {"q": "Accord"}).context["page"].object_list
    assert {c.pk for c in found} == {about.pk, side.pk}


def test_search_for_aigun_ranks_a_claim_about_aigun_first(client, seeded):
    results = list(client.get(reverse("claim-list"), {"q": "Aigun"}).context["page"].object_list)
    aigun = Entity.objects.get(name="Treaty of Aigun")
    first = Claim.objects.get(pk=results[0].pk)  # the list reads a card's columns only
    assert [s.pk for s in first.subjects.all()] == [aigun.pk] and "Aigun" in first.statement
    side = next(c for c in results if c.slug == "ceded-area-comparable-to-texas-and-france")
    assert results.index(side) > 1


def test_renaming_an_entity_updates_search():
    from django.test import Client

    entity = EntityFactory(name="Old Name Treaty")
    claim = published("It ceded land.", subjects=[entity])
    entity.name = "Treaty of Novelty"
    reference_save(instance=entity)
    assert [c.pk for c in Client().get(reverse("claim-list"), {"q": "Novelty"}).context["page"].object_list] == [
        claim.pk]


# --- List cards --------------------------------------------------------------------------------------------

def test_cards_show_verdict_disagreement_first_source_and_date(client):
    metric, entity = MetricFactory(name="Area ceded"), EntityFactory()
    early = SourceFactory(title="The first report", published_on="2020-01-02")
    later = SourceFactory(title="A later report", published_on="2023-05-06")
    claim = published("It ceded 100 km².", subjects=[entity], metric=metric, figure_text="100 km²")
    appearance_add(claim=claim, source=later, quote="100 km²")
    appearance_add(claim=claim, source=early, quote="a hundred km²")
    published("It ceded 900 km².", subjects=[entity], metric=metric, figure_text="900 km²")
    quiet = published("A claim nobody disputes.")
    def card_of(html, statement):
        return next(card.split("</article>")[0] for card in html.split('class="card claim-card"')[1:]
                    if statement in card.split("</h3>")[0])

    for url in (reverse("claim-list"), reverse("home"), reverse("entity-detail", args=[entity.slug])):
        card = card_of(client.get(url).content.decode(), claim.statement)
        assert "Sources disagree" in card and "First in" in card and "The first report" in card
        # Unrated: published, not "checked".
        assert "2 Jan 2020" in card and f"Published <time datetime=\"{claim.last_approved_at.isoformat()}" in card
        assert "verdict-not_yet_rated" in card
    quiet_card = card_of(client.get(reverse("claim-list")).content.decode(), quiet.statement)
    assert "Sources disagree" not in quiet_card and "First in" not in quiet_card


# --- Home, figures, conflicts ------------------------------------------------------------------------------

def test_home_counts_say_what_is_rated_and_figures_read_as_words(client):
    metric = MetricFactory(name="Pipeline capacity", canonical_unit="m³/yr")
    published("The pipeline carries up to 50 billion cubic metres a year.", metric=metric,
              figure_text="up to 50 billion cubic meters annually")
    html = client.get(reverse("home")).content.decode()
    assert "<strong>1</strong> sourced, not yet rated" in html and "</strong> rated</li>" not in html
    assert "up to 50 billion m³ a year" in html and "50,000,000,000" not in html
    claim = Claim.objects.get()
    Claim.objects.filter(pk=claim.pk).update(verdict=Verdict.ACCURATE)
    public_counts_rebuild()  # an update past the services leaves the public totals to a rebuild
    html = client.get(reverse("home")).content.decode()
    assert "<strong>1</strong> rated" in html and "not yet rated</li>" not in html


def test_conflict_pages_show_rank_only_when_an_editor_ranked(client):
    metric, entity = MetricFactory(name="Area ceded"), EntityFactory()
    low = published("It ceded 100 km².", subjects=[entity], metric=metric, figure_text="100 km²")
    published("It ceded 900 km².", subjects=[entity], metric=metric, figure_text="900 km²")
    conflict = Conflict.objects.get()
    html = client.get(reverse("conflict-detail", args=[conflict.pk])).content.decode()
    assert ">Rank<" not in html and "Normal" not in html
    conflict_resolve(conflict=conflict, user=None, note="The treaty text says 100.",
                     ranks={low.pk: ("preferred", "Matches the treaty text")})
    html = client.get(reverse("conflict-detail", args=[conflict.pk])).content.decode()
    assert ">Rank<" in html and "Preferred: Matches the treaty text" in html and "Normal" not in html
    detail = client.get(reverse("claim-detail", args=[low.slug])).content.decode()
    assert "Preferred: Matches the treaty text" in detail


# --- Favicon, feed, ClaimReview ---------------------------------------------------------------------------

def test_favicon_is_served_and_linked(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    body = b"".join(response) if response.streaming else response.content
    assert body[:4] == b"\x00\x00\x01\x00" and body[6:8] in (b"\x10\x10", b"\x20\x20", b"\x30\x30")
    assert 'rel="icon"' in client.get(reverse("methodology")).content.decode()


def _is_absolute_iri(value: str) -> bool:
    parsed = urlparse(value)
    return bool(parsed.scheme) and (parsed.scheme != "tag" or parsed.path.count(":") >= 1) and " " not in value


def test_atom_feed_has_rfc_4287_required_elements(client, settings):
    claim, author, first, second = rated_through_two_editors(verdict=Verdict.ACCURATE)
    claim_transition(claim=claim, action="reopen", user=first, note="Fix.")
    claim_update(claim=claim, user=author, verdict=Verdict.MOSTLY_ACCURATE)
    claim_transition(claim=claim, action="submit", user=author)
    claim_transition(claim=claim, action="approve", user=second, public_note="Rated mostly accurate.")
    published("42 is a number.")
    settings.CROSSCHECK_SITE_URL = "https://checks.example.org/"
    root = ET.fromstring(client.get(reverse("feed")).content)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}") is not None and root.find(f"{ATOM}{name}").text, name
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Crosscheck"
    assert root.find(f"{ATOM}id").text == "tag:checks.example.org,2024:feed"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 3  # two publications and one correction
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{name}") is not None and entry.find(f"{ATOM}{name}").text, name
        assert _is_absolute_iri(entry.find(f"{ATOM}id").text) and not entry.find(f"{ATOM}id").text[0].isdigit()
        assert _is_absolute_iri(entry.find(f"{ATOM}link").get("href"))
        # Links name the configured address too, not the host the feed happened to be fetched through.
        assert entry.find(f"{ATOM}link").get("href").startswith("https://checks.example.org/claims/")
    assert {link.get("href") for link in root.findall(f"{ATOM}link")} == {
        "https://checks.example.org/claims/", "https://checks.example.org/feed/"}
    assert any(i.startswith(f"tag:checks.example.org,2024:claim-{claim.pk}/correction-") for i in ids)
    assert ET.fromstring(client.get(reverse("feed")).content).find(f"{ATOM}entry/{ATOM}id").text == ids[0]  # stable


def test_claimreview_names_the_claimant_with_role(client):
    claim, *_ = rated_through_two_editors(claimant=lavrov(), claimant_role="Foreign Minister of Russia")
    html = client.get(reverse("claim-detail", args=[claim.slug])).content.decode()
    review = next(i for i in extruct.extract(html, base_url="http://testserver/", syntaxes=["json-ld"])["json-ld"]
                  if i["@type"] == "ClaimReview")
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Sergei Lavrov",
                                                "jobTitle": "Foreign Minister of Russia"}
    kremlin = reference_save(instance=Entity(name="Kremlin", kind=Entity.Kind.ORGANISATION))
    other, *_ = rated_through_two_editors(claimant=kremlin)
    html = client.get(reverse("claim-detail", args=[other.slug])).content.decode()
    review = next(i for i in extruct.extract(html, base_url="http://testserver/", syntaxes=["json-ld"])["json-ld"]
                  if i["@type"] == "ClaimReview")
    assert review["itemReviewed"]["author"] == {"@type": "Organization", "name": "Kremlin"}


# --- API ---------------------------------------------------------------------------------------------------

def test_api_reads_and_writes_the_claimant(client):
    person, place = lavrov(), EntityFactory(kind=Entity.Kind.PLACE)
    author = user_with_role(CONTRIBUTOR)
    client.force_login(author)
    created = client.post("/api/v1/claims/", {"statement": "Trade grew 20%.", "claimant": person.pk,
                                              "claimant_role": "Foreign Minister"}, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["claimant"] == {"id": person.pk, "name": "Sergei Lavrov", "slug": person.slug, "kind": "person"}
    assert body["claimant_role"] == "Foreign Minister"
    refused = client.post("/api/v1/claims/", {"statement": "Trade fell.", "claimant": place.pk},
                          content_type="application/json")
    assert refused.status_code in (400, 409) and "person or an organisation" in refused.content.decode()
    assert not Claim.objects.filter(statement="Trade fell.").exists()
    schema = client.get("/api/schema/?format=json").json()
    properties = schema["components"]["schemas"]["Claim"]["properties"]
    assert "claimant" in properties and "claimant_role" in properties
    assert "claimant" in schema["components"]["schemas"]["ClaimWriteRequest"]["properties"]


# --- Admin -------------------------------------------------------------------------------------------------

def test_contributors_fill_the_claimant_in_the_admin_and_places_are_refused(client):
    person, place = lavrov(), EntityFactory(kind=Entity.Kind.PLACE)
    client.force_login(user_with_role(CONTRIBUTOR))
    form = client.get(reverse("admin:claims_claim_add")).content.decode()
    assert 'name="claimant"' in form and 'name="claimant_role"' in form

    def add(statement, claimant):
        return client.post(reverse("admin:claims_claim_add"), {
            "statement": statement, "claimant": claimant.pk, "claimant_role": "Foreign Minister",
            "status": "draft", "verdict": "not_yet_rated",
            "appearances-TOTAL_FORMS": "0", "appearances-INITIAL_FORMS": "0",
        })
    assert add("Trade grew 20%.", person).status_code == 302
    assert Claim.objects.get().claimant == person and Claim.objects.get().claimant_role == "Foreign Minister"
    refused = add("Trade fell.", place)
    assert refused.status_code == 200 and not Claim.objects.filter(statement="Trade fell.").exists()
