"""Conflicts in the Atom feed and in webhooks: opened, decided, reopened and closed, each with its note,
and every absolute URL on the one configured site address, whatever host a request came through."""
import json
import xml.etree.ElementTree as ET

import pytest

from claims.models import ChangeEvent, Claim, Conflict
from claims.roles import CHIEF_EDITOR, CONTRIBUTOR, EDITOR
from claims.services import claim_create, claim_update, conflict_explain, conflict_reopen
from tests.factories import EntityFactory, MetricFactory
from tests.loopback import LoopbackServer
from tests.workflow import IN_REVIEW, PUBLISHED, draft, move, person, put_in_state
from webhooks import delivery as webhooks
from webhooks.models import Subscription

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://checks.example.org/"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.CROSSCHECK_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    settings.CROSSCHECK_WEBHOOK_TIMEOUT = 2
    settings.CROSSCHECK_SITE_URL = SITE


def disagreeing_claims():
    author, metric, entity = person(CONTRIBUTOR, "author"), MetricFactory(), EntityFactory()
    first = put_in_state(draft(author, metric=metric, figure_text="101 km²", subjects=[entity]), PUBLISHED, author)
    assert not Conflict.objects.exists() or not Conflict.objects.get().is_public  # one figure disagrees with nothing
    second = put_in_state(draft(author, statement="Another figure.", metric=metric, figure_text="303 km²",
                                subjects=[entity]), IN_REVIEW, author)
    move(second, "approve", person(EDITOR), conflict_note="Both sources are cited.")
    return first, second, Conflict.objects.get()


def atom_entries(client, **headers) -> list[dict]:
    root = ET.fromstring(client.get("/feed/", **headers).content)
    return [{"title": e.find(f"{ATOM}title").text, "summary": (e.find(f"{ATOM}summary").text or ""),
             "link": e.find(f"{ATOM}link").get("href"), "id": e.find(f"{ATOM}id").text}
            for e in root.findall(f"{ATOM}entry")]


def test_a_conflicts_life_reaches_receivers_and_the_atom_feed_with_its_notes(client):
    with LoopbackServer() as receiver:
        Subscription.objects.create(url=f"{receiver.url}/hook")
        first, second, conflict = disagreeing_claims()
        editor = person(EDITOR)
        conflict_explain(conflict=conflict, note="Different definitions.", user=editor)
        conflict_reopen(conflict=conflict, note="A new source counts the same thing.", user=editor)
        entries = atom_entries(client)
        move(Claim.objects.get(pk=second.pk), "withdraw", person(CHIEF_EDITOR), public_note="Retracted.")
        while webhooks.deliver_due():
            pass
    sent = [json.loads(body) for _, _, body in receiver.posts]
    about_conflict = [(e["kind"], e["public_note"]) for e in sorted(sent, key=lambda e: e["cursor"])
                      if e["conflict"] == conflict.pk]
    assert about_conflict == [
        ("conflict_opened", f"Published figures disagree: {conflict.title}."),
        ("conflict_explained", "Different definitions."),
        ("conflict_reopened", "A new source counts the same thing."),
        ("conflict_closed", "Closed automatically: the figures no longer disagree.")]
    page = f"{SITE}conflicts/{conflict.pk}/"
    # Sent while readers saw the conflict (delivered after it closed: no address for a page that is gone).
    assert {e["conflict_url"] for e in sent if e["conflict"]} == {None}
    feed = client.get("/api/v1/changes/").json()["results"]
    assert {e["conflict_url"] for e in feed if e["conflict"]} == {None}
    shown = [(e["title"], e["summary"], e["link"]) for e in entries if "/conflicts/" in e["link"]]
    assert shown == [(f"Conflict reopened: {conflict.title}", "A new source counts the same thing.", page),
                     (f"Conflict explained: {conflict.title}", "Different definitions.", page),
                     (f"Conflict opened: {conflict.title}", f"Published figures disagree: {conflict.title}.", page)]
    closed = next(e for e in atom_entries(client) if e["title"].startswith("Conflict closed"))
    # Readers no longer see the conflict: its entry points at the conflicts list, not at a page that is gone.
    assert closed["link"] == f"{SITE}conflicts/" and closed["id"].startswith("tag:checks.example.org,2024:conflict-")


