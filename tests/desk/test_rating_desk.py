"""The Rate page and the ratings queue: propose, approve, decline, with refusals beside their boxes."""
import pytest
from django.urls import reverse

from claims.models import ClaimStatus, RatingProposal, Verdict
from claims.roles import CONTRIBUTOR, EDITOR
from claims.services import claim_create
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim():
    return claim_create(statement="Trade reached 240 billion dollars in 2023.", status=ClaimStatus.PUBLISHED)


def named(role, first, last):
    user = user_with_role(role)
    user.first_name, user.last_name = first, last
    user.save()
    return user


def test_a_published_claim_offers_rate_and_the_page_shows_errors_at_their_boxes(client, claim):
    reporter = named(CONTRIBUTOR, "Rita", "Reporter")
    client.force_login(reporter)
    change = client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    rate_url = reverse("admin:claims_ratingproposal_rate", args=[claim.pk])
    assert f'href="{rate_url}"' in change
    page = client.get(rate_url).content.decode()
    assert "first rating" in page and 'name="public_note"' not in page  # a first rating is no correction
    response = client.post(rate_url, {"verdict": Verdict.ACCURATE, "rationale": ""})
    assert response.status_code == 200 and not RatingProposal.objects.exists()
    html = response.content.decode()
    rationale_row = html.split('id="id_rationale"')[0].rsplit('<div class="form-row">', 1)[1]
    assert "This field is required." in rationale_row  # the error sits in the rationale's row


def test_propose_then_two_editors_approve_an_inaccurate_verdict(client, claim):
    reporter, first, second = (named(CONTRIBUTOR, "Rita", "Reporter"), named(EDITOR, "Ed", "First"),
                               named(EDITOR, "Eva", "Second"))
    client.force_login(reporter)
    response = client.post(reverse("admin:claims_ratingproposal_rate", args=[claim.pk]),
                           {"verdict": Verdict.INACCURATE, "rationale": "Customs data say 227bn."}, follow=True)
    proposal = RatingProposal.objects.get()
    assert "Readers see it once 2 editors other than you approve it." in response.content.decode()
    decide = reverse("admin:claims_ratingproposal_change", args=[proposal.pk])
    refused = client.post(decide, {"approve": "1", "note": ""}).content.decode()
    assert "not allowed to approve ratings" in refused
    client.force_login(first)
    queue = client.get(reverse("admin:claims_ratingproposal_changelist") + "?waiting=me").content.decode()
    assert claim.statement in queue and "0 of 2" in queue and "Rita Reporter" in queue
    page = client.post(decide, {"approve": "1", "note": "Checked."}, follow=True).content.decode()
    assert "Approval 1 of 2 recorded" in page
    client.force_login(second)
    page = client.post(decide, {"approve": "1"}, follow=True).content.decode()
    assert "Published: readers now see the rating, Inaccurate." in page
    claim.refresh_from_db()
    assert claim.verdict == Verdict.INACCURATE


def test_declining_without_a_reason_says_so_beside_the_note(client, claim):
    reporter, first = named(CONTRIBUTOR, "Rita", "Reporter"), named(EDITOR, "Ed", "First")
    client.force_login(reporter)
    client.post(reverse("admin:claims_ratingproposal_rate", args=[claim.pk]),
                {"verdict": Verdict.ACCURATE, "rationale": "Customs data."})
    proposal = RatingProposal.objects.get()
    client.force_login(first)
    decide = reverse("admin:claims_ratingproposal_change", args=[proposal.pk])
    html = client.post(decide, {"decline": "1", "note": ""}).content.decode()
    note_row = html.split('id="id_note"')[0].rsplit('<div class="form-row">', 1)[1]
    assert "Say why you decline it" in note_row
    client.post(decide, {"decline": "1", "note": "Find the customs table first."})
    assert RatingProposal.objects.get().status == RatingProposal.Status.DECLINED
