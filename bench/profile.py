"""Where a request's CPU goes: `python -m bench.profile [claims] [--requests N] [--top N]`.

Each answer (claim page, claim list, source page, conflict page, API detail, API list) is requested
through Django's test client, page cache off (the real work), under cProfile timed by CPU (process
time: what a busy machine distorts least). It prints, per request:

- **stages**: the cumulative CPU of the parts every request passes through (middleware, DRF's
  authentication and throttles, cache-tag bookkeeping, ETag hashing, template rendering,
  serialisation, the database driver, the ORM), each measured at its entry points;
- **modules**: the CPU spent in each package or project module's own code, largest first.

The corpus (10,000 claims by default; more is never needed: these costs do not grow with it) is
built in the benchmark database when it holds a different number of claims. Reading the CPU clock
at every call makes profiled times several times the real ones (most where Python calls many small
functions): read the shares, and take absolute times from the first line of each answer (CPU,
measured without the profiler) or from `python -m bench --only pages`. Stages overlap where one runs
inside another (the ORM inside views and templates; the driver inside both).
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

from bench.common import print_table, reset_corpus, setup_django, write_results

ROOT = Path(__file__).resolve().parent.parent
# Stages: name -> entry points (dotted paths of functions); the stage's CPU is the sum of their
# cumulative times (none of one stage's entry points calls another's; recursion counts once).
STAGES = {
    "whole request (handler)": ["django.core.handlers.base.BaseHandler.get_response"],
    "view and its template response": ["django.core.handlers.base.BaseHandler._get_response"],
    "middleware (request → view → response, less the view)": [],  # the two above subtracted
    "DRF authentication": ["rest_framework.views.APIView.perform_authentication"],
    "DRF throttles": ["rest_framework.views.APIView.check_throttles"],
    "cache-tag bookkeeping": ["pagecache.answers._on_model_init", "pagecache.answers.record",
                              "pagecache.answers.final_tags", "pagecache.answers.shared_cache_headers"],
    "ETag hashing": ["django.middleware.http.ConditionalGetMiddleware.process_response",
                     "api.views.common.etag_of"],
    "template rendering": ["django.template.base.Template.render", "jinja2.environment.Template.render"],
    "API serialisation (flat rows and renderer)": ["api.flat.represent", "rest_framework.renderers.JSONRenderer.render",
                                                   "api.renderers.JSONRenderer.render"],
    "database driver (queries sent, rows read)": ["django.db.backends.utils.CursorWrapper._execute"],
    # The ORM's share of the stages above (views and templates both run querysets).
    "ORM: compiling SQL": ["django.db.models.sql.compiler.SQLCompiler.as_sql"],
    "ORM: building querysets (clone, filter)": ["django.db.models.query.QuerySet._chain",
                                                "django.db.models.query.QuerySet._filter_or_exclude"],
    "ORM: model instances from rows": ["django.db.models.base.Model.from_db"],
}


def _code_key(dotted: str) -> tuple[str, int, str] | None:
    """Return cProfile's key (file, first line, name) of the function at ``dotted``, or None if absent."""
    from importlib import import_module

    module_name, *attributes = dotted.split(".")
    while True:
        try:
            target = import_module(module_name)
            break
        except ImportError:
            if not attributes:
                return None
            module_name += "." + attributes.pop(0)
    for attribute in attributes:
        target = getattr(target, attribute, None)
        if target is None:
            return None
    code = getattr(target, "__code__", None)
    return (code.co_filename, code.co_firstlineno, code.co_name) if code else None


def module_of(filename: str) -> str:
    """Name the package or project module a code file belongs to (two levels for large packages)."""
    path = Path(filename)
    if filename.startswith("<") or filename == "~":
        return "built-ins (C: str, dict, hashing…)"
    parts = path.parts
    if "site-packages" in parts:
        inner = parts[parts.index("site-packages") + 1:]
        depth = 3 if inner[0] in {"django", "rest_framework"} and len(inner) > 3 else 2
        return ".".join(p.removesuffix(".py") for p in inner[:depth] if p != "__init__.py")
    try:
        inner = path.relative_to(ROOT).parts
    except ValueError:
        return "python standard library: " + path.stem
    return ".".join(p.removesuffix(".py") for p in inner)


def summarise(stats: pstats.Stats, requests: int) -> tuple[dict[str, float], list[tuple[str, float]]]:
    """Return CPU ms per request by stage, and by module (own time), largest first."""
    stages = defaultdict(float)
    modules = defaultdict(float)
    entries = {_code_key(point): stage for stage, points in STAGES.items() for point in points}
    for key, (_calls, _primitive, own, cumulative, _callers) in stats.stats.items():
        modules[module_of(key[0])] += own
        if key in entries:
            stages[entries[key]] += cumulative
    handler = stages["whole request (handler)"]
    stages["middleware (request → view → response, less the view)"] = handler - stages["view and its template response"]
    per_request = {stage: stages[stage] * 1000 / requests for stage in STAGES}
    ranked = sorted(((name, own * 1000 / requests) for name, own in modules.items()), key=lambda item: -item[1])
    return per_request, ranked


