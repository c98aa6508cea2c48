"""The editorial workflow: transitions, roles, four eyes, double approval, corrections, concurrency."""
import threading

import pytest
from django.core import mail
from django.db import connection, connections
from django.urls import reverse

from claims import selectors
from claims.errors import ServiceError
from claims.models import Claim, ClaimDraft, Review, Verdict
from claims.roles import CHIEF_EDITOR, CONTRIBUTOR, EDITOR
from claims.selectors import with_drafts
from claims.services import (
    claim_assign,
    claim_create,
    claim_update,
    conflict_flag,
)
from claims.workflow import TRANSITIONS
from tests.factories import EntityFactory, MetricFactory
from tests.jobs import run_deferred
from tests.workflow import (
    CHANGES,
    DRAFT,
    IN_REVIEW,
    PUBLISHED,
    REJECTED,
    WITHDRAWN,
    correction_with_an_open_conflict,
    draft,
    move,
    person,
    put_in_state,
)

pytestmark = pytest.mark.django_db



@pytest.fixture
def author():
    return person(CONTRIBUTOR, "author")


NOTES = {"note": "Because.", "public_note": "Readers: because."}
# role → actions it may take (given the claim is in a source state of the action).
ALLOWED = {
    CONTRIBUTOR: {"submit"},
    EDITOR: {"submit", "approve", "request_changes", "reject", "reopen"},
    CHIEF_EDITOR: {"submit", "approve", "request_changes", "reject", "reopen", "withdraw"},
}


@pytest.mark.parametrize("role", [CONTRIBUTOR, EDITOR, CHIEF_EDITOR])
@pytest.mark.parametrize("action", list(TRANSITIONS))
@pytest.mark.parametrize("state", [DRAFT, IN_REVIEW, CHANGES, PUBLISHED, REJECTED, WITHDRAWN])
def test_permission_matrix_in_the_service(author, role, action, state):
    claim = put_in_state(draft(author), state, author)
    actor = person(role)
    transition = TRANSITIONS[action]
    reviews_before = claim.reviews.count()
    legal_state = state in transition.sources and (claim.is_public or not transition.only_public)
    if role in ALLOWED and action in ALLOWED[role] and legal_state:
        review = move(claim, action, actor, **NOTES)
        claim.refresh_from_db()
        assert review.to_status == claim.status == transition.target
    else:
        with pytest.raises(ServiceError) as refused:
            move(claim, action, actor, **NOTES)
        assert refused.value.code == ("permission" if action not in ALLOWED[role] else "state")
        claim.refresh_from_db()
        assert claim.status == state and claim.reviews.count() == reviews_before


@pytest.mark.parametrize("role", [CONTRIBUTOR, EDITOR, CHIEF_EDITOR])
@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_permission_matrix_in_the_admin(client, author, role, action):
    source_state = {"submit": DRAFT, "approve": IN_REVIEW, "request_changes": IN_REVIEW, "reject": IN_REVIEW,
                    "reopen": PUBLISHED, "withdraw": PUBLISHED}[action]
    claim = put_in_state(draft(author), source_state, author)
    client.force_login(person(role))
    page = client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    allowed = action in ALLOWED[role]
    assert (f"workflow-{action}" in page) == allowed
    response = client.post(reverse("admin:claims_claim_transition", args=[claim.pk, action]), NOTES)
    claim.refresh_from_db()
    if allowed:
        assert response.status_code == 302 and claim.status == TRANSITIONS[action].target
    else:
        assert response.status_code == 200 and "not allowed" in response.content.decode()
        assert claim.status == source_state


def test_four_eyes(author):
    editor = person(EDITOR)
    own = draft(editor)
    move(own, "submit", editor)
    with pytest.raises(ServiceError, match="Four eyes"):
        move(own, "approve", editor)
    edited = draft(author)
    claim_update(claim=edited, statement="Edited by the editor.", user=editor)
    move(edited, "submit", author)
    with pytest.raises(ServiceError, match="created or last edited"):
        move(edited, "approve", editor)
    move(edited, "approve", person(EDITOR))


@pytest.mark.parametrize("verdict", [Verdict.MISLEADING, Verdict.INACCURATE])
def test_harsh_verdicts_need_two_distinct_editors(author, verdict):
    claim = draft(author)
    claim_update(claim=claim, user=author, rationale="Checked against the treaty texts.")
    Claim.objects.filter(pk=claim.pk).update(verdict=verdict)
    move(claim, "submit", author)
    first, second = person(EDITOR), person(EDITOR)
    review = move(claim, "approve", first)
    claim.refresh_from_db()
    assert review.to_status == claim.status == IN_REVIEW and "Approval 1 of 2" in review.note
    with pytest.raises(ServiceError, match="already approved"):
        move(claim, "approve", first)
    move(claim, "approve", second)
    claim.refresh_from_db()
    assert claim.status == PUBLISHED
    assert claim.reviews.filter(action="approve").count() == 2


