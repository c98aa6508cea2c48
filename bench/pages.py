"""Server time of reader pages, admin changelists and API endpoints, in-process (no network).

For each: the median and p95 with the page cache off (the real work) and on (a cached page), the
median Python CPU time of the request (process time: unlike wall time it barely moves when other
work shares the cores, so it compares runs on a busy machine), the query count, sequential scans of the claims table in the plans of its queries, and, where a
hand-written psycopg version exists (bench/sql.py), its time and the endpoint's ratio to it.
"""
import json
import random
import time

from bench import sql
from bench.common import median_ms, p95_ms
from claims import selectors

REQUESTS = 40


def _seq_scans_on_claims(cursor, queries) -> int:
    """Count sequential scans of claims_claim in the plans of the captured queries."""
    found = 0
    for query in queries:
        text = query["sql"]
        if "claims_claim" not in text or not text.lstrip().upper().startswith("SELECT"):
            continue
        cursor.execute("EXPLAIN (FORMAT JSON) " + text)
        plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        stack = [plan[0]["Plan"]]
        while stack:
            node = stack.pop()
            if node.get("Node Type") == "Seq Scan" and node.get("Relation Name") == "claims_claim":
                found += 1
            stack.extend(node.get("Plans", []))
    return found


def _time_sql(fn, args_for) -> list[float]:
    import psycopg
    from django.db import connection

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    samples = []
    with psycopg.connect(**params) as raw, raw.cursor() as cur:
        fn(cur, *args_for())  # warm
        for _ in range(REQUESTS):
            args = args_for()
            started = time.perf_counter()
            fn(cur, *args)
            samples.append(time.perf_counter() - started)
    return samples


def run(size: int) -> list[dict]:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from claims.models import Conflict, Entity
    from claims.services import conflicts_detect, public_counts_rebuild
    from sources.models import Source

    if not Conflict.objects.exists():
        conflicts_detect()  # run alone (--only pages), the corpus has no conflicts detected yet
    # The corpus is bulk-loaded past the services, which keep the public totals: count them once.
    public_counts_rebuild()
    rng = random.Random(3)
    reader = Client(HTTP_HOST="localhost")
    admin = Client(HTTP_HOST="localhost")
    user, _ = get_user_model().objects.get_or_create(username="bench-admin", defaults={"is_staff": True,
                                                                                       "is_superuser": True})
    admin.force_login(user)

    public = list(selectors.public_claims().values_list("pk", "slug")[:2000])
    sources = list(Source.objects.filter(appearances__claim__is_public=True).values_list("slug", flat=True)[:500])
    entities = list(Entity.objects.filter(claims__is_public=True).values_list("slug", flat=True)[:500])
    conflicts = list(selectors.public_conflicts().values_list("pk", flat=True)[:500])
    words = ["ceded", "times", "exercises", "capacity"]

    # name: (URL for a request, hand-written SQL and the arguments of the same request, or None)
    pages = {
        "home": (lambda: "/", None),
        "claim page": (lambda: f"/claims/{rng.choice(public)[1]}/", (sql.claim_page, lambda: [rng.choice(public)[1]])),
        "claim list": (lambda: f"/claims/?page={rng.randint(1, 50)}", (sql.claim_list, lambda: [rng.randint(1, 50)])),
        "claim list, search": (lambda: f"/claims/?q={rng.choice(words)}",
                               (sql.claim_list, lambda: [1, rng.choice(words)])),
        "claim list, filters": (lambda: "/claims/?metric=area-ceded&verdict=accurate&conflict=yes", None),
        "source page": (lambda: f"/sources/{rng.choice(sources)}/", (sql.source_page, lambda: [rng.choice(sources)])),
        "entity page": (lambda: f"/entities/{rng.choice(entities)}/", None),
        "conflict list": (lambda: "/conflicts/", None),
        "conflict page": (lambda: f"/conflicts/{rng.choice(conflicts)}/",
                          (sql.conflict_page, lambda: [rng.choice(conflicts)])),
        "feed": (lambda: "/feed/", None),
        "api: claim detail": (lambda: f"/api/v1/claims/{rng.choice(public)[0]}/",
                              (sql.api_claim_detail, lambda: [rng.choice(public)[0]])),
        "api: claim list": (lambda: "/api/v1/claims/", (sql.api_claim_list, lambda: [])),
        "admin: claims": (lambda: "/admin/claims/claim/", None),
        "admin: claims, search": (lambda: "/admin/claims/claim/?q=treaty", None),
        "admin: conflicts": (lambda: "/admin/claims/conflict/", None),
        "admin: sources": (lambda: "/admin/sources/source/", None),
    }
    cached_setting = settings.CROSSCHECK_PAGE_CACHE_SECONDS
    addresses = (f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}" for n in range(1, 10**7))

    def get(client, url):
        # A new client address each time: the API throttles do their bookkeeping but never refuse.
        return client.get(url, REMOTE_ADDR=next(addresses))

    rows = []
    for name, (url_for, hand_written) in pages.items():
        client = admin if name.startswith("admin") else reader
        cacheable = not name.startswith("admin")
        settings.CROSSCHECK_PAGE_CACHE_SECONDS = 0
        get(client, url_for())  # warm connections
        samples, cpu, queries, seq_scans = [], [], 0, 0
        for n in range(REQUESTS):
            url = url_for()
            with CaptureQueriesContext(connection) as captured:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = get(client, url)
                samples.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
            assert response.status_code == 200, (url, response.status_code)
            queries = max(queries, len(captured))
            if n == 0:
                with connection.cursor() as cursor:
                    seq_scans = _seq_scans_on_claims(cursor, captured.captured_queries)
        row = {"claims": f"{size:,}", "page": name, "median (ms)": f"{median_ms(samples):.1f}",
               "p95 (ms)": f"{p95_ms(samples):.1f}", "Python CPU (ms)": f"{median_ms(cpu):.1f}", "queries": queries, "seq scans on claims": seq_scans}
        if cacheable and cached_setting:
            settings.CROSSCHECK_PAGE_CACHE_SECONDS = cached_setting
            urls = [url_for() for _ in range(REQUESTS)]
            for url in set(urls):
                get(client, url)  # fill the cache
            cached = []
            for url in urls:
                started = time.perf_counter()
                get(client, url)
                cached.append(time.perf_counter() - started)
            row["cached median (ms)"] = f"{median_ms(cached):.1f}"
        if hand_written:
            fn, args_for = hand_written
            sql_samples = _time_sql(fn, args_for)
            row["hand-written SQL (ms)"] = f"{median_ms(sql_samples):.2f}"
            row["ratio"] = f"{median_ms(samples) / median_ms(sql_samples):.1f}×"
        rows.append(row)
    settings.CROSSCHECK_PAGE_CACHE_SECONDS = cached_setting
    return rows


def targets(rows: list[dict]) -> list[dict]:
    """Say, per size, whether each answer meets its target: 5× its SQL (the API 3×), or under 50 ms."""
    checked = []
    for row in rows:
        name = row["page"]
        if "ratio" in row:
            limit = 3.0 if name.startswith("api") else 5.0
            measured = float(row["ratio"].rstrip("×"))
            target, shown = f"within {limit:g}× its SQL", row["ratio"]
            met = measured <= limit
        elif name == "claim list, filters" or name.startswith("admin"):
            measured = float(row["median (ms)"])
            target, shown, met = "under 50 ms", f"{measured:g} ms", measured < 50
        else:
            continue
        checked.append({"claims": row["claims"], "page": name, "target": target, "measured": shown,
                        "met": "yes" if met else "no"})
    return checked
