from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from seeding import seed_data
from seeding.seed import load_seed
from sources.models import Source


class Command(BaseCommand):
    help = (
        "Load the claims of the two seed articles (idempotent: only missing rows are created), and capture "
        "the articles themselves as snapshots when CROSSCHECK_SEED_ARTICLES_DIR holds them."
    )

    def handle(self, *args, **options):
        created = load_seed()
        if created:
            summary = ", ".join(f"{count} {name}" for name, count in sorted(created.items()))
            self.stdout.write(self.style.SUCCESS(f"Seed data loaded: {summary}."))
        else:
            self.stdout.write("Seed data already loaded; nothing to add.")
        self._capture_articles()

    def _capture_articles(self):
        """Snapshot the seed files into their sources, so quotes are anchored and source pages show text."""
        from imports.services import import_captured, read_file

        directory = Path(settings.CROSSCHECK_SEED_ARTICLES_DIR)
        if not any((directory / filename).is_file() for filename in seed_data.SEED_FILES.values()):
            # A clone with nothing beside it: say so once, rather than leave empty source pages unexplained.
            self.stdout.write(self.style.WARNING(
                f"Seed articles absent from {directory}: the seed claims are loaded, but their sources get no "
                "captured text (quotes stay unanchored, source pages show no text). Put the articles there "
                "(../shared/seeds beside the clone) or set CROSSCHECK_SEED_ARTICLES_DIR, then run load_seed again."))
            return
        for source_key, filename in seed_data.SEED_FILES.items():
            path = directory / filename
            source = Source.objects.filter(slug=source_key).first()
            if source is None or not path.is_file():
                continue
            result = import_captured(read_file(path), source=source, propose=False)
            if result.snapshot_created:
                anchors = ", ".join(f"{n} {k}" for k, n in sorted(result.anchors.items()))
                self.stdout.write(f"Captured {filename} into “{source.title}”: quotes anchored {anchors}.")
