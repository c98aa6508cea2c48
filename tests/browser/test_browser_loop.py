"""The desk's everyday loop end to end in Chromium: import → candidates → claim → rating → publication.

A contributor pastes an article and accepts a candidate, an editor publishes the sourced claim, the
contributor proposes a rating, the editor approves it from "Your work", and a reader on a 390 px
phone sees the check with the people who made it. Screenshots feed docs/editors/everyday-loop.md.
"""
import pytest
from django.contrib.auth.models import Group

from claims.models import Claim, ClaimStatus, Verdict
from claims.roles import CONTRIBUTOR, EDITOR
from tests.browser import log_in
from tests.conftest import team_article
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATEMENT = "Power of Siberia 2 should carry up to 50 bcm of gas a year."


def person(username, first, last, role):
    user = UserFactory(username=username, first_name=first, last_name=last)
    user.groups.add(Group.objects.get(name=role))
    return user


def import_and_accept(page, live_server, screenshots):
    page.goto(f"{live_server.url}/admin/imports/importjob/add/")
    page.fill("#id_text", team_article("frontier-ledger.txt"))
    page.fill("#id_title", "Where the Amur Bends (pasted)")
    page.click("#import-form input[type=submit]")
    page.wait_for_selector("text=New source")
    row = page.locator("tr[data-key]", has_text="up to 50 billion cubic meters annually from Siberian fields")
    for box in page.locator("input[name$='-accept']").all():
        box.uncheck()
    row.locator("input[name$='-accept']").check()
    row.locator("textarea[name$='-statement']").fill(STATEMENT)
    row.evaluate("row => row.scrollIntoView({block: 'center'})")
    page.screenshot(path=str(screenshots / "loop-1-candidates.png"))
    page.click("#candidates-form input[type=submit]")
    page.wait_for_selector("text=Created 1 draft claim(s)")
    return Claim.objects.get(statement=STATEMENT)


def test_import_to_rated_check(browser, live_server, screenshots):
    person("casey", "Casey", "Reporter", CONTRIBUTOR)
    person("erin", "Erin", "Editor", EDITOR)
    contributor = log_in(browser, live_server, "casey")
    claim = import_and_accept(contributor, live_server, screenshots)

    contributor.goto(f"{live_server.url}/admin/claims/claim/{claim.pk}/change/")
    contributor.click("a.workflow-submit")
    contributor.click("input[type=submit][value='Submit for review']")
    contributor.wait_for_selector("text=is now in review")

    editor = log_in(browser, live_server, "erin")
    editor.click(".queue-claims_to_review a")  # from "Your work" on the admin home
    editor.click(f"text={STATEMENT}")
    editor.click("a.workflow-approve")
    editor.click("input[type=submit][value='Approve and publish']")
    editor.wait_for_selector("text=is now published")

    contributor.goto(f"{live_server.url}/admin/claims/claim/{claim.pk}/change/")
    contributor.click("a.rate-claim")
    contributor.select_option("#id_verdict", Verdict.MOSTLY_ACCURATE)
    contributor.fill("#id_rationale", "The design capacity is 50 bcm a year; the pipeline is not built yet.")
    contributor.screenshot(path=str(screenshots / "loop-2-rate.png"))
    contributor.click("input[type=submit][value='Propose this rating']")
    contributor.wait_for_selector("text=Rating proposed")

    editor.goto(f"{live_server.url}/admin/")
    assert editor.inner_text(".queue-ratings_to_approve .queue-count") == "1"
    editor.screenshot(path=str(screenshots / "loop-3-your-work.png"))
    editor.click(".queue-ratings_to_approve a")
    editor.click(f"text={claim}")
    editor.screenshot(path=str(screenshots / "loop-4-approve-rating.png"))
    editor.click("input[name=approve]")
    editor.wait_for_selector("text=readers now see the rating, Mostly accurate")
    claim.refresh_from_db()
    assert (claim.status, claim.verdict) == (ClaimStatus.PUBLISHED, Verdict.MOSTLY_ACCURATE)

    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    phone.goto(f"{live_server.url}/claims/{claim.slug}/")
    summary = phone.inner_text(".claim-summary")
    assert phone.text_content(".summary-kicker").strip() == "Checked: Mostly accurate"  # shown in capitals
    assert "Casey Reporter and Erin Editor" in summary
    assert "casey" not in summary and "erin" not in summary  # people, not logins
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # nothing runs off the phone
    phone.screenshot(path=str(screenshots / "loop-5-reader-390.png"))
    for page in (phone, editor, contributor):
        page.context.close()