def answers(rng: random.Random) -> dict:
    """Return each profiled answer's URL maker, drawn from the corpus's public rows."""
    from claims import selectors
    from sources.models import Source

    public = list(selectors.public_claims().values_list("pk", "slug")[:2000])
    sources = list(Source.objects.filter(appearances__claim__is_public=True).values_list("slug", flat=True)[:500])
    conflicts = list(selectors.public_conflicts().values_list("pk", flat=True)[:500])
    return {
        "claim page": lambda: f"/claims/{rng.choice(public)[1]}/",
        "claim list": lambda: f"/claims/?page={rng.randint(1, 50)}",
        "source page": lambda: f"/sources/{rng.choice(sources)}/",
        "conflict page": lambda: f"/conflicts/{rng.choice(conflicts)}/",
        "API claim detail": lambda: f"/api/v1/claims/{rng.choice(public)[0]}/",
        "API claim list": lambda: "/api/v1/claims/",
    }


def ensure_corpus(size: int) -> None:
    """Build a corpus of ``size`` claims unless the benchmark database holds one already."""
    from claims.models import Claim, Conflict
    from claims.services import conflicts_detect, public_counts_rebuild
    from seeding.corpus import generate_corpus, vacuum_analyze

    if Claim.objects.count() != size:
        reset_corpus()
        generate_corpus(claims=size, seed=1)
        vacuum_analyze()
    if not Conflict.objects.exists():
        conflicts_detect()
    public_counts_rebuild()


def profile(url_for, requests: int) -> tuple[pstats.Stats, float]:
    """Request ``requests`` URLs under cProfile (CPU time); return the stats and the unprofiled CPU ms."""
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    addresses = (f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}" for n in range(1, 10**7))
    urls = [url_for() for _ in range(requests)]
    for url in urls:  # warm: connections, and what a process does once (compiled queries, templates)
        assert client.get(url, REMOTE_ADDR=next(addresses)).status_code == 200, url
    started = time.process_time()
    for url in urls:
        client.get(url, REMOTE_ADDR=next(addresses))
    plain = (time.process_time() - started) * 1000 / requests
    profiler = cProfile.Profile(time.process_time)
    for url in urls:
        address = next(addresses)
        profiler.enable()
        client.get(url, REMOTE_ADDR=address)
        profiler.disable()
    return pstats.Stats(profiler), plain


def run(size: int, requests: int = 30, top: int = 8, only: list[str] | None = None) -> list[dict]:
    """Profile each answer on a corpus of ``size`` claims; print the details, return a summary row each."""
    from django.conf import settings

    ensure_corpus(size)
    cached_setting = settings.CROSSCHECK_PAGE_CACHE_SECONDS
    settings.CROSSCHECK_PAGE_CACHE_SECONDS = 0  # the render, not the cache
    rows = []
    try:
        for name, url_for in answers(random.Random(5)).items():
            if only and name not in only:
                continue
            stats, plain = profile(url_for, requests)
            stages, modules = summarise(stats, requests)
            handler = stages["whole request (handler)"] or 1
            print(f"\n{name}: {plain:.1f} ms CPU per request unprofiled ({size:,} claims); under the profiler:")
            for stage, ms in stages.items():
                print(f"  {stage:<58} {ms:7.2f} ms  {100 * ms / handler:5.1f} %")
            print("  top modules by own CPU:")
            for module, ms in modules[:top]:
                print(f"    {module:<56} {ms:7.2f} ms  {100 * ms / handler:5.1f} %")
            rows.append({"claims": f"{size:,}", "answer": name, "CPU (ms)": f"{plain:.1f}",
                         **{_short(stage): f"{100 * ms / handler:.0f} %" for stage, ms in list(stages.items())[2:]},
                         "top modules": ", ".join(f"{module} {100 * ms / handler:.0f} %"
                                                  for module, ms in modules[:3])})
    finally:
        settings.CROSSCHECK_PAGE_CACHE_SECONDS = cached_setting
    return rows


def _short(stage: str) -> str:
    return stage.split(" (")[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("claims", nargs="?", type=int, default=10_000, help="corpus size (default 10,000)")
    parser.add_argument("--requests", type=int, default=40, help="requests per answer (default 40)")
    parser.add_argument("--top", type=int, default=12, help="modules listed per answer (default 12)")
    parser.add_argument("--only", default="", help='answers to profile, comma-separated (e.g. "API claim detail")')
    args = parser.parse_args()
    if args.claims < 100:
        sys.exit("Profile a corpus of at least 100 claims.")
    setup_django()
    only = [name.strip() for name in args.only.split(",") if name.strip()]
    rows = run(args.claims, args.requests, args.top, only)
    print_table("profile summary (CPU per request unprofiled; each stage's share of the profiled handler)", rows)
    print(f"JSON: {write_results('profile', rows)}")


if __name__ == "__main__":
    main()
