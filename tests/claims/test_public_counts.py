"""The public totals table: kept by the services, equal to a fresh count, shown without counting per request."""
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, ClaimStatus, Conflict, PublicCount, Verdict
from claims.roles import CHIEF_EDITOR, EDITOR
from claims.selectors import public_totals
from claims.services import (
    appearance_add,
    claim_create,
    claim_transition,
    claim_update,
    conflict_explain,
    conflicts_detect,
    evidence_review,
    reference_save,
)
from claims.services.counts import KEYS, fresh_counts
from tests.factories import EntityFactory, MetricFactory, SourceFactory, make_conflicting_claims, user_with_role

pytestmark = pytest.mark.django_db


def assert_totals_fresh():
    stored = public_totals()
    assert {key: stored[key] for key in KEYS} == fresh_counts()


def test_every_service_keeps_the_totals_equal_to_a_fresh_count(seeded):
    assert_totals_fresh()
    assert public_totals()["claims"] == Claim.objects.filter(status=ClaimStatus.PUBLISHED).count() > 0
    chief, editor = user_with_role(CHIEF_EDITOR), user_with_role(EDITOR)
    metric, entity = MetricFactory(canonical_unit="km²"), EntityFactory()
    draft = claim_create(statement="Ceded 10 km².", figure_text="10 km²", metric=metric, subjects=[entity],
                         created_by=editor, verdict=Verdict.ACCURATE)
    original, copy = SourceFactory(), SourceFactory()
    copy.original = original
    reference_save(instance=copy, user=chief)
    appearance_add(claim=draft, source=copy, quote="ceded 10 km²", user=editor)
    assert_totals_fresh()
    claim_transition(claim=draft, action="submit", user=editor)
    claim_transition(claim=draft, action="approve", user=chief, note="Checked.")
    draft.refresh_from_db()
    if draft.status != ClaimStatus.PUBLISHED:  # a second approval when the newsroom needs two
        claim_transition(claim=draft, action="approve", user=user_with_role(CHIEF_EDITOR), note="Checked.")
    assert Claim.objects.get(pk=draft.pk).is_public
    assert_totals_fresh()
    # The copy is cited, so its original counts too; moving the copy to another original moves that count.
    other = SourceFactory()
    copy.refresh_from_db()
    copy.original = other
    reference_save(instance=copy, user=chief)
    assert_totals_fresh()
    pending = appearance_add(claim=Claim.objects.get(pk=draft.pk), source=SourceFactory(), quote="ceded 10 km²",
                             user=editor)
    assert_totals_fresh()
    evidence_review(appearance=pending, user=chief, approve=True)
    assert_totals_fresh()
    claim = Claim.objects.get(pk=draft.pk)
    claim_transition(claim=claim, action="reopen", user=chief, note="A reader wrote in.")
    claim_update(claim=Claim.objects.get(pk=draft.pk), user=chief, verdict=Verdict.INACCURATE, figure_text="")
    assert_totals_fresh()
    claim_transition(claim=Claim.objects.get(pk=draft.pk), action="withdraw", user=chief, note="Wrong.",
                     public_note="We withdrew this claim.")
    assert_totals_fresh()
    make_conflicting_claims(3)
    conflicts_detect()
    assert_totals_fresh()
    conflict_explain(conflict=Conflict.objects.filter(status=Conflict.Status.OPEN).first(), note="Two dates.",
                     user=chief)
    assert_totals_fresh()
    assert public_totals()["conflicts_explained"] >= 1


def test_the_command_checks_and_rebuilds_the_totals(seeded, capsys):
    call_command("public_counts")
    assert "equal a fresh count" in capsys.readouterr().out
    PublicCount.objects.filter(name="claims").update(value=3)  # as after a bulk load that bypassed the services
    with pytest.raises(CommandError, match="claims"):
        call_command("public_counts")
    call_command("public_counts", "--rebuild")
    assert_totals_fresh()
    call_command("public_counts")


