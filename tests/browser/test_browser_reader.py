"""A reader finds a claim, sees the disagreement and follows a quote to its source: in a real browser."""
import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERIOUS = {"serious", "critical"}


def serious_violations(page) -> list[str]:
    """Run axe-core on the page and return the serious and critical violations, readably."""
    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v["impact"] in SERIOUS]


def test_reader_journey(browser, live_server, screenshots):
    from seeding.seed import load_seed

    load_seed()
    context = browser.new_context(viewport={"width": 1000, "height": 1400}, bypass_csp=True)
    page = context.new_page()

    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Claims in the news, checked"
    assert serious_violations(page) == []
    page.screenshot(path=str(screenshots / "home.png"))

    page.fill("#q", "Aigun")
    page.press("#q", "Enter")
    page.wait_for_url("**/claims/?q=Aigun")
    assert "Claims matching “Aigun”" in page.inner_text("h1")
    assert serious_violations(page) == []

    page.click("text=The treaties of Aigun and Beijing together ceded 250,000 square miles")
    page.wait_for_selector("h1:has-text('250,000 square miles')")
    compare = page.locator("section[aria-labelledby=compare-heading]")
    assert "Figures disagree: open" in compare.inner_text()
    assert "100,000 sq mi" in compare.inner_text()
    chart = page.locator("svg.interval-chart")
    assert chart.is_visible() and chart.locator("rect").count() >= 4
    assert serious_violations(page) == []
    page.screenshot(path=str(screenshots / "claim.png"), full_page=True)

    page.locator("section[aria-labelledby=appearances-heading] .card a").first.click()
    page.wait_for_selector("h1:has-text('Why Chinese Nationalists Want Russia')")
    assert "Repost of" in page.inner_text("dl.meta")
    assert "the 250,000 square miles that today form Russia’s Far East" in page.inner_text("main")
    assert serious_violations(page) == []

    page.goto(live_server.url + "/conflicts/")
    assert serious_violations(page) == []
    page.goto(live_server.url + "/methodology/")
    assert serious_violations(page) == []
    context.close()


def test_pages_work_without_javascript(browser, live_server):
    from seeding.seed import load_seed

    load_seed()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/claims/?q=Pacific")
    page.click("text=Vladivostok is Russia’s largest Pacific port.")
    page.wait_for_selector("text=Where it appears")  # the claim page, not the list it came from
    context.close()


@pytest.mark.parametrize("width,height", [(390, 844), (1280, 800)])
def test_claim_summary_box_is_above_the_fold_and_fits(browser, live_server, screenshots, width, height):
    """The summary box (claim, claimant, where and when, verdict with its scale, checked) fits the screen."""
    from seeding.seed import load_seed

    load_seed()
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.url + "/claims/putin-family-members-speak-mandarin/")
    box = page.locator("section.claim-summary")
    assert box.is_visible()
    text = box.inner_text()
    assert "Vladimir Putin, Russian President" in text and "Why Chinese Nationalists Want Russia’s Far East" in text
    assert "Not yet rated" in text and "not yet rated it" in text
    # Above the fold: the claim, who made it and our verdict are on the first screen without scrolling.
    for selector in ("#claim-heading", "dd.claimant", "dd.summary-verdict .verdict"):
        bounds = page.locator(selector).bounding_box()
        assert bounds is not None and bounds["y"] + bounds["height"] <= height, (selector, bounds)
    # Nothing sticks out sideways at phone width.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    scale = page.locator("ol.verdict-scale li")
    assert scale.count() == 4 and all(scale.nth(i).is_visible() for i in range(4))
    assert page.locator(".verdict-scale-box .skip").inner_text().startswith("Our verdict: Not yet rated")
    assert serious_violations(page) == []
    page.screenshot(path=str(screenshots / f"claim-summary-{width}.png"))

    page.goto(live_server.url + "/claims/?q=Aigun")
    card = page.locator("article.claim-card").first
    assert "First in" in card.inner_text() and "Published" in card.inner_text()  # seed claims are not yet rated
    assert page.locator("article.claim-card .badge-disagree").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert serious_violations(page) == []
    context.close()
