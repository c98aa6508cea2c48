"""The claim form's Said before: a repeat is held with the recorded claims listed, until the editor decides."""
import pytest
from django.urls import reverse

from claims.models import Claim, ClaimStatus, Verdict
from claims.roles import CONTRIBUTOR, EDITOR
from claims.services import claim_create, conflict_flag
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

ADD = reverse("admin:claims_claim_add")
STATEMENT = "Total bilateral trade between Russia and China has been rising since 2022."


def form_data(**fields):
    data = {"statement": "", "qualifier": "exact", "verdict": Verdict.NOT_YET_RATED,
            "appearances-TOTAL_FORMS": "0", "appearances-INITIAL_FORMS": "0"}
    data.update(fields)
    return data


def test_a_repeat_is_held_with_the_recorded_claim_its_status_and_verdict(client):
    earlier = claim_create(statement=STATEMENT, status=ClaimStatus.PUBLISHED, verdict=Verdict.INACCURATE)
    client.force_login(user_with_role(CONTRIBUTOR))
    response = client.post(ADD, form_data(statement=STATEMENT))
    assert response.status_code == 200 and Claim.objects.count() == 1  # nothing saved
    page = response.content.decode()
    panel = page.split('class="module said-before"')[1].split("</div>")[0]
    assert STATEMENT in panel and "Published, inaccurate" in panel and "near-identical wording" in panel
    assert f'href="{reverse("admin:claims_appearance_add")}?claim={earlier.pk}"' in panel  # one click to its evidence
    assert "Said before: 1 recorded claim says the same thing" in page
    response = client.post(ADD, form_data(statement=STATEMENT, not_a_repeat="on"))
    assert response.status_code == 302 and Claim.objects.count() == 2


def test_a_new_statement_saves_without_a_stop(client):
    claim_create(statement=STATEMENT, status=ClaimStatus.PUBLISHED)
    client.force_login(user_with_role(CONTRIBUTOR))
    response = client.post(ADD, form_data(statement="Vladivostok is Russia's largest Pacific port."))
    assert response.status_code == 302 and Claim.objects.count() == 2


def test_a_save_that_opens_a_conflict_says_so_in_its_message(client):
    author, editor = user_with_role(CONTRIBUTOR), user_with_role(EDITOR)
    claim = claim_create(statement="The port handles 20 million tonnes.", created_by=author)
    other = claim_create(statement="The port handles 5 million tonnes.", status=ClaimStatus.PUBLISHED)
    conflict_flag(claims=[claim, other], note="They disagree.", user=editor)
    client.force_login(author)
    change = reverse("admin:claims_claim_change", args=[claim.pk])
    data = form_data(statement="The port handles 21 million tonnes.", **{"reviews-TOTAL_FORMS": "0",
                                                                      "reviews-INITIAL_FORMS": "0"})
    response = client.post(change, data, follow=True)
    assert "now in 1 open conflict" in response.content.decode()