def test_pages_show_the_stored_totals(client, seeded):
    totals = public_totals()
    home = client.get(reverse("home")).content.decode()
    assert f"<strong>{totals['claims']}</strong> published claims" in home
    assert f"<strong>{totals['sources']}</strong> sources" in home
    listing = client.get(reverse("claim-list")).content.decode()
    assert f"{totals['claims']} claims" in listing
    rated = client.get(reverse("claim-list"), {"verdict": Verdict.ACCURATE}).content.decode()
    assert f"{totals['verdict_accurate']} claim" in rated


def test_no_page_counts_every_claim(client, seeded):
    """Home, lists and the conflict list read the totals; a narrowed list counts at most its cap."""
    for url in ["/", "/claims/", "/claims/?verdict=accurate", "/conflicts/", "/conflicts/?status=open"]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts = [q["sql"] for q in captured if "COUNT(" in q["sql"].upper()]
        assert not counts, (url, counts)
    with CaptureQueriesContext(connection) as captured:
        client.get("/claims/?q=treaty")
    assert [q["sql"] for q in captured if "COUNT(" in q["sql"].upper() and "LIMIT 1001" not in q["sql"]] == []


def test_a_broad_search_counts_to_its_cap_and_says_so(client, settings, monkeypatch):
    from reader.views import claims as views

    monkeypatch.setattr(views, "MAX_COUNTED", 5)
    metric = MetricFactory()
    for n in range(8):
        claim_create(statement=f"The treaty ceded land, part {n}.", status=ClaimStatus.PUBLISHED, metric=metric)
    page = client.get("/claims/", {"q": "treaty"}).content.decode()
    assert "More than 5 claims match" in page, page[page.find("<main"):][:3000]
    few = client.get("/claims/", {"q": "part 3"}).content.decode()
    assert "More than" not in few


def test_home_and_list_query_counts_are_exact(client, seeded):
    """Exact budgets for the pages that now read the totals instead of counting."""
    def count(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    # home: recent claims, their cards' approved evidence (first source) and open-conflict badges, open
    # conflicts with members and evidence, totals; the list: totals, claims, their evidence, badges,
    # metrics (a card shows no subjects, so none are read)
    assert count("/") == count("/") and count("/claims/") == count("/claims/")
    home, listing, conflicts = count("/"), count("/claims/"), count("/conflicts/")
    assert (home, listing, conflicts) == (HOME_QUERIES, LIST_QUERIES, CONFLICT_LIST_QUERIES)


HOME_QUERIES, LIST_QUERIES, CONFLICT_LIST_QUERIES = 7, 5, 4


def test_a_generated_corpus_leaves_the_totals_counted():
    """The corpus is bulk-inserted past the services; the command counts the totals afterwards."""
    call_command("generate_corpus", claims=60, seed=9, no_progress=True)
    assert public_totals()["claims"] > 0
    assert_totals_fresh()


def test_a_drafted_correction_changes_no_total_until_it_is_approved(seeded):
    """Readers' totals count the approved verdict and figure, as the pages show them."""
    editor, chief = user_with_role(EDITOR, "ed"), user_with_role(CHIEF_EDITOR, "chief")
    claim = Claim.objects.filter(status=ClaimStatus.PUBLISHED, verdict=Verdict.NOT_YET_RATED).first()
    before = public_totals()["rated"]
    claim_transition(claim=claim, action="reopen", user=editor, note="Rate it.")
    claim_update(claim=Claim.objects.get(pk=claim.pk), user=editor, verdict=Verdict.ACCURATE)
    assert public_totals()["rated"] == before and fresh_counts()["rated"] == before
    claim_transition(claim=Claim.objects.get(pk=claim.pk), action="submit", user=editor)
    claim_transition(claim=Claim.objects.get(pk=claim.pk), action="approve", user=chief,
                     public_note="Rated accurate.")
    assert public_totals()["rated"] == before + 1
    assert_totals_fresh()
