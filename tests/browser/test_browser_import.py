"""An editor imports an article in a real browser, reviews the proposed claims and accepts one."""
import pytest
from django.contrib.auth.models import Group

from claims.models import Claim, ClaimStatus
from claims.roles import CONTRIBUTOR
from tests.browser import log_in
from tests.conftest import team_article
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_import_paste_review_accept(browser, live_server, screenshots):
    from seeding.seed import load_seed

    load_seed()
    UserFactory(username="casey").groups.add(Group.objects.get(name=CONTRIBUTOR))
    page = log_in(browser, live_server, "casey")
    page.goto(f"{live_server.url}/admin/sources/source/")
    page.click("text=Import source")
    page.fill("#id_text", team_article("frontier-ledger.txt"))
    page.fill("#id_title", "Where the Amur Bends (pasted)")
    page.click("#import-form input[type=submit]")
    page.wait_for_selector("text=New source")

    marks = page.locator("#import-text mark.candidate")
    assert marks.count() >= 6
    assert "You Might Also Like" not in page.inner_text("#import-text")
    row = page.locator("tr[data-key]", has_text="up to 50 billion cubic meters annually from Siberian fields")
    assert "Power of Siberia 2" in row.inner_text() and "quantity" in row.inner_text()
    page.locator("h2", has_text="Candidates").evaluate("heading => heading.scrollIntoView()")  # rows in view
    page.screenshot(path=str(screenshots / "import-review.png"), full_page=False)

    # Each filter is a link: wait for its page, or the rows read (and the boxes unticked) are the old page's.
    with page.expect_navigation():
        page.click(".type-filter >> text=quantity")  # the type filter keeps the rows of one type
    assert all("quantity" in r.inner_text() for r in page.locator("tr[data-key]").all())
    with page.expect_navigation():
        page.click(".type-filter >> text=all")

    # Keep only the pipeline candidate, recorded as a new draft rather than as the seed claim it repeats.
    for box in page.locator("input[name$='-accept']").all():
        box.uncheck()
    row.locator("input[name$='-accept']").check()
    row.locator("select[name$='-attach_to']").select_option("")
    row.locator("textarea[name$='-statement']").fill("Power of Siberia 2 should carry up to 50 bcm of gas a year.")
    page.click("#candidates-form input[type=submit]")
    page.wait_for_selector("text=Created 1 draft claim(s)")

    draft = Claim.objects.get(statement="Power of Siberia 2 should carry up to 50 bcm of gas a year.")
    assert draft.status == ClaimStatus.DRAFT and draft.unit == "m³/yr"
    appearance = draft.appearances.get()
    assert appearance.snapshot.text[appearance.start_offset:appearance.end_offset] == appearance.quote
    page.context.close()
