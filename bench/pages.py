"""Server time of reader pages and admin changelists, in-process (no network), with their query counts."""
import random
import time

from bench.common import median_ms, p95_ms

REQUESTS = 40


def run(size: int) -> list[dict]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from claims.models import Claim, Entity
    from sources.models import Source

    from claims.models import Conflict
    from claims.services import conflicts_detect

    if not Conflict.objects.exists():
        conflicts_detect()  # run alone (--only pages), the corpus has no conflicts detected yet
    rng = random.Random(3)
    reader = Client(HTTP_HOST="localhost")
    admin = Client(HTTP_HOST="localhost")
    user, _ = get_user_model().objects.get_or_create(username="bench-admin", defaults={"is_staff": True,
                                                                                       "is_superuser": True})
    admin.force_login(user)

    public = list(Claim.objects.public().values_list("slug", flat=True)[:2000])
    sources = list(Source.objects.filter(appearances__claim__is_public=True).values_list("slug", flat=True)[:500])
    entities = list(Entity.objects.filter(claims__is_public=True).values_list("slug", flat=True)[:500])
    from claims.views import _public_conflicts

    conflicts = list(_public_conflicts().values_list("pk", flat=True)[:500])
    pages = {
        "home": lambda: "/",
        "claim page": lambda: f"/claims/{rng.choice(public)}/",
        "claim list": lambda: f"/claims/?page={rng.randint(1, 50)}",
        "claim list, search": lambda: f"/claims/?q={rng.choice(['ceded', 'times', 'exercises', 'capacity'])}",
        "claim list, filters": lambda: "/claims/?metric=area-ceded&verdict=accurate&conflict=yes",
        "source page": lambda: f"/sources/{rng.choice(sources)}/",
        "entity page": lambda: f"/entities/{rng.choice(entities)}/",
        "conflict list": lambda: "/conflicts/",
        "conflict page": lambda: f"/conflicts/{rng.choice(conflicts)}/",
        "feed": lambda: "/feed/",
        "admin: claims": lambda: "/admin/claims/claim/",
        "admin: claims, search": lambda: "/admin/claims/claim/?q=treaty",
        "admin: conflicts": lambda: "/admin/claims/conflict/",
        "admin: sources": lambda: "/admin/sources/source/",
    }
    rows = []
    for name, url_for in pages.items():
        client = admin if name.startswith("admin") else reader
        client.get(url_for())  # warm caches and connections
        samples, queries = [], 0
        for _ in range(REQUESTS):
            url = url_for()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                samples.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
            queries = max(queries, len(captured))
        rows.append({"claims": f"{size:,}", "page": name, "median (ms)": f"{median_ms(samples):.1f}",
                     "p95 (ms)": f"{p95_ms(samples):.1f}", "queries": queries})
    return rows
