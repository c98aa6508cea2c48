"""The job system's figures (docs/operators/workers.md): what deferring a job costs inside the
editor's transaction, and how soon a worker picks it up. `python -m bench.jobs` (its own database)."""
import os
import subprocess
import sys
import time

from bench.common import median_ms, p95_ms, setup_django

DEFERS = 300
PICKUPS = 40


def defer_cost() -> tuple[float, float]:
    """Return the median milliseconds of one defer, and of one plain INSERT, inside a transaction."""
    from django.db import connection, transaction

    from claims.notifications import send_notification

    defers, inserts = [], []
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("CREATE TEMPORARY TABLE bench_rows (id bigserial, body jsonb) ON COMMIT DROP")
        for n in range(DEFERS):
            started = time.perf_counter()
            send_notification.defer(subject=f"Bench {n}", body="x" * 200, to=["bench@example.org"])
            defers.append(time.perf_counter() - started)
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO bench_rows (body) VALUES (%s::jsonb)", ['{"subject": "x"}'])
            inserts.append(time.perf_counter() - started)
        transaction.set_rollback(True)  # and the jobs vanish with it: they live in the same transaction
    return median_ms(defers), median_ms(inserts)


def rolled_back_jobs_vanish() -> bool:
    from django.db import connection, transaction

    from claims.notifications import send_notification

    def count():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM procrastinate_jobs")
            return cursor.fetchone()[0]

    before = count()
    try:
        with transaction.atomic():
            send_notification.defer(subject="Rolled back", body="", to=["bench@example.org"])
            raise RuntimeError
    except RuntimeError:
        pass
    return count() == before


def pickup_latency() -> list[float]:
    """Defer jobs one commit at a time while a worker listens; return seconds from defer to start."""
    from django.db import connection

    from claims.notifications import send_notification

    env = {**os.environ, "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend", "LOG_LEVEL": "ERROR"}
    worker = subprocess.Popen([sys.executable, "manage.py", "procrastinate", "worker", "--delete-jobs", "never"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(3)  # the worker is listening
        ids = []
        for n in range(PICKUPS):
            ids.append(send_notification.defer(subject=f"Pickup {n}", body="", to=["bench@example.org"]))
            time.sleep(0.1)
        deadline = time.monotonic() + 60
        with connection.cursor() as cursor:
            while time.monotonic() < deadline:
                cursor.execute("SELECT count(*) FROM procrastinate_jobs WHERE id = ANY(%s) AND status = 'succeeded'",
                               [ids])
                if cursor.fetchone()[0] == len(ids):
                    break
                time.sleep(0.2)
            cursor.execute(
                "SELECT EXTRACT(EPOCH FROM max(at) FILTER (WHERE type = 'started') - min(at) FILTER (WHERE type ="
                " 'deferred')) FROM procrastinate_events WHERE job_id = ANY(%s) GROUP BY job_id", [ids])
            return [float(row[0]) for row in cursor.fetchall() if row[0] is not None]
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def main() -> None:
    setup_django()
    defer_ms, insert_ms = defer_cost()
    print(f"defer inside a transaction: median {defer_ms:.2f} ms (a plain INSERT: {insert_ms:.2f} ms); one query")
    print(f"a rolled-back transaction leaves no job: {rolled_back_jobs_vanish()}")
    latencies = pickup_latency()
    print(f"defer (commit) to start on a listening worker, {len(latencies)} jobs: median "
          f"{median_ms(latencies):.1f} ms, p95 {p95_ms(latencies):.1f} ms")


if __name__ == "__main__":
    main()
