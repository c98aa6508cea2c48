"""Whole reader pages through Django's template engine and through Jinja2: `python -m bench.page_templates`.

The claim page and the claim list are rendered by Jinja2 from ``templates/jinja2/`` (the site's
templates) and by Django's engine from the same pages as they were written for it before the port,
kept in ``bench/django_templates/`` for this comparison (base, list, card, verdict, pagination,
claim page, verdict scale, sides). Jinja2's filters are Django's (``project.jinja``), so both
engines write the same HTML (checked, whitespace and the spelling of two escapes aside).

Two figures per page, CPU time (``time.process_time``) on the benchmark database's corpus (built
by ``python -m bench.profile``), page cache off:

- **render only**: the view runs once per URL, its context is read to the last row, and then only
  the template's rendering is timed, median of repeated runs; Jinja2 twice, once with Django's
  ``reverse`` and ``date`` filter (the engines alone compared) and once as the site serves it
  (``project.paths.path_to`` and the ``date`` filter's direct ISO formats);
- **whole request**: the same URLs through Django's test client, each engine in turn, several
  rounds alternating, mean CPU per request (what a reader's request costs end to end).
"""
from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from contextlib import contextmanager
from pathlib import Path

from bench.common import print_table, setup_django, write_results

DJANGO_DIR = Path(__file__).resolve().parent / "django_templates"


def django_first(templates: list[dict]) -> list[dict]:
    """Return TEMPLATES with Django's engine over ``bench/django_templates`` ahead of the site's engines."""
    django = {"BACKEND": "django.template.backends.django.DjangoTemplates", "NAME": "django_pages",
              "DIRS": [DJANGO_DIR, *next(t["DIRS"] for t in templates if t["BACKEND"].endswith("DjangoTemplates"))],
              "APP_DIRS": False, "OPTIONS": next(t["OPTIONS"] for t in templates
                                                 if t["BACKEND"].endswith("DjangoTemplates"))}
    return [django, *templates]


def site_client():
    """Return a test client on the site's own address, as the Jinja2 side writes canonical and og:url.

    Jinja2's base template builds them from CROSSCHECK_SITE_URL (project.site), the Django copy from
    the request's host: on another host the two pages would differ in those two lines alone.
    """
    from urllib.parse import urlsplit

    from django.test import Client

    from project.site import site_url

    parts = urlsplit(site_url())
    return Client(HTTP_HOST=parts.netloc, **({"wsgi.url_scheme": "https"} if parts.scheme == "https" else {}))


def urls(rng: random.Random, count: int) -> dict[str, list[str]]:
    """Return ``count`` URLs of each page, drawn from the corpus's public claims."""
    from claims import selectors

    slugs = list(selectors.public_claims().values_list("slug", flat=True)[:2000])
    return {"claim page": [f"/claims/{rng.choice(slugs)}/" for _ in range(count)],
            "claim list": [f"/claims/?page={rng.randint(1, 50)}" for _ in range(count)]}


def captured_renders(url_list: list[str]) -> list[tuple[str, dict, object]]:
    """Run each URL's view once; return the template name, the context read to its last row, and the request."""
    from unittest import mock

    from django.db.models import QuerySet

    import reader.views.claims as views

    seen = []
    real = views.render

    def capture(request, name, context, *args, **kwargs):
        seen.append((name, context, request))
        return real(request, name, context, *args, **kwargs)

    client = site_client()
    with mock.patch.object(views, "render", capture):
        for url in url_list:
            assert client.get(url).status_code == 200, url
    for _name, context, _request in seen:
        for key, value in context.items():
            if isinstance(value, QuerySet):
                context[key] = list(value)
        if "page" in context:
            context["page"].object_list = list(context["page"].object_list)
    return seen


def render_cpu_ms(engine: str, renders, repeats: int) -> tuple[float, list[str]]:
    """Return the median CPU ms of rendering every captured context through ``engine``, and the HTML."""
    from django.template import engines

    backend = engines[engine]
    prepared = [(backend.get_template(name), context, request) for name, context, request in renders]
    html = [template.render(dict(context), request) for template, context, request in prepared]
    samples = []
    for _ in range(repeats):
        started = time.process_time()
        for template, context, request in prepared:
            template.render(dict(context), request)
        samples.append(time.process_time() - started)
    return statistics.median(samples) * 1000 / len(prepared), html