def test_a_decision_readers_cannot_see_reaches_neither_feed(client):
    author, metric, entity = person(CONTRIBUTOR, "author"), MetricFactory(), EntityFactory()
    draft(author, metric=metric, figure_text="101 km²", subjects=[entity])
    other = put_in_state(draft(author, statement="Other.", metric=metric, figure_text="303 km²", subjects=[entity]),
                         IN_REVIEW, author)
    move(other, "approve", person(EDITOR), conflict_note="The other figure is a draft.")
    with LoopbackServer() as receiver:
        Subscription.objects.create(url=f"{receiver.url}/hook")
        conflict_explain(conflict=Conflict.objects.get(), note="The draft is wrong.", user=person(EDITOR))
        webhooks.deliver_due()
    assert receiver.posts == []
    assert not [e for e in atom_entries(client) if "conflict" in e["id"]]


def test_webhooks_and_the_feeds_give_one_address_whatever_host_a_request_came_through(client):
    with LoopbackServer() as receiver:
        Subscription.objects.create(url=f"{receiver.url}/hook")
        first, _, _ = disagreeing_claims()
        webhooks.deliver_due()
    hooked = next(json.loads(body)["claim_url"] for _, _, body in receiver.posts if json.loads(body)["claim"] == first.pk)
    assert hooked == f"{SITE}claims/{first.slug}/"
    # Through the proxy's internal name and port, as a crawler behind a CDN would fetch them.
    through = {"HTTP_HOST": "127.0.0.1:8081"}
    assert hooked in {e["link"] for e in atom_entries(client, **through)}
    changes = client.get("/api/v1/changes/", **through).json()["results"]
    assert hooked in {e["claim_url"] for e in changes}
    opened = next(json.loads(body) for _, _, body in receiver.posts if json.loads(body)["kind"] == "conflict_opened")
    assert opened["conflict_url"] == f"{SITE}conflicts/{opened['conflict']}/" == next(
        e["conflict_url"] for e in changes if e["kind"] == "conflict_opened")
    assert client.get(f"/api/v1/claims/{first.pk}/", **through).json()["page_url"] == hooked
    page = client.get(f"/claims/{first.slug}/", **through).content.decode()
    assert f'<link rel="canonical" href="{hooked}">' in page and f'<meta property="og:url" content="{hooked}">' in page
    listing = client.get("/claims/?page=1", **through).content.decode()
    assert f'<link rel="canonical" href="{SITE}claims/?page=1">' in listing


@pytest.mark.parametrize("hidden_draft", [False, True])
def test_a_hidden_draft_adds_no_reopening_to_a_conflicts_public_life(hidden_draft):
    """A correction makes a decided conflict's public figures agree: readers are told it closed, draft or no draft.

    A draft still disagreeing keeps the newsroom's conflict open; readers, who never saw the draft, must
    not be told it reopened first (the feed, webhooks and Atom would differ by a draft's existence).
    """
    author, editors = person(CONTRIBUTOR, "author"), [person(EDITOR, "first"), person(EDITOR, "second")]
    metric, entity = MetricFactory(canonical_unit="km²"), EntityFactory()
    a, b = (claim_create(statement=f"It ceded {f}.", subjects=[entity], metric=metric, figure_text=f,
                         status=PUBLISHED) for f in ("100 km²", "900 km²"))
    conflict_explain(conflict=Conflict.objects.get(), note="Different borders.", user=editors[0])
    if hidden_draft:
        draft(author, statement="It ceded 5,000 km².", subjects=[entity], metric=metric, figure_text="5,000 km²")
    start = ChangeEvent.objects.order_by("-id").values_list("id", flat=True).first()
    move(b, "reopen", editors[0], note="A reader wrote in.")
    claim_update(claim=Claim.objects.get(pk=b.pk), user=author, figure_text="100 km²")
    move(Claim.objects.get(pk=b.pk), "submit", author)
    for editor in editors:
        if Claim.objects.get(pk=b.pk).status == IN_REVIEW:
            move(Claim.objects.get(pk=b.pk), "approve", editor, public_note="Corrected.", conflict_note="Known.")
    assert list(ChangeEvent.objects.filter(id__gt=start).values_list("kind", flat=True)) == [
        "conflict_closed", "corrected"]
