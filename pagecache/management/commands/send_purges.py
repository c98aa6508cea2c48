from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pagecache.purge import send_pending


class Command(BaseCommand):
    help = (
        "Send the purges still owed to the shared caches in CROSSCHECK_PURGE_URLS (Varnish, a CDN) now: every "
        "tag that changed since each one's last successful purge. Workers send them after every change and "
        "retry failures; this is for an operator who wants to see it done (after a cache came back, say)."
    )

    def handle(self, *args, **options):
        if not settings.CROSSCHECK_PURGE_URLS:
            raise CommandError("CROSSCHECK_PURGE_URLS is empty: there is no shared cache to purge.")
        outcomes = send_pending()
        for outcome in outcomes:
            state = f"failed: {outcome.error}" if outcome.error else "ok"
            self.stdout.write(f"{outcome.url}: {outcome.tags} tags, {state}")
        failed = [outcome for outcome in outcomes if outcome.error]
        if failed:
            raise CommandError("; ".join(f"{o.url}: {o.error}" for o in failed) + " (sent again by the workers)")