def request_cpu_ms(url_list: list[str], rounds: int) -> dict[str, float]:
    """Return the mean CPU ms per request of ``url_list`` with each engine first, alternating ``rounds`` times."""
    from django.conf import settings
    from django.test import override_settings

    totals = {"django": [], "jinja2": []}
    client = site_client()
    for _ in range(rounds):
        for engine in totals:
            templates = django_first(settings.TEMPLATES) if engine == "django" else settings.TEMPLATES
            with override_settings(TEMPLATES=templates):
                client.get(url_list[0])  # warm: compile the templates
                started = time.process_time()
                for url in url_list:
                    client.get(url)
                totals[engine].append((time.process_time() - started) * 1000 / len(url_list))
    return {engine: statistics.mean(samples) for engine, samples in totals.items()}


@contextmanager
def django_helpers(env):
    """Give the Jinja2 side Django's ``reverse`` and ``date`` filter, so only the engines differ."""
    from django.template import defaultfilters
    from django.urls import reverse
    from django.utils.timezone import template_localtime

    saved = env.globals["url"], env.filters["date"]
    env.globals["url"] = lambda name, *args: reverse(name, args=args)
    env.filters["date"] = lambda value, arg=None: defaultfilters.date(template_localtime(value), arg)
    try:
        yield
    finally:
        env.globals["url"], env.filters["date"] = saved


def same_html(first: str, second: str) -> bool:
    """Compare HTML with whitespace runs and the two engines' spellings of ' and " made alike."""
    def normal(text):
        text = text.replace("&#39;", "&#x27;").replace("&#34;", "&quot;")
        return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", text)).strip()
    return normal(first) == normal(second)


def run(count: int, repeats: int, rounds: int) -> list[dict]:
    """Measure each page both ways; return one row per page."""
    from django.conf import settings
    from django.template import engines
    from django.test import override_settings

    cached_setting = settings.CROSSCHECK_PAGE_CACHE_SECONDS
    settings.CROSSCHECK_PAGE_CACHE_SECONDS = 0
    rows = []
    try:
        for page, url_list in urls(random.Random(7), count).items():
            renders = captured_renders(url_list)
            jinja_ms, jinja_html = render_cpu_ms("jinja", renders, repeats)
            with django_helpers(engines["jinja"].env):
                engine_ms, engine_html = render_cpu_ms("jinja", renders, repeats)
            with override_settings(TEMPLATES=django_first(settings.TEMPLATES)):
                django_ms, django_html = render_cpu_ms("django_pages", renders, repeats)
            whole = request_cpu_ms(url_list, rounds)
            rows.append({
                "page": page, "URLs": len(url_list),
                "render, Django (ms)": f"{django_ms:.2f}", "render, Jinja2 alone (ms)": f"{engine_ms:.2f}",
                "ratio": f"{django_ms / engine_ms:.1f}×", "render, Jinja2 as served (ms)": f"{jinja_ms:.2f}",
                "ratio as served": f"{django_ms / jinja_ms:.1f}×",
                "request, Django (ms)": f"{whole['django']:.2f}", "request, Jinja2 (ms)": f"{whole['jinja2']:.2f}",
                "request saved": f"{100 * (1 - whole['jinja2'] / whole['django']):.0f} %",
                "same HTML": all(map(same_html, django_html, jinja_html)) and engine_html == jinja_html,
            })
    finally:
        settings.CROSSCHECK_PAGE_CACHE_SECONDS = cached_setting
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--urls", type=int, default=20, help="URLs of each page (default 20)")
    parser.add_argument("--repeats", type=int, default=30, help="timed renders of each context (default 30)")
    parser.add_argument("--rounds", type=int, default=4, help="whole-request rounds per engine (default 4)")
    args = parser.parse_args()
    setup_django()
    rows = run(args.urls, args.repeats, args.rounds)
    print_table("reader pages: Django templates against Jinja2 (CPU ms per page)", rows)
    print(f"JSON: {write_results('page_templates', rows)}")


if __name__ == "__main__":
    main()
