"""The change feed: every change readers can see, in order, resumable, and nothing they cannot."""
import pytest
from rest_framework.test import APIClient

from claims.errors import ServiceError
from claims.models import ChangeEvent, Claim, Conflict
from claims.roles import CHIEF_EDITOR, CONTRIBUTOR, EDITOR
from claims.services import claim_create, claim_update, conflict_explain, conflict_reopen
from tests.factories import EntityFactory, MetricFactory
from tests.workflow import IN_REVIEW, PUBLISHED, draft, move, person, put_in_state

pytestmark = pytest.mark.django_db


def feed(**params):
    response = APIClient().get("/api/v1/changes/", params)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def author():
    return person(CONTRIBUTOR, "author")


def test_publication_correction_withdrawal_and_conflict_decisions_in_order(author):
    metric, entity = MetricFactory(), EntityFactory()
    claim = put_in_state(draft(author, metric=metric, figure_text="101 km²", subjects=[entity]), PUBLISHED, author)
    put_in_state(draft(author, statement="A draft readers never see."), IN_REVIEW, author)
    editor = person(EDITOR)
    move(claim, "reopen", editor, note="Newer figure.")
    claim_update(claim=claim, figure_text="102 km²", user=author)
    other = claim_create(statement="Other", metric=metric, figure_text="303 km²", subjects=[entity],
                         status=PUBLISHED)
    put_in_state(Claim.objects.get(pk=claim.pk), IN_REVIEW, author)
    move(claim, "approve", person(EDITOR), conflict_note="Counts water.", public_note="It is 102 km².")
    conflict = Conflict.objects.get(members__claim=other)
    conflict_explain(conflict=conflict, note="Different definitions.", user=editor)
    conflict_reopen(conflict=conflict, note="New source.", user=editor)
    assert feed()["results"][0]["claim_url"] == f"http://testserver{claim.get_absolute_url()}"
    move(claim, "withdraw", person(CHIEF_EDITOR), public_note="The source retracted.")

    events = feed()["results"]
    # The conflict's whole life as readers saw it: opened when the second figure was published, decided,
    # reopened, and closed when the withdrawal left nothing to disagree with; each with its note.
    assert [(e["kind"], e["public_note"]) for e in events] == [
        ("published", ""), ("conflict_opened", f"Published figures disagree: {conflict.title}."),
        ("corrected", "It is 102 km²."), ("conflict_explained", "Different definitions."),
        ("conflict_reopened", "New source."),
        ("conflict_closed", "Closed automatically: the figures no longer disagree."),
        ("withdrawn", "The source retracted.")]
    assert [e["cursor"] for e in events] == sorted(e["cursor"] for e in events)
    assert events[0]["claim"] == claim.pk
    # Withdrawn: readers no longer see the claim, so no event gives its address (its slug is its wording).
    assert {e["claim_url"] for e in events if e["claim"]} == {None}
    assert {e["conflict"] for e in events if e["kind"].startswith("conflict_")} == {conflict.pk}
    assert "never see" not in str(events)


def test_a_decision_on_a_conflict_readers_cannot_see_is_not_in_the_feed(author):
    metric, entity = MetricFactory(), EntityFactory()
    draft(author, metric=metric, figure_text="101 km²", subjects=[entity])
    claim_create(statement="Other", metric=metric, figure_text="303 km²", subjects=[entity], status=PUBLISHED)
    conflict = Conflict.objects.get()  # a draft disagrees: editors see it, readers do not
    conflict_explain(conflict=conflict, note="Draft figure is wrong.", user=person(EDITOR))
    assert feed()["results"] == []


def test_the_feed_resumes_after_a_cursor_page_by_page(author):
    for n in range(5):
        put_in_state(draft(author, statement=f"Claim number {n}."), PUBLISHED, author)
    first = feed(page_size=2)
    assert len(first["results"]) == 2 and first["more"]
    rest, since = [], first["since"]
    while True:
        page = feed(since=since, page_size=2)
        rest += page["results"]
        since = page["since"]
        if not page["more"]:
            break
    assert [e["cursor"] for e in first["results"] + rest] == list(
        ChangeEvent.objects.order_by("id").values_list("id", flat=True))
    assert len(rest) == 3
    assert feed(since=since) == {"results": [], "since": since, "more": False}
    assert APIClient().get("/api/v1/changes/", {"since": "abc"}).status_code == 400


def test_a_refused_change_records_nothing(author):
    claim = put_in_state(draft(author), IN_REVIEW, author)
    with pytest.raises(ServiceError):
        move(claim, "approve", author)
    assert not ChangeEvent.objects.exists()


def test_the_feed_costs_the_same_queries_for_one_event_or_many(author):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n in (1, 19):
        for i in range(n):
            put_in_state(draft(author, statement=f"Published claim {n}-{i}."), PUBLISHED, author)
        with CaptureQueriesContext(connection) as queries:
            assert len(feed(page_size=500)["results"]) >= n
        counts.append(len(queries))
    assert counts[0] == counts[1]
