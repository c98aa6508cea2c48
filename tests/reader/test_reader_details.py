"""Reader details (#25): years without thousands separators, chart titles that wrap, dates in words."""
import pytest
from django.urls import reverse

from claims.models import ClaimStatus
from claims.services import appearance_add, claim_create
from reader.charts import Bar, interval_chart
from tests.factories import MetricFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_a_year_is_written_as_a_year_on_the_claim_page_and_its_chart(client):
    metric = MetricFactory(name="Year the treaty was signed", canonical_unit="year", additive=False)
    claim = claim_create(statement="The pact was signed in 1939.", metric=metric, figure_text="1939",
                         status=ClaimStatus.PUBLISHED)
    assert claim.canonical_figure == "1939"
    html = client.get(reverse("claim-detail", args=[claim.slug])).content.decode()
    assert "<dt>Year</dt><dd>1939 " in html and "1,939" not in html
    chart = interval_chart([Bar("a", 1939, 1939), Bar("b", 1941, 1941)], "year", "Signed")
    assert "1,9" not in chart and "1940" in chart


def test_a_long_chart_title_wraps_instead_of_being_cut():
    title = "Area ceded by the Qing to Russia under the treaties of Aigun and Peking"
    chart = interval_chart([Bar("a", 1, 2), Bar("b", 3, 4)], "km²", title)
    lines = [part.split(">", 1)[1].split("<", 1)[0] for part in chart.split('font-weight="bold"')[1:]]
    assert " ".join(lines) == title and len(lines) <= 3 and "…" not in chart


def test_an_undated_source_says_what_is_known_of_its_date(client):
    source = SourceFactory(title="Opinion", published_on=None, date_note="Written in 2025; outlet not confirmed.")
    claim = claim_create(statement="Exercises doubled.", status=ClaimStatus.PUBLISHED)
    appearance_add(claim=claim, source=source, quote="Exercises doubled.")
    box = client.get(reverse("claim-detail", args=[claim.slug])).content.decode().split(
        '<section class="claim-summary"')[1].split("</section>")[0]
    assert "Written in 2025; outlet not confirmed." in box
