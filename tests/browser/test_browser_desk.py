"""The review desk at a 1280 px laptop, in Chromium: every column on screen, buttons clear of titles."""
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from claims.models import Claim, ClaimStatus
from claims.roles import CONTRIBUTOR, EDITOR
from claims.services import claim_create, claim_transition, conflict_flag
from tests.browser import log_in
from tests.conftest import team_article
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 1280
LONG_STATEMENT = ("The 1858 Treaty of Aigun and the 1860 Convention of Peking together ceded roughly "
                  "350,000 square miles of Qing territory north of the Amur and east of the Ussuri to the "
                  "Russian Empire, per https://example.org/a-very-long-unbroken-reference-to-a-source-page")


def _desk():
    """Seed data, an editor, a contributor's long claim in review with an open conflict."""
    from seeding.seed import load_seed

    load_seed()
    UserFactory(username="erin").groups.add(Group.objects.get(name=EDITOR))
    casey = UserFactory(username="casey")
    casey.groups.add(Group.objects.get(name=CONTRIBUTOR))
    claim = claim_create(statement=LONG_STATEMENT, figure_text="roughly 350,000 square miles", created_by=casey)
    claim_transition(claim=claim, action="submit", user=casey)
    other = Claim.objects.filter(status=ClaimStatus.PUBLISHED).first()
    conflict_flag(claims=[claim, other], note="The seed's figure differs.")
    return claim


def _overflow(page) -> dict:
    """Measure what sticks out: the page, the results table and its scrolling box."""
    return page.evaluate("""() => {
        const results = document.querySelector('#changelist .results');
        return {
            page: document.scrollingElement.scrollWidth,
            results: results ? results.scrollWidth - results.clientWidth : 0,
        };
    }""")


def _column(page, name):
    return page.locator(f"#result_list th.column-{name}").first.bounding_box()


@pytest.mark.parametrize("path, columns", [
    ("admin:claims_claim_changelist", ["statement_column", "figure_column", "conflict_badge"]),
    ("admin:claims_reviewqueueitem_changelist", ["statement", "conflict_badge"]),
    ("admin:sources_source_changelist", ["title", "url"]),
    ("admin:claims_conflict_changelist", ["title", "ratio_display", "updated_at"]),
    ("admin:claims_appearance_changelist", ["quote_excerpt", "status"]),
])
def test_changelists_fit_a_laptop_screen(browser, live_server, screenshots, path, columns):
    _desk()
    page = log_in(browser, live_server, "erin")
    page.goto(live_server.url + reverse(path))
    assert _overflow(page) == {"page": WIDTH, "results": 0}
    for name in columns:
        box = _column(page, name)
        assert box is not None and box["x"] + box["width"] <= WIDTH, f"column {name} is off screen: {box}"
    first = _column(page, columns[0])
    assert first["width"] >= 280, f"the {columns[0]} column is {first['width']} px: too narrow to read"
    if path == "admin:claims_claim_changelist":
        page.screenshot(path=str(screenshots / "desk-claims.png"))
    page.context.close()


def test_the_claim_form_keeps_its_buttons_clear_of_the_title(browser, live_server):
    claim = _desk()
    page = log_in(browser, live_server, "erin")
    page.goto(live_server.url + reverse("admin:claims_claim_change", args=[claim.pk]))
    title, tools = page.locator("#content h2").first.bounding_box(), page.locator(".object-tools").bounding_box()
    overlaps = not (tools["y"] >= title["y"] + title["height"] or title["y"] >= tools["y"] + tools["height"]
                    or tools["x"] >= title["x"] + title["width"] or title["x"] >= tools["x"] + tools["width"])
    assert not overlaps, f"the buttons {tools} cover the title {title}"
    assert _overflow(page)["page"] == WIDTH
    # The open conflict is a link to it, on the form and on the approval page.
    page.click("a.conflict-badge")
    page.wait_for_selector("text=The seed's figure differs.")
    page.context.close()


def test_approving_shows_every_unmet_requirement_at_once_and_counts_approvals(browser, live_server, screenshots):
    claim = _desk()
    page = log_in(browser, live_server, "erin")
    page.goto(live_server.url + reverse("admin:claims_claim_transition", args=[claim.pk, "approve"]))
    page.click("input[type=submit]")
    # The refusal is a new page: wait for it, or the locator reads the old one (flaked in CI).
    page.wait_for_selector(".errorlist")
    errors = page.locator(".errorlist, .errornote").all_inner_texts()
    assert any("open conflict" in e for e in errors), errors
    page.fill("#id_conflict_note", "The seed's figure counts a different border.")
    page.click("input[type=submit]")
    page.wait_for_selector("text=is now published")
    page.context.close()


def test_the_import_review_page_fits_a_laptop_screen(browser, live_server):
    _desk()
    page = log_in(browser, live_server, "casey")
    page.goto(f"{live_server.url}/admin/sources/source/")
    page.click("text=Import source")
    page.fill("#id_text", team_article("frontier-ledger.txt"))
    page.fill("#id_title", "Where the Amur Bends (pasted)")
    page.click("#import-form input[type=submit]")
    page.wait_for_selector("text=New source")
    assert page.evaluate("document.scrollingElement.scrollWidth") == WIDTH
    table = page.locator("table.candidates").bounding_box()
    assert table["x"] + table["width"] <= WIDTH
    page.context.close()
