import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pagecache.purge import send_pending


class Command(BaseCommand):
    help = (
        "Send the purges still owed to the shared caches in CROSSCHECK_PURGE_URLS (Varnish, a CDN): every "
        "tag that changed since each one's last successful purge. Publications send them at once; run "
        "this every minute so a purge that failed (the cache was down) is sent when it is back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0, metavar="SECONDS",
                            help="Keep running, sending owed purges every SECONDS (0: once and exit).")

    def handle(self, *args, every=0, **options):
        if not settings.CROSSCHECK_PURGE_URLS:
            raise CommandError("CROSSCHECK_PURGE_URLS is empty: there is no shared cache to purge.")
        if every < 0:
            raise CommandError("--every takes a number of seconds, 0 or more.")
        while True:
            outcomes = send_pending()
            for outcome in outcomes:
                state = f"failed: {outcome.error}" if outcome.error else "ok"
                self.stdout.write(f"{outcome.url}: {outcome.tags} tags, {state}")
            failed = [outcome for outcome in outcomes if outcome.error]
            if not every:
                break
            time.sleep(every)
        if failed:
            raise CommandError("; ".join(f"{o.url}: {o.error}" for o in failed) + " (sent again on the next run)")
