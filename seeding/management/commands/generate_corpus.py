import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims.services import public_counts_rebuild
from seeding.corpus import generate_corpus, vacuum_analyze


class Command(BaseCommand):
    help = "Insert a deterministic synthetic corpus (sources, entities, claims, appearances) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--claims", type=int, required=True, help="How many claims to create.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed; the same seed gives the same corpus.")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, claims, seed, no_progress, **options):
        if claims < 1:
            raise CommandError("--claims must be at least 1")
        show = not no_progress and sys.stderr.isatty()
        started = time.perf_counter()
        try:
            counts = generate_corpus(
                claims=claims, seed=seed,
                progress=lambda total: tqdm(total=total, desc="claims", unit="claim", disable=not show),
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        # The corpus is bulk-inserted past the services, which keep the public totals the pages show.
        public_counts_rebuild()
        vacuum_analyze()
        summary = ", ".join(f"{count:,} {name}" for name, count in sorted(counts.items()))
        self.stdout.write(self.style.SUCCESS(f"Generated {summary} in {time.perf_counter() - started:.1f} s."))
