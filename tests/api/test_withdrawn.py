"""A withdrawn claim answers 410 Gone in the API, with its public note, as its reader page does."""
import pytest
from rest_framework.test import APIClient

from claims.models import ClaimStatus
from claims.roles import CHIEF_EDITOR, EDITOR
from claims.services import claim_create, claim_transition
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def test_a_withdrawn_claim_is_gone_for_readers_with_its_note():
    claim = claim_create(statement="Ceded 600,000 km².", status=ClaimStatus.PUBLISHED)
    reader = APIClient()
    assert reader.get(f"/api/v1/claims/{claim.pk}/").status_code == 200
    claim_transition(claim=claim, action="withdraw", user=user_with_role(CHIEF_EDITOR, "chief"),
                     public_note="The figure was a misreading.")
    for url in (f"/api/v1/claims/{claim.pk}/", f"/api/v1/claims/{claim.pk}/claimreview/"):
        gone = reader.get(url)
        assert gone.status_code == 410, (url, gone.content)
        error = gone.json()["error"]
        assert error["code"] == "withdrawn" and "The figure was a misreading." in error["message"]
    assert reader.get(f"/claims/{claim.slug}/").status_code == 410  # as the page says
    editor = APIClient()
    editor.force_authenticate(user_with_role(EDITOR, "ed"))
    assert editor.get(f"/api/v1/claims/{claim.pk}/").json()["status"] == "withdrawn"  # staff still read it


def test_a_draft_is_still_a_404_not_a_410():
    draft = claim_create(statement="A draft.")
    assert APIClient().get(f"/api/v1/claims/{draft.pk}/").status_code == 404
    assert APIClient().get("/api/v1/claims/999999/").status_code == 404
