"""Conflicts have sides: which figures agree with each other, how many independent sources give them,
and one chart per conflict, drawn the same wherever it appears and readable on a phone."""
import re
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from claims import conflicts as comparisons
from claims.conflicts import Figure, conflict_sides, sides, significant
from claims.models import Conflict
from claims.roles import EDITOR
from claims.services import appearance_add, claim_create, claim_transition
from tests.browser import chromium_path
from tests.factories import SourceFactory, user_with_role


def test_sides_group_figures_that_overlap_pairwise():
    figures = [Figure(900_000, None, 900_000), Figure(894_000, 920_000, 907_000), Figure(905_000, 915_000, 910_000),
               Figure(640_000, 660_000, 650_000)]
    assert sides(figures) == [[3], [0, 1, 2]]  # by value: the lower figures are side 1
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
    other, agreeing = by_side[1], by_side[2]  # 250,000 sq mi (about 650,000 km²) is the lower side
    assert len(agreeing["claims"]) >= 3 and "910,000 km²" in agreeing["figures"]
    assert "250,000" in other["figures"] and agreeing["sources"] >= 2
    for member in data["members"]:
        assert member["side"] in by_side and member["claim_url"].startswith("http://testserver/claims/")
        assert member["sources"] and {"id", "title", "url", "original"} <= set(member["sources"][0])
    page = client.get(f"/conflicts/{treaties.pk}/").content.decode()
    assert re.search(r"Side 2, \d sources?:</strong> [^<]*910,000 km²", page)


def member(pk, low, high, public=True):
    claim = SimpleNamespace(pk=pk, canonical_lower=low, canonical_upper=high, canonical_value=(low + high) / 2,
                            stated_figure=f"{low}-{high}", appearances=SimpleNamespace(all=list), public=public)
    return SimpleNamespace(claim=claim, claim_id=pk, is_part=False)


intervals = st.tuples(st.integers(0, 60), st.integers(0, 20)).map(lambda t: (t[0], t[0] + t[1]))


@settings(max_examples=200, deadline=None)
@given(public=st.lists(intervals, min_size=2, max_size=7), hidden=st.lists(intervals, max_size=4),
       order=st.randoms(use_true_random=False))
def test_side_numbers_are_the_readers_for_everyone_whatever_staff_also_see(public, hidden, order):
    readers = [member(i, *figure) for i, figure in enumerate(public)]
    staff = [member(i, *figure) for i, figure in enumerate(public)] + [
        member(100 + i, *figure, public=False) for i, figure in enumerate(hidden)]
    order.shuffle(staff)  # the order members are read in never matters
    readers_sides = conflict_sides(readers)
    staff_sides = conflict_sides(staff, shown=lambda m: m.claim.public)
    assert {m.claim_id: m.side for m in readers} == {m.claim_id: m.side for m in staff if m.claim.public}
    # Numbered by value: each side agrees on an interval above the previous side's.
    lows = [side.lower for side in readers_sides]
    assert lows == sorted(lows) and [side.number for side in staff_sides] == list(range(1, len(staff_sides) + 1))
    # An unpublished figure sits on a readers' side it agrees with, or on a side after all of theirs.
    for m in staff:
        assert m.claim.public or m.side > len(readers_sides) or not comparisons.disagree(
            [Figure(o.claim.canonical_lower, o.claim.canonical_upper, 0) for o in staff if o.side == m.side],
            cumulative=False)


def test_publishing_a_claim_that_joins_a_side_renumbers_nothing(treaties):
    """The reference figure agrees with the 900,000 km² side: staff see it there before it is published too."""
    staff = APIClient()
    staff.force_authenticate(user_with_role(EDITOR, "reader-of-drafts"))
    numbers = lambda client: {m["claim"]: m["side"] for m in client.get(  # noqa: E731
        f"/api/v1/conflicts/{treaties.pk}/").json()["members"]}
    published = numbers(APIClient())
    assert numbers(staff) == published  # the reference claim is already published by the fixture
    editor = user_with_role(EDITOR, "ed3")
    combined = next(m.claim for m in treaties.members.select_related("claim") if not m.is_part)
    pending = claim_create(statement="Another atlas says 905,000 km².", metric=combined.metric,
                           subjects=list(combined.subjects.all()), figure_text="905,000 km²", created_by=editor)
    assert numbers(APIClient()) == published
    seen_by_staff = numbers(staff)
    assert {k: v for k, v in seen_by_staff.items() if k != pending.pk} == published
    assert seen_by_staff[pending.pk] == published[combined.pk]  # on the side it agrees with
    appearance_add(claim=pending, source=SourceFactory(title="An atlas"), quote="905,000 km²", user=editor)
    claim_transition(claim=pending, action="submit", user=editor)
    claim_transition(claim=pending, action="approve", user=user_with_role(EDITOR, "ed4"),
                     conflict_note="It agrees with the treaty texts.")
    assert numbers(APIClient()) == seen_by_staff == numbers(staff)


def test_one_chart_per_conflict_drawn_alike_on_both_pages(client, treaties):
    member = treaties.members.select_related("claim").filter(is_part=False).first()
    conflict_page = client.get(f"/conflicts/{treaties.pk}/").content.decode()
    claim_page = client.get(f"/claims/{member.claim.slug}/").content.decode()
    bars = lambda html: re.findall(r"<rect [^>]*>", html)  # noqa: E731
    labels = lambda html: re.findall(r"<g><title>([^<:]+):", html)  # noqa: E731
    assert claim_page.count('class="interval-chart"') == 1
    assert labels(conflict_page) == labels(claim_page) and "Sum of the parts" in labels(claim_page)
    assert len(bars(conflict_page)) == len(bars(claim_page))
    assert f"<title>{treaties.title}</title>" in conflict_page.replace("&#x27;", "'").replace("&#39;", "'")


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
