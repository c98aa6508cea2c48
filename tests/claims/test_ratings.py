"""Rating as its own step: proposed with a rationale, approved by other editors, published as a rating."""
import pytest

from claims import selectors
from claims.errors import ServiceError
from claims.models import ChangeEvent, Claim, ClaimStatus, RatingProposal, Review, Verdict
from claims.roles import CHIEF_EDITOR, CONTRIBUTOR, EDITOR
from claims.services import (
    claim_create,
    claim_transition,
    claim_update,
    rating_approve,
    rating_decline,
    rating_propose,
    ratings_waiting_for,
)
from claims.services.counts import fresh_counts
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {"reporter": user_with_role(CONTRIBUTOR), "first": user_with_role(EDITOR),
            "second": user_with_role(EDITOR), "chief": user_with_role(CHIEF_EDITOR)}


@pytest.fixture
def claim():
    return claim_create(statement="Trade between Russia and China reached 240 billion dollars in 2023.",
                        status=ClaimStatus.PUBLISHED)


def snapshot(claim):
    """What readers see of the claim, and what the newsroom logged about it."""
    row = Claim.objects.values("verdict", "rationale", "last_approved_at", "status").get(pk=claim.pk)
    return row, ChangeEvent.objects.count(), fresh_counts()


def test_a_first_rating_needs_another_editor_and_is_published_as_a_rating_not_a_correction(claim, people):
    proposal = rating_propose(claim=claim, verdict=Verdict.ACCURATE, rationale="Customs data say 240.1bn.",
                              user=people["reporter"])
    claim.refresh_from_db()
    assert claim.verdict == Verdict.NOT_YET_RATED  # readers see nothing until an editor approves
    with pytest.raises(ServiceError, match="not allowed to approve ratings"):
        rating_approve(proposal=proposal, user=people["reporter"])  # the reporter proposes; editors approve
    rating_approve(proposal=proposal, user=people["first"], note="Checked the customs tables.")
    claim.refresh_from_db()
    assert (claim.verdict, claim.rationale) == (Verdict.ACCURATE, "Customs data say 240.1bn.")
    assert claim.check_label == "Checked: Accurate"
    event = ChangeEvent.objects.order_by("-id").first()
    assert (event.kind, event.public_note) == (ChangeEvent.Kind.RATED, "")
    assert not selectors.public_corrections().filter(claim=claim).exists()  # a first rating is no correction
    assert fresh_counts()["rated"] == 1 == selectors.public_totals()["rated"]


def test_an_editor_proposing_cannot_approve_it_either(claim, people):
    proposal = rating_propose(claim=claim, verdict=Verdict.ACCURATE, rationale="Customs data.", user=people["first"])
    with pytest.raises(ServiceError, match="Four eyes"):
        rating_approve(proposal=proposal, user=people["first"])
    rating_approve(proposal=proposal, user=people["second"])
    assert RatingProposal.objects.get(pk=proposal.pk).status == RatingProposal.Status.PUBLISHED


@pytest.mark.parametrize("verdict", [Verdict.MISLEADING, Verdict.INACCURATE])
def test_a_negative_verdict_needs_two_editors_other_than_its_author(claim, people, verdict):
    proposal = rating_propose(claim=claim, verdict=verdict, rationale="The figure is for 2024.",
                              user=people["reporter"])
    rating_approve(proposal=proposal, user=people["first"])
    claim.refresh_from_db()
    assert claim.verdict == Verdict.NOT_YET_RATED
    with pytest.raises(ServiceError, match="already approved"):
        rating_approve(proposal=proposal, user=people["first"])
    rating_approve(proposal=proposal, user=people["second"])
    claim.refresh_from_db()
    assert claim.verdict == verdict and claim.check_label == f"Checked: {Verdict(verdict).label}"
    steps = list(claim.reviews.filter(rating=proposal).values_list("action", flat=True))
    assert steps == [Review.Action.PROPOSE_RATING, Review.Action.APPROVE_RATING, Review.Action.APPROVE_RATING]


def test_changing_a_rating_readers_saw_is_a_correction_with_a_note(claim, people):
    first = rating_propose(claim=claim, verdict=Verdict.ACCURATE, rationale="Customs data.", user=people["reporter"])
    rating_approve(proposal=first, user=people["first"])
    claim.refresh_from_db()
    before = snapshot(claim)
    with pytest.raises(ServiceError) as refused:
        rating_propose(claim=claim, verdict=Verdict.INACCURATE, rationale="The data were revised.",
                       user=people["reporter"])
    assert refused.value.fields == {"public_note": [refused.value.problems[0][0]]}
    assert "note for readers" in str(refused.value) and "public_note" not in str(refused.value)
    assert snapshot(claim) == before and not RatingProposal.objects.filter(status="open").exists()
    second = rating_propose(claim=claim, verdict=Verdict.INACCURATE, rationale="The data were revised.",
                            public_note="We rated this accurate before the revision.", user=people["reporter"])
    rating_approve(proposal=second, user=people["first"])
    rating_approve(proposal=second, user=people["second"])
    event = ChangeEvent.objects.order_by("-id").first()
    assert (event.kind, event.public_note) == (ChangeEvent.Kind.CORRECTED,
                                               "We rated this accurate before the revision.")
    notes = list(selectors.public_corrections().filter(claim=claim).values_list("public_note", flat=True))
    assert notes == ["We rated this accurate before the revision."]


