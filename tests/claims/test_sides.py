"""Conflicts have sides: which figures agree with each other, how many independent sources give them,
and one chart per conflict, drawn the same wherever it appears and readable on a phone."""
import re

import pytest

from claims import conflicts as comparisons
from claims.conflicts import Figure, sides, significant
from claims.models import Conflict
from claims.roles import EDITOR
from claims.services import appearance_add, claim_create, claim_transition
from tests.browser import chromium_path
from tests.factories import SourceFactory, user_with_role


def test_sides_group_figures_that_overlap_pairwise():
    figures = [Figure(900_000, None, 900_000), Figure(894_000, 920_000, 907_000), Figure(905_000, 915_000, 910_000),
               Figure(640_000, 660_000, 650_000)]
    assert sides(figures) == [[0, 1, 2], [3]]
    # A chain is not a side: a overlaps b and b overlaps c, but a and c disagree.
    chain = [Figure(0, 10, 5), Figure(9, 21, 15), Figure(20, 30, 25)]
    found = sides(chain)
    assert sorted(len(s) for s in found) == [1, 2] and all(
        not comparisons.disagree([chain[i] for i in side], cumulative=False) for side in found)


def test_derived_numbers_are_rounded_to_the_wording():
    assert significant(211501.78344960004) == 212000
    assert significant(1.4000000000000001) == 1.4
    assert significant(None) is None


@pytest.fixture
def treaties(db):
    """The seed's disagreement over the Aigun and Peking treaties, plus a reference figure of 910,000 km²."""
    from seeding.seed import load_seed

    load_seed()
    editor, second = user_with_role(EDITOR, "ed"), user_with_role(EDITOR, "ed2")
    conflict = Conflict.objects.get(kind="figures")
    combined = next(m.claim for m in conflict.members.select_related("claim") if not m.is_part)
    reference = claim_create(statement="The two treaties ceded 910,000 km².", metric=combined.metric,
                             subjects=list(combined.subjects.all()), figure_text="910,000 km²", created_by=editor)
    appearance_add(claim=reference, source=SourceFactory(title="A reference work"), quote="910,000 km²", user=editor)
    claim_transition(claim=reference, action="submit", user=editor)
    claim_transition(claim=reference, action="approve", user=second, conflict_note="Compared on the conflict page.")
    conflict.refresh_from_db()
    return conflict


def test_the_api_and_pages_say_which_sources_agree(client, treaties):
    data = client.get(f"/api/v1/conflicts/{treaties.pk}/").json()
    assert isinstance(data["difference"], (int, float)) and data["difference"] == significant(data["difference"])
    by_side = {side["number"]: side for side in data["sides"]}
    assert len(by_side) == 2
    agreeing, other = by_side[1], by_side[2]
    assert len(agreeing["claims"]) >= 3 and "910,000 km²" in agreeing["figures"]
    assert "250,000" in other["figures"] and agreeing["sources"] >= 2
    for member in data["members"]:
        assert member["side"] in by_side and member["claim_url"].startswith("http://testserver/claims/")
        assert member["sources"] and {"id", "title", "url", "original"} <= set(member["sources"][0])
    page = client.get(f"/conflicts/{treaties.pk}/").content.decode()
    assert re.search(r"\d sources?:</strong> [^<]*910,000 km²", page)


def test_one_chart_per_conflict_drawn_alike_on_both_pages(client, treaties):
    member = treaties.members.select_related("claim").filter(is_part=False).first()
    conflict_page = client.get(f"/conflicts/{treaties.pk}/").content.decode()
    claim_page = client.get(f"/claims/{member.claim.slug}/").content.decode()
    bars = lambda html: re.findall(r"<rect [^>]*>", html)  # noqa: E731
    labels = lambda html: re.findall(r"<g><title>([^<:]+):", html)  # noqa: E731
    assert claim_page.count('class="interval-chart"') == 1
    assert labels(conflict_page) == labels(claim_page) and "Sum of the parts" in labels(claim_page)
    assert len(bars(conflict_page)) == len(bars(claim_page))
    assert f"<title>{treaties.title}</title>" in conflict_page.replace("&#x27;", "'")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_chart_reads_on_a_phone(browser, live_server):
    from seeding.seed import load_seed

    chromium_path()
    load_seed()
    conflict = Conflict.objects.get(kind="figures")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/conflicts/{conflict.pk}/")
    boxes = page.eval_on_selector_all("svg.interval-chart text", """texts => texts.map(t => {
        const box = t.getBoundingClientRect(), svg = t.ownerSVGElement.getBoundingClientRect();
        return {text: t.textContent, height: box.height, inside: box.left >= svg.left - 0.5 &&
                box.right <= svg.right + 0.5, size: parseFloat(getComputedStyle(t).fontSize) *
                svg.width / t.ownerSVGElement.viewBox.baseVal.width};
    })""")
    assert boxes and all(box["size"] >= 11 for box in boxes), boxes
    assert all(box["inside"] for box in boxes), [box for box in boxes if not box["inside"]]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
