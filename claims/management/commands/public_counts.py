from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims.models import PublicCount
from claims.services.counts import fresh_counts, public_counts_rebuild


class Command(BaseCommand):
    help = (
        "Check the public totals the pages show (published claims, rated, per verdict, sources, conflicts) "
        "against a fresh count; --rebuild refills them, e.g. after a bulk load that bypassed the services."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Refill the totals from a fresh count.")

    def handle(self, *args, rebuild=False, **options):
        if rebuild:
            with transaction.atomic():
                counts = public_counts_rebuild()
            self.stdout.write(self.style.SUCCESS(
                "Rebuilt: " + ", ".join(f"{name} {value}" for name, value in sorted(counts.items()))))
            return
        stored = dict(PublicCount.objects.values_list("name", "value"))
        wrong = {name: (stored.get(name), value) for name, value in fresh_counts().items()
                 if stored.get(name, 0) != value}
        if wrong:
            raise CommandError("The totals differ from a fresh count (stored, counted): " + ", ".join(
                f"{name} {pair}" for name, pair in sorted(wrong.items())) + ". Run with --rebuild to repair.")
        self.stdout.write(self.style.SUCCESS("The totals equal a fresh count."))
