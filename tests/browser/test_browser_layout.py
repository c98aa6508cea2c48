"""Every kind of reader page fits a phone (390 px) and a desktop (1280 px), and axe-core finds nothing.

Measured in Chromium on the seed data: no horizontal scrolling, no element wider than the window, no
table column hidden or squeezed so that claims wrap a word a line, and no axe-core violation of any impact.
"""
import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"phone": (390, 844), "desktop": (1280, 800)}
# A claim cell narrower than this many characters wraps a statement to a word or two a line.
CLAIM_CELL_MIN_CHARS = 12

MEASURE = """() => {
  const vw = document.documentElement.clientWidth;
  const out = {scrollWidth: document.scrollingElement.scrollWidth, viewport: vw, wide: [], hidden: [], narrow: []};
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    // Off-screen on the left is how the skip link, the honeypot and stacked tables' headings hide
    // (from sight only): it cannot make the page scroll sideways, so only the right edge counts.
    if (r.width > 0 && r.right <= 0) continue;
    if (r.right > vw + 0.5 || r.width > vw + 0.5) out.wide.push(name(el) + ' right=' + Math.round(r.right));
  }
  for (const table of document.querySelectorAll('main table')) {
    for (const cell of table.querySelectorAll('tbody td, tbody th')) {
      const r = cell.getBoundingClientRect();
      const style = getComputedStyle(cell);
      if (style.display === 'none' || style.visibility === 'hidden' || r.width === 0 || r.left < 0 || r.right > vw + 0.5)
        out.hidden.push(name(table) + ' ' + (cell.dataset.label || cell.cellIndex));
      const holdsClaim = cell.dataset.label === 'Claim' || cell.querySelector('a[href^="/claims/"]');
      if (holdsClaim) {
        const probe = document.createElement('span');
        probe.textContent = 'x'.repeat(%d);
        probe.style.whiteSpace = 'nowrap';
        cell.appendChild(probe);
        const needed = probe.getBoundingClientRect().width;
        probe.remove();
        const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        if (inner + 0.5 < needed) out.narrow.push(name(table) + ' ' + Math.round(inner) + 'px < ' + Math.round(needed) + 'px');
      }
    }
  }
  return out;
}""" % CLAIM_CELL_MIN_CHARS


def violations(page) -> list[str]:
    """Every axe-core violation on the page, whatever its impact."""
    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]]


def reader_pages(live_server) -> dict[str, str]:
    """One address for every kind of reader page, on the seed data plus a withdrawn claim."""
    from claims import selectors
    from claims.models import Claim, Conflict
    from claims.services import claim_transition
    from seeding.seed import load_seed

    load_seed()
    in_conflict = set(selectors.public_members().values_list("claim_id", flat=True))
    conflicted = Claim.objects.get(pk=selectors.public_members().filter(
        conflict__status=Conflict.Status.OPEN).values_list("claim_id", flat=True).first())
    withdrawn = selectors.public_claims().exclude(pk__in=in_conflict).order_by("id").first()
    claim = selectors.public_claims().exclude(pk__in=in_conflict | {withdrawn.pk}).order_by("id").first()
    claim_transition(claim=withdrawn, action="withdraw", user=None,
                     public_note="Withdrawn: the source retracted the figure.")
    conflict = selectors.public_conflicts().order_by("-id").first()
    resolved = _resolved_conflict_with_long_words()
    source = selectors.public_sources().order_by("id").first()
    entity = selectors.public_entities().order_by("id").first()
    return {
        "home": "/", "claim list": "/claims/", "filtered list": "/claims/?conflict=yes",
        "search results": "/claims/?q=treaty", "claim": f"/claims/{claim.slug}/",
        "claim with a conflict": f"/claims/{conflicted.slug}/", "withdrawn claim": f"/claims/{withdrawn.slug}/",
        "source": f"/sources/{source.slug}/", "entity": f"/entities/{entity.slug}/", "conflict list": "/conflicts/",
        "conflict": f"/conflicts/{conflict.pk}/", "methodology": "/methodology/", "not found": "/no-such-page/",
        "resolved conflict with long words": f"/conflicts/{resolved.pk}/",
        "claim in a resolved conflict": f"/claims/{resolved.members.first().claim.slug}/",
        "report form": f"/report/?page=/claims/{claim.slug}/", "thank-you page": "/report/thanks/",
    }


