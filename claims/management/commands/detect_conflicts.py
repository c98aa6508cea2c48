import sys
import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from claims.services import conflicts_detect


class Command(BaseCommand):
    help = (
        "Detect conflicting figures across all claims. Idempotent: reruns create no duplicates and reopen "
        "a decided conflict only when its figures changed; conflicts whose figures now agree are closed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Do not show a progress bar.")

    def handle(self, *args, no_progress=False, **options):
        started = time.perf_counter()
        show = not no_progress and sys.stderr.isatty()

        def progress(items):
            return tqdm(items, desc="conflicts", unit="conflict", disable=not show)

        report = conflicts_detect(progress=progress)
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(
            f"Conflicts: {report.created} new, {report.updated} updated, {report.reopened} reopened, "
            f"{report.closed} closed, {report.unchanged} unchanged ({elapsed:.2f} s)."
        ))
