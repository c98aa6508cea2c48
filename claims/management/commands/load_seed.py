from django.core.management.base import BaseCommand

from claims.seed import load_seed


class Command(BaseCommand):
    help = "Load the claims of the two seed articles (idempotent: only missing rows are created)."

    def handle(self, *args, **options):
        created = load_seed()
        if created:
            summary = ", ".join(f"{count} {name}" for name, count in sorted(created.items()))
            self.stdout.write(self.style.SUCCESS(f"Seed data loaded: {summary}."))
        else:
            self.stdout.write("Seed data already loaded; nothing to add.")
