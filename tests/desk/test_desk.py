"""The review desk's forms and messages: each role sees only its boxes, approvals count, badges link."""
import pytest
from django.urls import reverse

from claims.models import ClaimStatus, Conflict, Verdict
from claims.roles import CONTRIBUTOR, EDITOR
from claims.services import claim_create, claim_update, conflict_flag
from tests.factories import EntityFactory, MetricFactory
from tests.factories import user_with_role as person
from tests.workflow import draft, move, put_in_state

pytestmark = pytest.mark.django_db

EDITOR_ONLY_BOXES = ("Note for readers", "Why publish despite open conflicts")


@pytest.fixture
def author():
    return person(CONTRIBUTOR, "author")


def transition_page(client, user, claim, action):
    client.force_login(user)
    response = client.get(reverse("admin:claims_claim_transition", args=[claim.pk, action]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_contributor_submitting_sees_only_the_note_for_the_reviewer(client, author):
    page = transition_page(client, author, draft(author), "submit")
    assert "Note for the reviewer" in page
    assert not any(box in page for box in EDITOR_ONLY_BOXES)
    assert 'name="public_note"' not in page and 'name="conflict_note"' not in page


def test_a_first_approval_asks_only_for_the_newsroom_note(client, author):
    claim = put_in_state(draft(author), ClaimStatus.IN_REVIEW, author)
    page = transition_page(client, person(EDITOR), claim, "approve")
    assert 'name="note"' in page
    assert 'name="public_note"' not in page and 'name="conflict_note"' not in page


def test_an_approval_asks_for_what_its_claim_needs(client, author):
    """An open conflict asks why publish anyway; a changed published figure asks for a correction note."""
    metric, entity = MetricFactory(), EntityFactory()
    claim = put_in_state(draft(author, metric=metric, figure_text="101 km²", subjects=[entity]),
                         ClaimStatus.PUBLISHED, author)
    move(claim, "reopen", person(EDITOR), note="Reader reports another figure.")
    claim_update(claim=claim, figure_text="102 km²", user=author)
    claim_create(statement="Other", metric=metric, figure_text="303 km²", subjects=[entity],
                 status=ClaimStatus.PUBLISHED)
    claim = put_in_state(claim.__class__.objects.get(pk=claim.pk), ClaimStatus.IN_REVIEW, author)
    page = transition_page(client, person(EDITOR), claim, "approve")
    assert 'name="public_note"' in page and 'name="conflict_note"' in page


def test_withdrawing_asks_for_the_note_readers_see(client, author):
    from claims.roles import CHIEF_EDITOR

    claim = put_in_state(draft(author), ClaimStatus.PUBLISHED, author)
    page = transition_page(client, person(CHIEF_EDITOR), claim, "withdraw")
    assert 'name="public_note"' in page and 'name="conflict_note"' not in page


def test_a_box_the_service_needs_after_the_page_was_drawn_comes_back_with_its_reason(client, author):
    """A conflict opened between drawing the form and posting it: the refusal shows the box to fill."""
    claim = put_in_state(draft(author), ClaimStatus.IN_REVIEW, author)
    editor = person(EDITOR)
    page = transition_page(client, editor, claim, "approve")
    assert 'name="conflict_note"' not in page
    conflict_flag(claims=[claim, claim_create(statement="No.", status=ClaimStatus.PUBLISHED)], note="Contradict.")
    response = client.post(reverse("admin:claims_claim_transition", args=[claim.pk, "approve"]), {"note": ""})
    page = response.content.decode()
    assert response.status_code == 200 and 'name="conflict_note"' in page and "open conflict" in page
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_REVIEW


def test_a_first_of_two_approvals_says_approval_1_of_2(client, author):
    claim = put_in_state(draft(author, verdict=Verdict.INACCURATE), ClaimStatus.IN_REVIEW, author)
    client.force_login(person(EDITOR))
    response = client.post(reverse("admin:claims_claim_transition", args=[claim.pk, "approve"]),
                           {"note": "Checked."}, follow=True)
    text = response.content.decode()
    assert "Approval 1 of 2 recorded" in text and "is now in review" not in text
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_REVIEW

    client.force_login(person(EDITOR))
    response = client.post(reverse("admin:claims_claim_transition", args=[claim.pk, "approve"]),
                           {"note": "Checked too."}, follow=True)
    assert "is now published" in response.content.decode()


def _claims_in_conflicts(author, conflicts: int):
    claim = claim_create(statement="Aigun ceded 100 km².", status=ClaimStatus.PUBLISHED)
    made = [conflict_flag(claims=[claim, claim_create(statement=f"Not so {n}.", status=ClaimStatus.PUBLISHED)],
                          note="Contradict.") for n in range(conflicts)]
    return claim, made


def test_a_conflict_badge_links_to_its_one_conflict(admin_client, author):
    claim, [conflict] = _claims_in_conflicts(author, 1)
    page = admin_client.get(reverse("admin:claims_claim_changelist")).content.decode()
    assert f'href="{reverse("admin:claims_conflict_change", args=[conflict.pk])}" class="conflict-badge"' in page


def test_a_badge_of_several_conflicts_links_to_their_list(admin_client, author):
    claim, conflicts = _claims_in_conflicts(author, 2)
    page = admin_client.get(reverse("admin:claims_claim_changelist")).content.decode()
    url = reverse("admin:claims_conflict_changelist") + f"?claims__id__exact={claim.pk}&amp;status__exact=open"
    assert url in page
    listed = admin_client.get(url.replace("&amp;", "&"))
    assert listed.status_code == 200  # a lookup the admin refuses would redirect to ?e=1
    assert {row.pk for row in listed.context["cl"].result_list} == {c.pk for c in conflicts}


def test_the_transition_page_and_the_claim_form_link_their_open_conflicts(client, author):
    claim = put_in_state(draft(author), ClaimStatus.IN_REVIEW, author)
    conflict = conflict_flag(claims=[claim, claim_create(statement="No.", status=ClaimStatus.PUBLISHED)],
                             note="Contradict.")
    conflict_url = reverse("admin:claims_conflict_change", args=[conflict.pk])
    page = transition_page(client, person(EDITOR), claim, "approve")
    assert f'<a class="conflict-badge" href="{conflict_url}">⚠ 1 open conflict</a>' in page
    form = client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    assert f'href="{conflict_url}" class="conflict-badge"' in form


def test_resolved_conflicts_leave_no_badge(admin_client, author):
    claim, [conflict] = _claims_in_conflicts(author, 1)
    Conflict.objects.filter(pk=conflict.pk).update(status=Conflict.Status.RESOLVED)
    page = admin_client.get(reverse("admin:claims_claim_changelist")).content.decode()
    assert "conflict-badge" not in page
