"""Shared set-up for benchmarks: a separate database, production-like settings, timing helpers."""
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def setup_django() -> None:
    """Point Django at a benchmark database (never the development one), with DEBUG off, and migrate it."""
    if os.environ.get("DATABASE_URL") and not os.environ["DATABASE_URL"].rstrip("/").endswith("bench"):
        sys.exit("Benchmarks empty their database: set DATABASE_URL to a database whose name ends in 'bench'.")
    # DEBUG off: Django would otherwise keep every query in memory and time itself doing it.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-a-secret-" + "x" * 32)
    os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
    os.environ.setdefault("CROSSCHECK_SITE_URL", "http://testserver/")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")  # plain HTTP on loopback
    # Its own name, never CROSSCHECK_DB_NAME (which may name a test or development database):
    # several benchmark runs on one server each set CROSSCHECK_BENCH_DB to keep out of each other's way.
    name = os.environ.get("CROSSCHECK_BENCH_DB", "crosscheck_bench")
    if not name.endswith("bench"):
        sys.exit(f"Benchmarks empty their database: CROSSCHECK_BENCH_DB={name!r} must end in 'bench'.")
    os.environ["CROSSCHECK_DB_NAME"] = name
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)  # hashed names, as in production


def peer_data_absent(message: str) -> None:
    """Say a section skipped for want of ../shared/peer-data; in CI, where it must be there, stop."""
    if os.environ.get("CI") == "true":
        raise SystemExit(message)
    print(f"  {message}", file=sys.stderr)


def reset_corpus() -> None:
    """Empty every project table so the next corpus starts clean."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT string_agg(quote_ident(tablename), ', ') FROM pg_tables "
            "WHERE schemaname = 'public' AND (tablename LIKE 'claims_%%' OR tablename LIKE 'sources_%%')"
        )
        cursor.execute(f"TRUNCATE {cursor.fetchone()[0]} RESTART IDENTITY CASCADE")


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - started, result


def alternate(choose, answer, own=None, rounds: int = 40, warm: int = 5) -> tuple[list, list, list]:
    """Time answer(choice) and then own(choice) on one choice per round; return answer wall, answer CPU, own wall.

    On a machine other work shares, timing all of one side and then all of the other lets one of
    them catch a busy spell alone (the same code read 2.8x and 6.1x in two runs); back to back,
    both see the same load. The first ``warm`` rounds are not kept.
    """
    wall, cpu, own_wall = [], [], []
    for n in range(warm + rounds):
        choice = choose()
        started, started_cpu = time.perf_counter(), time.process_time()
        answer(choice)
        elapsed, elapsed_cpu = time.perf_counter() - started, time.process_time() - started_cpu
        if own is not None:
            started = time.perf_counter()
            own(choice)
            own_elapsed = time.perf_counter() - started
        if n >= warm:
            wall.append(elapsed)
            cpu.append(elapsed_cpu)
            if own is not None:
                own_wall.append(own_elapsed)
    return wall, cpu, own_wall


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def p95_ms(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000


def machine() -> dict:
    return {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}


def write_results(name: str, rows: list[dict]) -> Path:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps({"machine": machine(), "rows": rows}, indent=2))
    return path


def print_table(title: str, rows: list[dict]) -> None:
    print(f"\n{title}")
    columns = list(dict.fromkeys(column for row in rows for column in row))
    widths = {c: max(len(c), *(len(str(r.get(c, ""))) for r in rows)) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns))
    for row in rows:
        print("  ".join(str(row.get(c, "")).ljust(widths[c]) for c in columns))
