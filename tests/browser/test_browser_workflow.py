"""A contributor drafts and submits a claim, an editor approves it, a reader sees it: in a real browser."""
import pytest
from django.contrib.auth.models import Group

from claims.models import Claim, ClaimStatus
from claims.roles import CONTRIBUTOR, EDITOR
from tests.browser import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def test_draft_submit_approve_publish(browser, live_server, screenshots):
    for username, role in [("casey", CONTRIBUTOR), ("erin", EDITOR)]:
        UserFactory(username=username).groups.add(Group.objects.get(name=role))

    contributor = log_in(browser, live_server, "casey")
    contributor.goto(f"{live_server.url}/admin/claims/claim/add/")
    contributor.fill("#id_statement", "Russia and China held 11 joint military exercises in 2024.")
    contributor.fill("#id_figure_text", "11 exercises")
    contributor.click("input[name=_continue]")
    contributor.wait_for_selector("text=was added successfully")
    assert "11 exercises" in contributor.inner_text("body")
    contributor.click("a.workflow-submit")
    contributor.click("input[type=submit][value='Submit for review']")
    contributor.wait_for_selector("text=is now in review")
    claim = Claim.objects.get(statement__startswith="Russia and China held 11")
    assert claim.status == ClaimStatus.IN_REVIEW

    _more_claims_in_review()
    editor = log_in(browser, live_server, "erin")
    editor.goto(f"{live_server.url}/admin/claims/reviewqueueitem/")
    editor.wait_for_selector("text=Russia and China held 11 joint military exercises in 2024.")
    editor.screenshot(path=str(screenshots / "review-queue.png"))
    assert "⚠ 1 open" in editor.inner_text("#result_list")
    editor.click("text=Russia and China held 11 joint military exercises in 2024.")
    editor.click("a.workflow-approve")
    editor.fill("#id_note", "Checked against the defence ministries' announcements.")
    editor.click("input[type=submit][value='Approve and publish']")
    editor.wait_for_selector("text=is now published")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PUBLISHED

    reader = browser.new_context().new_page()
    reader.goto(live_server.url + "/")
    assert "Russia and China held 11 joint military exercises in 2024." in reader.inner_text("main")
    reader.context.close()
    contributor.context.close()
    editor.context.close()


def _more_claims_in_review():
    """Queue two more claims by another contributor, one of them in an open conflict."""
    from claims.services import claim_create, claim_transition
    from tests.factories import EntityFactory, MetricFactory

    dana = UserFactory(username="dana")
    dana.groups.add(Group.objects.get(name=CONTRIBUTOR))
    area, treaties = MetricFactory(name="Area ceded"), [EntityFactory(name="Treaty of Aigun"),
                                                         EntityFactory(name="Convention of Peking")]
    claim_create(statement="The treaties of Aigun and Peking ceded over 900,000 square kilometres.",
                 subjects=treaties, metric=area, figure_text="over 900,000 square kilometers", status="published")
    for statement, figure in [("The treaties of Aigun and Beijing ceded 250,000 square miles.", "250,000 square miles"),
                              ("The Power of Siberia 2 pipeline will carry up to 50 bcm a year.", "")]:
        claim = claim_create(statement=statement, subjects=treaties if figure else [], metric=area if figure else None,
                             figure_text=figure, created_by=dana)
        claim_transition(claim=claim, action="submit", user=dana)