def _resolved_conflict_with_long_words():
    """Make a resolved conflict (its rank column shows) whose words and addresses do not break easily."""
    from claims.models import Conflict, ConflictMember
    from claims.services import appearance_add, claim_create, conflict_resolve
    from tests.factories import EntityFactory, MetricFactory, SourceFactory

    metric = MetricFactory(name="Boundary area transferred", canonical_unit="km²", additive=True)
    entity = EntityFactory(name="Nerchinsk–Kyakhta–Aigun–Peking boundary settlement")
    claims = []
    for figure in ("1,000,000 km²", "350,000 km²"):
        claim = claim_create(statement=f"The Nerchinsk–Kyakhta–Aigun–Peking settlements transferred {figure}, per "
                                       "https://archive.example.org/treaties/1858/aigun-and-peking/full-text.html",
                             subjects=[entity], metric=metric, figure_text=figure, status="published")
        source = SourceFactory(title="Gosudarstvennyye-granitsy-Rossiyskoy-Imperii-na-Dalnem-Vostoke: a survey")
        appearance_add(claim=claim, source=source, quote=f"transferred {figure}", user=None)
        claims.append(claim)
    conflict = Conflict.objects.get(members__claim=claims[0])
    return conflict_resolve(conflict=conflict, note="The larger figure counts the whole Outer Manchuria.", user=None,
                            ranks={claims[0].pk: (ConflictMember.Rank.PREFERRED, "Matches the treaty maps "
                                                  "(Atlas-of-the-Russian-Empire-sheet-XIV-and-XV)."),
                                   claims[1].pk: (ConflictMember.Rank.DEPRECATED, "Counts only one treaty.")})


@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
def test_every_reader_page_fits_and_passes_axe(browser, live_server, width):
    pages = reader_pages(live_server)
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h})
    page = context.new_page()
    problems = {}
    for kind, url in pages.items():
        page.goto(live_server.url + url)
        found = _problems(page)
        if found:
            problems[kind] = found
    # The form as a reader sees it after a refused post: its messages must pass too.
    page.goto(live_server.url + "/report/")
    page.click("button[type=submit]")
    page.wait_for_selector("#form-errors")
    if found := _problems(page):
        problems["report form with errors"] = found
    context.close()
    assert problems == {}, "\n".join(f"{kind}: {line}" for kind, lines in problems.items() for line in lines)


def _problems(page) -> list[str]:
    measured = page.evaluate(MEASURE)
    found = []
    if measured["scrollWidth"] > measured["viewport"]:
        found.append(f"scrolls sideways: {measured['scrollWidth']} > {measured['viewport']}")
    found += [f"wider than the window: {x}" for x in measured["wide"][:5]]
    found += [f"column hidden: {x}" for x in measured["hidden"][:5]]
    found += [f"claim cell too narrow: {x}" for x in measured["narrow"][:5]]
    return found + violations(page)


def test_a_reader_reports_an_error_from_a_claim_page(browser, live_server):
    from claims import selectors
    from reader.models import ReaderReport
    from seeding.seed import load_seed

    load_seed()
    claim = selectors.public_claims().order_by("id").first()
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + f"/claims/{claim.slug}/")
    page.click("text=Report an error on this claim")
    page.wait_for_selector("h1:has-text('Report an error or suggest a claim')")
    assert page.input_value("#id_page") == f"/claims/{claim.slug}/"
    assert page.is_checked("input[name=kind][value=error]")
    trap = page.locator("input[name=website]").bounding_box()
    assert trap["x"] + trap["width"] <= 0  # the honeypot stays out of sight, and out of the tab order:
    assert page.get_attribute("input[name=website]", "tabindex") == "-1"

    page.fill("#id_text", "")
    page.click("button[type=submit]")
    assert "Write what is wrong" in page.inner_text("#text-error")
    assert page.get_attribute("#id_text", "aria-invalid") == "true"
    assert ReaderReport.objects.count() == 0

    page.fill("#id_text", "The quote is from 2019, not 2021.")
    page.fill("#id_email", "reader@example.org")
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('Thank you')")
    assert "We have your report" in page.inner_text("main")
    report = ReaderReport.objects.get()
    assert (report.claim_id, report.text, report.email) == (claim.pk, "The quote is from 2019, not 2021.",
                                                            "reader@example.org")
    context.close()
