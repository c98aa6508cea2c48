"""Run queued imports: a worker for imports queued by the admin or `import_source --background`."""
import time

from django.core.management.base import BaseCommand

from imports import jobs


class Command(BaseCommand):
    help = "Run queued import jobs. With --once, run what is queued and stop; otherwise keep polling."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run the queued jobs, then exit.")
        parser.add_argument("--poll", type=float, default=2.0, help="Seconds between looks at the queue.")

    def handle(self, *args, once: bool, poll: float, **options):
        while True:
            ran = jobs.run_pending()
            if ran:
                self.stdout.write(f"ran {ran} import job(s)")
            if once:
                return
            time.sleep(poll)
