"""Renderers measured side by side: `python -m bench.renderers [claims]`.

- **JSON**: a page of the API's claim list (20 and 100 claims, as ``api.flat`` builds it) written
  by DRF's JSONRenderer and by ``api.renderers.JSONRenderer`` (orjson), with the bytes compared.
- **Templates**: the claim list's cards (20 claims, read as the list reads them) rendered by
  Django's template engine from ``reader/_claim_card.html`` (the copy kept for Django's engine in
  ``bench/django_templates``, the site's templates being Jinja2's) and by Jinja2 from the same card
  written in Jinja2's syntax below, with the HTML compared.

Both sides get the same data, read once before timing, so only the rendering is timed (CPU time,
the median of repeated runs). Uses the benchmark database's corpus (``python -m bench.profile``
builds one); the figures and the decision they led to are on the performance-profile docs page.
"""
from __future__ import annotations

import argparse
import statistics
import time

from bench.common import print_table, setup_django, write_results

# reader/_claim_card.html and reader/_verdict.html, in Jinja2's syntax (the same HTML).
JINJA_CARD = (
    '<article class="card claim-card">\n'
    '  <h3><a href="{{ url("claim-detail", claim.slug) }}">{{ claim.statement }}</a></h3>\n'
    '  <p class="card-verdict"><span class="verdict verdict-{{ claim.verdict }}">{{ claim.get_verdict_display() }}'
    '</span>\n{% if claim.open_conflict_memberships %} <a class="badge-disagree" '
    'href="{{ url("claim-detail", claim.slug) }}#compare-heading">Sources disagree</a>{% endif %}'
    '{% if claim.value is not none %} · <span class="figure">{{ claim.stated_figure }}</span>{% endif %}'
    '{% if claim.status != "published" %} · <span class="muted">correction under review</span>{% endif %}</p>\n'
    '  <p class="muted card-source">{% set first = claim.shown_appearances[0] if claim.shown_appearances '
    'else none %}{% if first %}First in <a href="{{ url("source-detail", first.source.slug) }}">'
    '{{ first.source.title }}</a>{% if first.source.publisher %} ({{ first.source.publisher.name }}){% endif %}'
    '{% if first.source.published_on %}, <time datetime="{{ first.source.published_on|date("Y-m-d") }}">'
    '{{ first.source.published_on|date("j M Y") }}</time>{% endif %} · {% endif %}'
    '{% if claim.verdict == "not_yet_rated" %}Published{% else %}Checked{% endif %} '
    '<time datetime="{{ claim.last_approved_at|date("c") }}">{{ claim.last_approved_at|date("j M Y") }}</time></p>\n'
    '</article>\n'
)
DJANGO_CARDS = '{% for claim in claims %}{% include "reader/_claim_card.html" %}\n{% endfor %}'
JINJA_CARDS = "{% for claim in claims %}{% include 'card' %}\n{% endfor %}"


def cpu_median_ms(fn, repeats: int) -> float:
    """Return the median CPU time of ``fn()`` in milliseconds, after one warming call."""
    fn()
    samples = []
    for _ in range(repeats):
        started = time.process_time()
        fn()
        samples.append(time.process_time() - started)
    return statistics.median(samples) * 1000


def json_rows(repeats: int) -> list[dict]:
    """Time both JSON renderers on pages of the API's claim list; say whether their bytes agree."""
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory
    from rest_framework.renderers import JSONRenderer as DRFRenderer

    from api import flat
    from api.renderers import JSONRenderer
    from claims import selectors

    rows = []
    request = RequestFactory().get("/api/v1/claims/", HTTP_HOST="localhost")
    for size in (20, 100):
        claims = flat.claim_rows(selectors.claims_for(AnonymousUser()).order_by("-id")[:size])
        data = {"next": None, "previous": None, "results": flat.represent(claims, user=AnonymousUser(),
                                                                          request=request)}
        drf, ours = DRFRenderer(), JSONRenderer()
        before = cpu_median_ms(lambda: drf.render(data, "application/json", {}), repeats)
        after = cpu_median_ms(lambda: ours.render(data, "application/json", {}), repeats)
        rows.append({"what": f"API claim list, {size} claims (JSON)", "bytes": len(drf.render(data)),
                     "before (ms)": f"{before:.3f}", "after (ms)": f"{after:.3f}",
                     "ratio": f"{before / after:.1f}×",
                     "same bytes": drf.render(data, "application/json", {}) == ours.render(data, "application/json", {})})
    return rows


def jinja_environment():
    """A Jinja2 environment with what the card needs: Django's ``url`` and ``date``, autoescaped."""
    import jinja2
    from django.urls import reverse
    from django.utils import dateformat

    environment = jinja2.Environment(loader=jinja2.DictLoader({"card": JINJA_CARD, "cards": JINJA_CARDS}),
                                     autoescape=True)
    environment.globals["url"] = lambda name, *args: reverse(name, args=args)
    environment.filters["date"] = lambda value, fmt: dateformat.format(value, fmt) if value else ""
    return environment


def template_rows(repeats: int) -> list[dict]:
    """Time the claim list's cards through Django's engine and Jinja2; say whether their HTML agrees."""
    from django.conf import settings
    from django.template import engines
    from django.test import override_settings

    from bench.page_templates import django_first
    from claims import selectors
    from reader.views.common import PAGE_SIZE, _cards, card_rows

    claims = card_rows(_cards(selectors.public_claims()).order_by("-last_approved_at", "-id")[:PAGE_SIZE])
    # The site's card is Jinja2 now; Django's copy of it is kept in bench/django_templates.
    with override_settings(TEMPLATES=django_first(settings.TEMPLATES)):
        django_template = engines["django_pages"].from_string(DJANGO_CARDS)
    jinja_template = jinja_environment().get_template("cards")
    html = django_template.render({"claims": claims}), jinja_template.render(claims=claims)
    before = cpu_median_ms(lambda: django_template.render({"claims": claims}), repeats)
    after = cpu_median_ms(lambda: jinja_template.render(claims=claims), repeats)
    same = [" ".join(text.split()) for text in html]
    return [{"what": f"claim list cards, {PAGE_SIZE} claims (templates)", "bytes": len(html[0].encode()),
             "before (ms)": f"{before:.3f}", "after (ms)": f"{after:.3f}", "ratio": f"{before / after:.1f}×",
             "same bytes": same[0] == same[1]}]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=200, help="timed runs of each renderer (default 200)")
    args = parser.parse_args()
    setup_django()
    rows = json_rows(args.repeats) + template_rows(args.repeats)
    print_table("renderers: before = DRF's JSONRenderer / Django templates, after = orjson / Jinja2 (CPU ms)",
                rows)
    print(f"JSON: {write_results('renderers', rows)}")


if __name__ == "__main__":
    main()