def test_approvals_restart_after_changes_requested(author):
    claim = draft(author)
    Claim.objects.filter(pk=claim.pk).update(verdict=Verdict.INACCURATE)
    first, second = person(EDITOR), person(EDITOR)
    move(claim, "submit", author)
    move(claim, "approve", first)
    move(claim, "request_changes", second, note="Add the 1860 source.")
    move(claim, "submit", author)
    move(claim, "approve", second)
    claim.refresh_from_db()
    assert claim.status == IN_REVIEW  # the first round's approval no longer counts


def test_open_conflict_needs_a_recorded_reason(author):
    metric, entity = MetricFactory(), EntityFactory()
    claim = draft(author, metric=metric, figure_text="101 km²", subjects=[entity])
    claim_create(statement="Other", metric=metric, figure_text="303 km²", subjects=[entity], status=PUBLISHED)
    move(claim, "submit", author)
    editor = person(EDITOR)
    with pytest.raises(ServiceError, match="open conflict") as refused:
        move(claim, "approve", editor)
    assert refused.value.code == "conflict"
    review = move(claim, "approve", editor, conflict_note="The other figure counts water surface.")
    assert "Published with open conflicts: The other figure counts water surface." in review.note


def test_reopened_claim_stays_public_in_its_approved_version(author):
    editor, other_editor = person(EDITOR), person(EDITOR)
    claim = put_in_state(draft(author, statement="They met 40 times."), PUBLISHED, author)
    move(claim, "reopen", editor, note="Reader reports a newer count.")
    claim_update(claim=claim, statement="They met 42 times.", user=author)
    claim = selectors.public_claims().get(pk=claim.pk)
    assert claim.status == DRAFT and claim.is_public
    assert claim.statement == "They met 40 times."  # the row is the approved version; the correction is aside
    working = with_drafts([Claim.objects.get(pk=claim.pk)])[0]
    assert working.statement == "They met 42 times."
    with pytest.raises(RuntimeError, match="drafted aside"):
        working.save()

    claim = Claim.objects.get(pk=claim.pk)
    move(claim, "submit", author)
    with pytest.raises(ServiceError, match="correction note") as refused:
        move(claim, "approve", other_editor)
    assert refused.value.code == "correction"
    review = move(claim, "approve", other_editor, public_note="We first said 40 meetings; it is 42.")
    assert review.is_correction
    claim = Claim.objects.get(pk=claim.pk)
    assert claim.statement == "They met 42 times." and not ClaimDraft.objects.filter(claim=claim).exists()


def test_withdrawal_needs_a_public_note_and_a_published_claim(author):
    chief = person(CHIEF_EDITOR)
    never_published = put_in_state(draft(author), IN_REVIEW, author)
    with pytest.raises(ServiceError, match="never published"):
        move(never_published, "withdraw", chief, public_note="x")
    claim = put_in_state(draft(author), PUBLISHED, author)
    with pytest.raises(ServiceError, match="public note"):
        move(claim, "withdraw", chief)
    move(claim, "withdraw", chief, public_note="The source retracted the article.")
    assert not selectors.public_claims().filter(pk=claim.pk).exists()


def test_published_claims_cannot_be_edited_or_deleted(author, admin_client):
    claim = put_in_state(draft(author), PUBLISHED, author)
    with pytest.raises(ServiceError, match="reopen it for correction first"):
        claim_update(claim=claim, statement="Sneaky edit.", user=person(EDITOR))
    with pytest.raises(Exception, match="cannot be deleted"):
        claim.delete()
    assert admin_client.post(reverse("admin:claims_claim_delete", args=[claim.pk]), {"post": "yes"}).status_code == 403
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_unknown_action_and_missing_notes_change_nothing(author):
    claim = put_in_state(draft(author), IN_REVIEW, author)
    editor = person(EDITOR)
    with pytest.raises(ServiceError, match="Unknown action 'publish'"):
        move(claim, "publish", editor)
    for action in ("request_changes", "reject"):
        with pytest.raises(ServiceError, match="needs a note"):
            move(claim, action, editor)
    claim.refresh_from_db()
    assert claim.status == IN_REVIEW and list(claim.reviews.values_list("action", flat=True)) == ["submit"]


