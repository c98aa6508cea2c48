"""The desk's review screens in the admin: the review queue, the desk filters, bulk actions, the review log."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim
from claims.roles import CONTRIBUTOR, EDITOR
from claims.services import claim_update
from tests.workflow import CHANGES, IN_REVIEW, PUBLISHED, draft, move, person, put_in_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    return person(CONTRIBUTOR, "author")


def test_review_queue_shows_what_the_editor_may_act_on(client, author):
    editor = person(EDITOR)
    theirs = [put_in_state(draft(author, statement=f"Claim {n}"), IN_REVIEW, author) for n in range(3)]
    own = draft(editor, statement="Editor's own")
    move(own, "submit", editor)
    client.force_login(editor)
    response = client.get(reverse("admin:claims_reviewqueueitem_changelist"))
    assert [c.pk for c in response.context["cl"].result_list] == [c.pk for c in theirs]  # oldest first, not own
    client.force_login(author)
    assert client.get(reverse("admin:claims_reviewqueueitem_changelist")).status_code == 403


def test_review_queue_query_count_is_constant(client, author, django_assert_max_num_queries):
    editor = person(EDITOR)
    client.force_login(editor)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("admin:claims_reviewqueueitem_changelist")).status_code == 200
        return len(captured)

    put_in_state(draft(author), IN_REVIEW, author)
    one = count()
    for _ in range(19):
        put_in_state(draft(author), IN_REVIEW, author)
    assert count() == one


def test_admin_shows_review_log_and_changes_since_published(admin_client, author):
    claim = put_in_state(draft(author, statement="They met 40 times."), PUBLISHED, author)
    move(claim, "reopen", person(EDITOR), note="Newer count.")
    claim_update(claim=claim, statement="They met 42 times.", user=author)
    page = admin_client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    assert "Reopened for correction" in page and "Newer count." in page
    assert "<del>They met 40 times.</del> → <ins>They met 42 times.</ins>" in page


def test_desk_filter_lists_my_drafts_and_sent_back(client, author):
    mine = draft(author, statement="Mine")
    sent_back = put_in_state(draft(author, statement="Sent back"), CHANGES, author)
    draft(person(CONTRIBUTOR), statement="Someone else's")
    client.force_login(author)
    url = reverse("admin:claims_claim_changelist")
    assert [c.pk for c in client.get(url, {"desk": "my_drafts"}).context["cl"].result_list] == [mine.pk]
    assert [c.pk for c in client.get(url, {"desk": "sent_back"}).context["cl"].result_list] == [sent_back.pk]


def test_bulk_submit_and_approve(client, author):
    claims = [draft(author, statement=f"Bulk {n}") for n in range(3)]
    client.force_login(author)
    url = reverse("admin:claims_claim_changelist")
    client.post(url, {"action": "submit_selected", "_selected_action": [c.pk for c in claims]})
    assert set(Claim.objects.filter(pk__in=[c.pk for c in claims]).values_list("status", flat=True)) == {IN_REVIEW}
    client.force_login(person(EDITOR))
    client.post(url, {"action": "approve_selected", "_selected_action": [c.pk for c in claims]})
    assert set(Claim.objects.filter(pk__in=[c.pk for c in claims]).values_list("status", flat=True)) == {PUBLISHED}


def test_a_bulk_action_does_what_it_may_and_says_why_it_refused_the_rest(client, author):
    from django.contrib.messages import get_messages

    from claims.models import EntityAlias
    from tests.factories import EntityAliasFactory

    editor = person(EDITOR)
    theirs = EntityAliasFactory(name="Hailanpao", status=EntityAlias.Status.PENDING, proposed_by=author)
    own = EntityAliasFactory(name="Haishenwai", status=EntityAlias.Status.PENDING, proposed_by=editor)
    settled = EntityAliasFactory(name="Aigun")
    client.force_login(editor)
    response = client.post(reverse("admin:claims_entityalias_changelist"),
                           {"action": "approve_names", "_selected_action": [theirs.pk, own.pk, settled.pk]})
    said = [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)]
    assert said == [("success", "1 name(s) approved."),
                    ("warning", "Haishenwai: Four eyes: you cannot approve a name you proposed."),
                    ("warning", "Aigun: This name is not waiting for review.")]
    statuses = dict(EntityAlias.objects.values_list("name", "status"))
    assert statuses == {"Hailanpao": "approved", "Haishenwai": "pending", "Aigun": "approved"}
