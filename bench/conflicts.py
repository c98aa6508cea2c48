"""Benchmark conflict detection: full runs at 10,000 and 100,000 claims, and the incremental path.

Run with `make bench` (or `.venv/bin/python -m bench.conflicts [sizes…]`). Uses its own database.
"""
import random
import sys

from bench.common import median_ms, p95_ms, print_table, reset_corpus, setup_django, timed, write_results


def main(sizes: list[int]) -> None:
    setup_django()
    from claims.corpus import generate_corpus
    from claims.models import Claim, Conflict
    from claims.services import claim_update, conflicts_detect

    rows = []
    for size in sizes:
        reset_corpus()
        generate_seconds, _ = timed(generate_corpus, claims=size, seed=1)
        first_seconds, first = timed(conflicts_detect)
        rerun_seconds, rerun = timed(conflicts_detect)

        rng = random.Random(2)
        ids = list(Claim.objects.exclude(comparison_key="").values_list("pk", flat=True)[:5000])
        saves, detections = [], []
        for claim in Claim.objects.select_related("metric").filter(pk__in=rng.sample(ids, min(100, len(ids)))):
            seconds, _ = timed(claim_update, claim=claim, statement=claim.statement + " ")
            saves.append(seconds)
            subjects = set(claim.subjects.values_list("pk", flat=True))
            seconds, _ = timed(conflicts_detect, comparison_keys={claim.comparison_key},
                               family_keys={claim.family_key}, entity_ids=subjects)
            detections.append(seconds)
        rows.append({
            "claims": f"{size:,}",
            "generate (s)": f"{generate_seconds:.1f}",
            "full detection (s)": f"{first_seconds:.2f}",
            "conflicts": f"{first.created:,}",
            "rerun (s)": f"{rerun_seconds:.2f}",
            "rerun new": rerun.created,
            "detection per save, median (ms)": f"{median_ms(detections):.1f}",
            "p95 (ms)": f"{p95_ms(detections):.1f}",
            "whole save, median (ms)": f"{median_ms(saves):.1f}",
            "open conflicts": f"{Conflict.objects.open().count():,}",
        })
        print(f"done: {size:,} claims", file=sys.stderr)
    print_table(rows)
    print(f"JSON: {write_results('conflicts', rows)}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [10_000, 100_000])