def test_every_transition_writes_one_review(author):
    editor, chief = person(EDITOR), person(CHIEF_EDITOR)
    claim = draft(author)
    for action, user, notes in [("submit", author, {}), ("request_changes", editor, {"note": "More."}),
                                ("submit", author, {}), ("approve", editor, {}), ("reopen", editor, {"note": "Fix"}),
                                ("submit", author, {}), ("approve", chief, {}),
                                ("withdraw", chief, {"public_note": "Retracted."})]:
        move(claim, action, user, **notes)
    log = list(claim.reviews.values_list("action", "from_status", "to_status"))
    assert log == [
        ("submit", DRAFT, IN_REVIEW), ("request_changes", IN_REVIEW, CHANGES), ("submit", CHANGES, IN_REVIEW),
        ("approve", IN_REVIEW, PUBLISHED), ("reopen", PUBLISHED, DRAFT), ("submit", DRAFT, IN_REVIEW),
        ("approve", IN_REVIEW, PUBLISHED), ("withdraw", PUBLISHED, WITHDRAWN),
    ]


def test_notifications(author):
    editor = person(EDITOR, "reviewer")
    claim = put_in_state(draft(author), IN_REVIEW, author)
    claim_assign(claim=claim, reviewer=editor, user=person(EDITOR))
    move(claim, "request_changes", editor, note="Add the treaty text.")
    assert mail.outbox == []  # jobs for a worker, deferred with each step
    assert run_deferred("project.send_mail") == 2
    assert [(m.subject.split(":")[0], m.to) for m in mail.outbox] == [
        ("Please review", ["reviewer@example.org"]), ("Changes requested", ["author@example.org"])]
    assert "Add the treaty text." in mail.outbox[1].body


def test_assignment_only_to_reviewers(author):
    claim = put_in_state(draft(author), IN_REVIEW, author)
    with pytest.raises(ServiceError, match="cannot review"):
        claim_assign(claim=claim, reviewer=person(CONTRIBUTOR), user=person(EDITOR))
    with pytest.raises(ServiceError, match="not allowed"):
        claim_assign(claim=claim, reviewer=person(EDITOR), user=person(CONTRIBUTOR))


def test_withdrawn_claims_leave_their_conflicts(author):
    metric, entity = MetricFactory(), EntityFactory()
    claim = claim_create(statement="A", metric=metric, figure_text="101 km²", subjects=[entity], status=PUBLISHED)
    claim_create(statement="B", metric=metric, figure_text="303 km²", subjects=[entity], status=PUBLISHED)
    assert claim.conflict_memberships.filter(conflict__status="open").exists()
    move(claim, "withdraw", person(CHIEF_EDITOR), public_note="Retracted.")
    assert not claim.conflict_memberships.filter(conflict__status="open").exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_end_with_one_review():
    author = person(CONTRIBUTOR)
    claim = put_in_state(draft(author), IN_REVIEW, author)
    editors = [person(EDITOR), person(EDITOR)]
    barrier, outcomes = threading.Barrier(2), []

    def approve(editor):
        try:
            barrier.wait()
            move(claim, "approve", editor)
            outcomes.append("approved")
        except ServiceError as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()  # each thread has its own database connection

    threads = [threading.Thread(target=approve, args=(editor,)) for editor in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["approved", "state"]
    assert Review.objects.filter(claim=claim, action="approve").count() == 1
    assert connection.vendor == "postgresql"


def test_flagged_conflict_blocks_plain_approval(author):
    a = put_in_state(draft(author, statement="Oil"), IN_REVIEW, author)
    b = claim_create(statement="No oil", status=PUBLISHED)
    conflict_flag(claims=[a, b], note="Contradict.")
    with pytest.raises(ServiceError, match="open conflict"):
        move(a, "approve", person(EDITOR))


def test_an_approval_hears_every_unmet_requirement_at_once(author):
    editor = person(EDITOR)
    claim = correction_with_an_open_conflict(author, changed_by=editor)
    with pytest.raises(ServiceError) as refused:
        move(claim, "approve", editor)
    assert refused.value.code == "four_eyes"
    assert set(refused.value.fields) == {"conflict_note", "public_note"}
    assert "Four eyes" in str(refused.value) and len(refused.value.problems) == 3
    review = move(claim, "approve", person(EDITOR), conflict_note="Other figure counts water.",
                  public_note="We first said 101 km²; it is 102 km².")
    assert review.is_correction and review.to_status == PUBLISHED


def test_the_admin_shows_every_unmet_requirement_at_once(client, author):
    claim = correction_with_an_open_conflict(author)
    client.force_login(person(EDITOR))
    response = client.post(reverse("admin:claims_claim_transition", args=[claim.pk, "approve"]), {"note": ""})
    page = response.content.decode()
    assert response.status_code == 200 and "open conflict" in page and "correction note" in page
    claim.refresh_from_db()
    assert claim.status == IN_REVIEW
