"""Deliver change-feed events to webhook subscriptions: the worker that retries with backoff."""
import time

from django.core.management.base import BaseCommand

from webhooks import delivery


class Command(BaseCommand):
    help = "Deliver due webhook events. With --once, deliver what is due and stop; otherwise keep polling."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Deliver what is due, then exit.")
        parser.add_argument("--poll", type=float, default=5.0, help="Seconds between looks for due deliveries.")

    def handle(self, *args, once: bool, poll: float, **options):
        while True:
            sent = delivery.deliver_due()
            if sent:
                self.stdout.write(f"attempted {sent} webhook delivery(ies)")
            if once:
                return
            time.sleep(poll)
