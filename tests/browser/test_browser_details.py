"""Reader details in Chromium (#25): the conflict table's headers on one line, its chart's title whole and small."""
import pytest

from claims.models import ClaimStatus, Conflict
from claims.services import claim_create
from tests.factories import EntityFactory, MetricFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEASURE = """() => {
  const th = [...document.querySelectorAll('main thead th')].map(cell => {
    const line = parseFloat(getComputedStyle(cell).lineHeight) || 20;
    const pad = parseFloat(getComputedStyle(cell).paddingTop) + parseFloat(getComputedStyle(cell).paddingBottom);
    return {text: cell.textContent.trim(), lines: Math.round((cell.getBoundingClientRect().height - pad) / line)};
  });
  const svg = document.querySelector('main svg.interval-chart');
  const box = svg.getBoundingClientRect();
  const scale = box.width / svg.viewBox.baseVal.width;
  const title = [...svg.querySelectorAll(':scope > text[font-weight=bold]')];
  return {th, width: box.width, scale,
          title: title.map(t => t.textContent).join(' '),
          titleFits: title.every(t => t.getComputedTextLength() <= svg.viewBox.baseVal.width - 6),
          tickPx: 13 * scale};
}"""


def conflict_page(live_server):
    metric = MetricFactory(name="Area ceded by the treaties of the nineteenth century")
    subject = EntityFactory(name="Territories beyond Vladivostok and Outer Manchuria")
    for figure in ("350,000 square miles", "150,000 square miles"):
        claim_create(statement=f"The treaties ceded {figure}.", metric=metric, subjects=[subject],
                     figure_text=figure, status=ClaimStatus.PUBLISHED)
    conflict = Conflict.objects.get()
    return conflict, f"{live_server.url}/conflicts/{conflict.pk}/"


def test_at_1280_headers_stay_whole_and_the_chart_title_wraps_at_a_readable_size(browser, live_server):
    conflict, url = conflict_page(live_server)
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    page.goto(url)
    measured = page.evaluate(MEASURE)
    side = next(cell for cell in measured["th"] if cell["text"] == "Side")
    assert side["lines"] == 1, measured["th"]  # "Side", never "Si/de"
    assert measured["title"] == conflict.title and measured["titleFits"]
    assert measured["width"] <= 26 * 16 + 1 and 11 <= measured["tickPx"] <= 18  # not oversized on a desktop
    page.context.close()


def test_at_390_the_chart_fits_and_reads(browser, live_server):
    conflict, url = conflict_page(live_server)
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto(url)
    measured = page.evaluate(MEASURE)
    assert measured["title"] == conflict.title and measured["titleFits"]
    assert measured["width"] <= 390 and measured["tickPx"] >= 11
    page.context.close()
