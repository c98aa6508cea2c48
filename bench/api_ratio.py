"""The API's ratio to its hand-written SQL, timed alternately: `python -m bench.api_ratio [claims] [--requests N]`.

Each API request (through Django's test client, page cache off, a new client address each time
so throttles count but never refuse) is followed at once by its hand-written SQL (bench/sql.py)
on a psycopg connection of its own, so both see the same load: as `python -m bench --only pages`
times every answer, with more requests (200 by default) and only the API.
The corpus in the benchmark database is used as it is (built if it holds another number of claims).
"""
from __future__ import annotations

import argparse
import random

from bench.common import alternate, median_ms, print_table, setup_django, write_results


def run(size: int, requests: int) -> list[dict]:
    """Time each API answer and its SQL alternately ``requests`` times; return a row per answer."""
    from django.conf import settings
    from django.test import Client

    from bench import sql
    from bench.profile import ensure_corpus
    from claims import selectors

    ensure_corpus(size)
    settings.CROSSCHECK_PAGE_CACHE_SECONDS = 0  # the render, not the cache
    rng = random.Random(3)
    public = list(selectors.public_claims().values_list("pk", flat=True)[:2000])
    client = Client(HTTP_HOST="localhost")
    addresses = (f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}" for n in range(1, 10**7))
    answers = {"API claim detail": (lambda pk: f"/api/v1/claims/{pk}/", sql.api_claim_detail, lambda pk: [pk]),
               "API claim list": (lambda pk: "/api/v1/claims/", sql.api_claim_list, lambda pk: [])}
    rows = []
    with sql.connect() as raw, raw.cursor() as cursor:
        for name, (url_for, hand_written, args_for) in answers.items():
            def answer(pk, url_for=url_for):
                response = client.get(url_for(pk), REMOTE_ADDR=next(addresses))
                assert response.status_code == 200, (url_for(pk), response.status_code)

            def own(pk, hand_written=hand_written, args_for=args_for):
                hand_written(cursor, *args_for(pk))

            app, cpu, own_wall = alternate(lambda: rng.choice(public), answer, own, rounds=requests)
            rows.append({"claims": f"{size:,}", "answer": name, "median (ms)": f"{median_ms(app):.2f}",
                         "Python CPU (ms)": f"{median_ms(cpu):.2f}",
                         "hand-written SQL (ms)": f"{median_ms(own_wall):.2f}",
                         "ratio": f"{median_ms(app) / median_ms(own_wall):.1f}×"})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("claims", nargs="?", type=int, default=10_000, help="corpus size (default 10,000)")
    parser.add_argument("--requests", type=int, default=200, help="requests per answer (default 200)")
    args = parser.parse_args()
    setup_django()
    rows = run(args.claims, args.requests)
    print_table("API answers and their hand-written SQL, timed alternately", rows)
    print(f"JSON: {write_results('api_ratio', rows)}")


if __name__ == "__main__":
    main()
