"""The admin home's "Your work": each role's queues, counted as their lists count them, in a fixed number of queries."""
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from claims.models import ClaimStatus, Verdict
from claims.roles import CHIEF_EDITOR, CONTRIBUTOR, EDITOR
from claims.services import claim_create, claim_transition, conflict_flag, rating_propose
from project.desk import your_work
from reader.models import ReaderReport
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

CONTRIBUTOR_QUEUES = ["my_drafts", "sent_back", "imports_to_finish"]
EDITOR_QUEUES = CONTRIBUTOR_QUEUES + ["claims_to_review", "ratings_to_approve", "evidence_to_review",
                                      "open_conflicts", "reader_reports"]


def fresh(user):
    """The user as a request loads it: no permissions cached yet."""
    return get_user_model().objects.get(pk=user.pk)


def work(user) -> dict[str, int]:
    return {queue["key"]: queue["count"] for queue in your_work(fresh(user))}


def fill(author, editor, n=1):
    """Put ``n`` items in every queue (none of them the editor's own)."""
    for i in range(n):
        claim_create(statement=f"A draft {i}.", created_by=author)
        waiting = claim_create(statement=f"Waiting {i}.", created_by=author)
        claim_transition(claim=waiting, action="submit", user=author)
        sent_back = claim_create(statement=f"Sent back {i}.", created_by=author)
        claim_transition(claim=sent_back, action="submit", user=author)
        claim_transition(claim=sent_back, action="request_changes", user=editor, note="A source, please.")
        rated = claim_create(statement=f"Published {i}.", status=ClaimStatus.PUBLISHED)
        rating_propose(claim=rated, verdict=Verdict.ACCURATE, rationale="Yes.", user=author)
        pair = [claim_create(statement=f"Pair {i} {side}.", status=ClaimStatus.PUBLISHED) for side in "ab"]
        conflict_flag(claims=pair, note="They disagree.", user=editor)
        ReaderReport.objects.create(text=f"Typo {i}.")


def test_each_role_sees_the_queues_it_works_with_their_lengths():
    author, editor = user_with_role(CONTRIBUTOR), user_with_role(EDITOR)
    fill(author, editor)
    assert list(work(author)) == CONTRIBUTOR_QUEUES
    assert work(author) == {"my_drafts": 1, "sent_back": 1, "imports_to_finish": 0}
    assert list(work(editor)) == EDITOR_QUEUES
    assert work(editor) == {"my_drafts": 0, "sent_back": 0, "imports_to_finish": 0, "claims_to_review": 1,
                            "ratings_to_approve": 1,
                            "evidence_to_review": 0, "open_conflicts": 1, "reader_reports": 1}


def test_an_editors_own_work_is_not_in_their_review_queues():
    editor = user_with_role(EDITOR)
    own = claim_create(statement="My own claim.", created_by=editor)
    claim_transition(claim=own, action="submit", user=editor)
    rating_propose(claim=claim_create(statement="Published.", status=ClaimStatus.PUBLISHED), verdict=Verdict.ACCURATE,
                   rationale="Yes.", user=editor)
    counts = work(editor)
    assert (counts["claims_to_review"], counts["ratings_to_approve"]) == (0, 0)
    assert work(user_with_role(CHIEF_EDITOR))["claims_to_review"] == 1


@pytest.mark.parametrize("role, queries", [(CONTRIBUTOR, 2 + 3), (EDITOR, 2 + 8)])
def test_the_home_counts_in_a_fixed_number_of_queries(django_assert_num_queries, role, queries):
    """Two to load the role's permissions, then one count per queue, however long the queues are."""
    author, editor = user_with_role(CONTRIBUTOR), user_with_role(EDITOR)
    user = author if role == CONTRIBUTOR else editor
    fill(author, editor)
    loaded = fresh(user)
    with django_assert_num_queries(queries):
        your_work(loaded)
    fill(author, editor, n=3)
    loaded = fresh(user)
    with django_assert_num_queries(queries):
        your_work(loaded)


def test_the_admin_home_heads_with_your_work_and_links_each_queue(client):
    author, editor = user_with_role(CONTRIBUTOR), user_with_role(EDITOR)
    fill(author, editor)
    client.force_login(editor)
    page = client.get(reverse("admin:index")).content.decode()
    assert page.index("Your work") < page.index('id="content-main"')
    assert f'href="{reverse("admin:claims_reviewqueueitem_changelist")}">Claims to review</a>' in page
    assert f'href="{reverse("admin:claims_ratingproposal_changelist")}?waiting=me">Ratings to approve</a>' in page
    for queue in your_work(fresh(editor)):  # every link opens its list
        assert client.get(queue["url"]).status_code == 200, queue["url"]
