"""Conflict detection: the full run, an idempotent rerun, and the incremental path per save."""
import random

from bench.common import median_ms, p95_ms, timed


def run(size: int) -> list[dict]:
    from claims.models import Claim, Conflict
    from claims.services import claim_update, conflicts_detect

    first_seconds, first = timed(conflicts_detect)
    rerun_seconds, rerun = timed(conflicts_detect)
    rng = random.Random(2)
    ids = list(Claim.objects.exclude(comparison_key="").filter(status="draft").values_list("pk", flat=True)[:5000])
    saves, detections = [], []
    for claim in Claim.objects.select_related("metric").filter(pk__in=rng.sample(ids, min(100, len(ids)))):
        seconds, _ = timed(claim_update, claim=claim, statement=claim.statement + " ")
        saves.append(seconds)
        subjects = set(claim.subjects.values_list("pk", flat=True))
        # The scope a save detects in (claim_refresh_comparison): its keys, its subjects' sums, nested periods.
        seconds, _ = timed(conflicts_detect, comparison_keys={claim.comparison_key},
                           family_keys={claim.family_key}, entity_ids=subjects, measure_keys={claim.measure_key})
        detections.append(seconds)
    return [{
        "claims": f"{size:,}",
        "full detection (s)": f"{first_seconds:.2f}",
        "conflicts": f"{first.created:,}",
        "rerun (s)": f"{rerun_seconds:.2f}",
        "rerun new": rerun.created,
        "detection per save, median (ms)": f"{median_ms(detections):.1f}",
        "p95 (ms)": f"{p95_ms(detections):.1f}",
        "whole save, median (ms)": f"{median_ms(saves):.1f}",
        "open conflicts": f"{Conflict.objects.open().count():,}",
    }]
