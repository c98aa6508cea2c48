"""A flagged contradiction's title names only what readers see: never a draft's subjects or its unapproved words."""
import pytest
from django.test import Client

from claims.models import Conflict
from claims.roles import CONTRIBUTOR, EDITOR
from claims.services import claim_create, claim_update, conflict_flag
from tests.factories import EntityFactory, MetricFactory
from tests.workflow import PUBLISHED, draft, move, person

pytestmark = pytest.mark.django_db


def _public_surfaces(conflict: Conflict) -> str:
    reader = Client()
    urls = ["/conflicts/", f"/conflicts/{conflict.pk}/", "/feed/", f"/api/v1/conflicts/{conflict.pk}/",
            "/api/v1/conflicts/", "/api/v1/changes/"]
    answers = [reader.get(url) for url in urls]
    assert [a.status_code for a in answers] == [200] * len(urls)
    return "".join(a.content.decode() for a in answers)


def test_flagging_public_claims_with_a_draft_publishes_none_of_the_drafts_subjects_or_words():
    place = EntityFactory(name="Aigun")
    metric = MetricFactory(name="Area ceded", canonical_unit="km²")
    public = [claim_create(statement=f"The treaty ceded {f}.", subjects=[place], metric=metric, figure_text=f,
                           status=PUBLISHED) for f in ("100 km²", "900 km²")]
    hidden = draft(person(CONTRIBUTOR), statement="Zqdraftword says otherwise.",
                   subjects=[EntityFactory(name="Zqsecretplace")])
    conflict = conflict_flag(claims=[*public, hidden], note="They cannot both be right.", user=person(EDITOR))
    conflict.refresh_from_db()
    assert conflict.is_public and conflict.title == "Contradiction: Aigun"
    shown = _public_surfaces(conflict)
    assert "Zqsecretplace" not in shown and "Zqdraftword" not in shown


def test_a_flag_of_drafts_takes_its_title_from_their_approved_words_when_readers_first_see_it():
    author = person(CONTRIBUTOR)
    first, second = (draft(author, statement=f"Zqearly{n} wording of a claim.") for n in (1, 2))
    conflict = conflict_flag(claims=[first, second], note="They contradict.", user=person(EDITOR))
    for n, claim in enumerate((first, second), 1):
        claim_update(claim=claim, user=author, statement=f"Approved wording number {n}.")
        move(claim, "submit", author)
        move(claim, "approve", person(EDITOR), conflict_note="Flagged: both are shown with the flag.")
    conflict.refresh_from_db()
    assert conflict.is_public
    assert conflict.title == "Approved wording number 1. / Approved wording number 2."
    assert "Zqearly" not in _public_surfaces(conflict)