def test_bad_proposals_are_refused_together_and_change_nothing(claim, people):
    before = snapshot(claim)
    with pytest.raises(ServiceError) as refused:
        rating_propose(claim=claim, verdict=Verdict.NOT_YET_RATED, rationale="  ", user=people["reporter"])
    assert set(refused.value.fields) == {"verdict", "rationale"}
    proposal = rating_propose(claim=claim, verdict=Verdict.ACCURATE, rationale="Yes.", user=people["first"])
    with pytest.raises(ServiceError, match="not allowed to approve ratings"):
        rating_approve(proposal=proposal, user=people["reporter"])  # contributors propose; editors approve
    assert snapshot(claim)[0] == before[0]
    with pytest.raises(ServiceError, match="already waiting"):
        rating_propose(claim=claim, verdict=Verdict.MISLEADING, rationale="Hm.", user=people["second"])


@pytest.mark.parametrize("state", ["draft", "reopened", "withdrawn"])
def test_only_a_published_claim_in_its_approved_version_is_rated(people, state):
    author = people["reporter"]
    claim = claim_create(statement="Trade grew by a quarter.", created_by=author)
    if state != "draft":
        claim_transition(claim=claim, action="submit", user=author)
        claim_transition(claim=claim, action="approve", user=people["first"])
        proposal = rating_propose(claim=claim, verdict=Verdict.ACCURATE, rationale="Yes.", user=author)
        if state == "reopened":
            claim_transition(claim=claim, action="reopen", user=people["first"], note="Fix the wording.")
        else:
            claim_transition(claim=claim, action="withdraw", user=people["chief"], public_note="Duplicate.")
        with pytest.raises(ServiceError, match="cannot be rated now") as refused:
            rating_approve(proposal=proposal, user=people["second"])
        assert refused.value.code == "state"
        rating_decline(proposal=proposal, user=author, note="")
    with pytest.raises(ServiceError, match="cannot be rated now"):
        rating_propose(claim=claim, verdict=Verdict.ACCURATE, rationale="Yes.", user=author)


def test_a_correction_that_changed_the_verdict_meanwhile_stops_an_older_proposal(claim, people):
    author = people["reporter"]
    proposal = rating_propose(claim=claim, verdict=Verdict.ACCURATE, rationale="Yes.", user=author)
    rating_decline(proposal=proposal, user=author, note="")  # withdrawn by its author: no note needed
    assert RatingProposal.objects.get(pk=proposal.pk).status == RatingProposal.Status.WITHDRAWN
    proposal = rating_propose(claim=claim, verdict=Verdict.ACCURATE, rationale="Yes.", user=author)
    claim_transition(claim=claim, action="reopen", user=people["first"], note="Rate in the correction.")
    claim_update(claim=claim, user=author, verdict=Verdict.MOSTLY_ACCURATE, rationale="Nearly.")
    claim_transition(claim=claim, action="submit", user=author)
    claim_transition(claim=claim, action="approve", user=people["second"])
    with pytest.raises(ServiceError, match="changed since this one was proposed"):
        rating_approve(proposal=proposal, user=people["first"])


def test_declining_needs_a_reason_and_an_editor(claim, people):
    proposal = rating_propose(claim=claim, verdict=Verdict.ACCURATE, rationale="Yes.", user=people["reporter"])
    with pytest.raises(ServiceError, match="not allowed"):
        rating_decline(proposal=proposal, user=user_with_role(CONTRIBUTOR), note="No.")
    with pytest.raises(ServiceError, match="Say why"):
        rating_decline(proposal=proposal, user=people["first"], note=" ")
    rating_decline(proposal=proposal, user=people["first"], note="The source is a blog.")
    with pytest.raises(ServiceError, match="already declined"):
        rating_approve(proposal=proposal, user=people["second"])
    claim.refresh_from_db()
    assert claim.verdict == Verdict.NOT_YET_RATED


def test_the_queue_lists_what_each_editor_may_approve(claim, people):
    proposal = rating_propose(claim=claim, verdict=Verdict.INACCURATE, rationale="No.", user=people["first"])
    assert list(ratings_waiting_for(people["first"])) == []  # their own
    assert list(ratings_waiting_for(people["second"])) == [proposal]
    rating_approve(proposal=proposal, user=people["second"])
    assert list(ratings_waiting_for(people["second"])) == []  # already approved by them
    assert list(ratings_waiting_for(people["chief"])) == [proposal]
