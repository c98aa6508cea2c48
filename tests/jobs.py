"""Run the jobs a test deferred, in the test's own process and transaction (no worker needed).

Jobs are rows in procrastinate_jobs, written in the same transaction as the change: a test that
rolls back can still read them here and run each task as a worker would. Tests of the worker itself
(tests/workers) run real worker processes instead.
"""
import json

from django.db import connection
from django.utils import timezone
from procrastinate.contrib.django import app


def deferred(task_name: str | None = None, *, due_only: bool = False) -> list[dict]:
    """Return the jobs waiting to run (id, task_name, args, scheduled_at), oldest first."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, task_name, args, scheduled_at FROM procrastinate_jobs WHERE status = 'todo'"
            " AND (%s::text IS NULL OR task_name = %s)"
            " AND (NOT %s OR scheduled_at IS NULL OR scheduled_at <= %s) ORDER BY id",
            [task_name, task_name, due_only, timezone.now()])
        # Django reads jsonb as text (its JSONField decodes it): decode the arguments here.
        return [{"id": pk, "task_name": name, "args": json.loads(args) if isinstance(args, str) else args,
                 "scheduled_at": at} for pk, name, args, at in cursor.fetchall()]


def run_deferred(task_name: str | None = None, *, due_only: bool = True, rounds: int = 10) -> int:
    """Run the due jobs (and the due jobs they defer), deleting each as it runs; return how many ran."""
    ran = 0
    for _ in range(rounds):
        jobs = deferred(task_name, due_only=due_only)
        if not jobs:
            break
        for job in jobs:
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM procrastinate_jobs WHERE id = %s", [job["id"]])
            app.tasks[job["task_name"]](**job["args"])
            ran += 1
    return ran
