"""Build a realistic synthetic corpus with bulk inserts, for benchmarks and load tests.

Deterministic for a seed: the same seed and size give the same rows (ids aside). Claims come in
topics (metric + entities + period), some with figures that disagree, some as parts of a sum, in a
mix of states and verdicts, each with one or two appearances in sources of which some are reposts.
"""
from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from claims import conflicts
from seeding import seed_data
from reader import pagecache
from claims.models import Appearance, Claim, ClaimStatus, Entity, EntityAlias, Metric, Verdict
from claims.services.claims import subjects_text_of
from sources.models import Publisher, Source

BATCH = 5000
_SYLLABLES = ["ka", "zan", "mor", "vel", "tri", "don", "ash", "ul", "ber", "gin", "sol", "pa", "rek", "iv", "nor",
              "tam", "el", "vos", "chu", "lin", "ost", "ra", "me", "dar"]
_STATUS_WEIGHTS = [(ClaimStatus.PUBLISHED, 70), (ClaimStatus.DRAFT, 10), (ClaimStatus.IN_REVIEW, 10),
                   (ClaimStatus.CHANGES_REQUESTED, 4), (ClaimStatus.REJECTED, 3), (ClaimStatus.WITHDRAWN, 3)]
_VERDICT_WEIGHTS = [(Verdict.NOT_YET_RATED, 40), (Verdict.ACCURATE, 25), (Verdict.MOSTLY_ACCURATE, 15),
                    (Verdict.MISLEADING, 8), (Verdict.INACCURATE, 8), (Verdict.UNSUPPORTED, 4)]
# (metric name, ways of wording a figure for it); {v} is the value in the first unit.
_WORDINGS = {
    "Area ceded": [("{v:,} square kilometers", 1.0), ("{m:,} square miles", 0.386102), ("over {v:,} km²", 1.0),
                   ("approximately {v:,} square kilometres", 1.0)],
    "Leader meetings": [("over {v} times", 1.0), ("{v} times", 1.0), ("more than {v} meetings", 1.0)],
    "Joint military exercises per year": [("{v} exercises", 1.0)],
    "Pipeline capacity": [("up to {v} billion cubic meters annually", 1.0), ("{v} bcm a year", 1.0)],
    "Year signed": [("{v}", 1.0)],
    "Territorial disputes settled": [("{v} of its {t} territorial disputes", 1.0)],
}


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def _weighted(rng: random.Random, weights):
    values, counts = zip(*weights)
    return rng.choices(values, counts)[0]


def _figure_text(rng: random.Random, metric: str, base: int, disagree: bool) -> str:
    template, factor = rng.choice(_WORDINGS[metric])
    if metric == "Year signed":
        return template.format(v=base + (rng.randint(2, 30) if disagree else 0))
    value = int(base * (rng.choice([0.45, 1.8]) if disagree else 1))
    if metric == "Area ceded":
        return template.format(v=int(round(value, -3)), m=int(round(value * factor, -3)))
    if metric == "Territorial disputes settled":
        return template.format(v=value, t=value + rng.randint(1, 10))
    return template.format(v=value)


@transaction.atomic
def generate_corpus(*, claims: int, seed: int = 1, progress=None) -> Counter:
    """Insert ``claims`` synthetic claims with their sources, entities and appearances."""
    rng = random.Random(seed)
    prefix = f"synthetic-s{seed}"
    if Source.objects.filter(slug__startswith=prefix).exists():
        raise ValueError(f"a corpus for seed {seed} is already in this database; use another seed or database")
    counts: Counter = Counter()
    bar = progress(total=claims) if progress else None

    metrics = {}
    for row in seed_data.METRICS:
        metric = Metric.objects.filter(name__iexact=row["name"]).first() or Metric.objects.create(**row)
        metrics[row["name"]] = metric

    publishers = bulk_create_with_history(
        [Publisher(name=f"{_name(rng, 2)} {kind.title()} {prefix}-{i}", slug=f"{prefix}-publisher-{i}", kind=kind)
         for i, kind in enumerate(rng.choice(["news", "aggregator", "blog", "think_tank"])
                                  for _ in range(max(5, claims // 1000)))],
        Publisher, batch_size=BATCH,
    )
    counts["publishers"] = len(publishers)

    originals = bulk_create_with_history(
        [Source(title=f"{_name(rng, 3)} and the {_name(rng, 2)} question", slug=f"{prefix}-source-{i}",
                url=f"https://{prefix}.example.org/articles/{i}", publisher=rng.choice(publishers),
                authors=[f"{_name(rng, 2)} {_name(rng, 3)}"], kind=Source.Kind.ARTICLE,
                published_on=date(2015, 1, 1) + timedelta(days=rng.randint(0, 3800)))
         for i in range(max(10, claims // 5))],
        Source, batch_size=BATCH,
    )
    reposts = bulk_create_with_history(
        [Source(title=original.title, slug=f"{prefix}-repost-{i}", url=f"https://{prefix}.example.net/r/{i}",
                publisher=rng.choice(publishers), authors=original.authors, kind=Source.Kind.REPOST,
                original=original, published_on=original.published_on + timedelta(days=rng.randint(1, 60)))
         for i, original in enumerate(rng.sample(originals, len(originals) // 10))],
        Source, batch_size=BATCH,
    )
    sources = originals + reposts
    counts["sources"] = len(sources)

    entity_kinds = ["treaty", "region", "place", "person", "country"]
    entities = bulk_create_with_history(
        [Entity(name=f"{_name(rng, 3)} {prefix}-{i}", slug=f"{prefix}-entity-{i}", kind=rng.choice(entity_kinds))
         for i in range(max(10, claims // 2))],
        Entity, batch_size=BATCH,
    )
    aliases = bulk_create_with_history(
        [EntityAlias(entity=entity, name=f"{_name(rng, 2)} {prefix}-alias-{i}")
         for i, entity in enumerate(entities) if i % 3 == 0],
        EntityAlias, batch_size=BATCH,
    )
    counts["entities"], counts["aliases"] = len(entities), len(aliases)
    alias_names: dict[int, list[str]] = {}
    for alias in aliases:
        alias_names.setdefault(alias.entity_id, []).append(alias.name)

    now = timezone.now()
    metric_names = list(_WORDINGS)
    claim_rows: list[Claim] = []
    subject_ids: list[list[int]] = []
    while len(claim_rows) < claims:
        metric_name = rng.choice(metric_names)
        metric = metrics[metric_name]
        topic_entities = rng.sample(entities, 2 if metric_name == "Area ceded" and rng.random() < 0.3 else 1)
        base = {"Area ceded": rng.randint(5, 900) * 1000, "Leader meetings": rng.randint(3, 60),
                "Joint military exercises per year": rng.randint(1, 15), "Pipeline capacity": rng.randint(5, 80),
                "Year signed": rng.randint(1600, 2020), "Territorial disputes settled": rng.randint(1, 20)}[metric_name]
        period_start = date(rng.choice([2000, 2012, 2020]), 1, 1) if metric.cumulative else None
        period_end = date(2024, 1, 1) + timedelta(days=rng.randint(0, 600)) if metric.cumulative else None
        disagree_at = rng.randrange(8) if rng.random() < 0.12 else -1
        for position in range(min(rng.randint(1, 4), claims - len(claim_rows))):
            text = _figure_text(rng, metric_name, base, position == disagree_at)
            status = _weighted(rng, _STATUS_WEIGHTS)
            claim = Claim(
                slug=f"{prefix}-claim-{len(claim_rows)}",
                statement=f"{' and '.join(e.name for e in topic_entities)}: {metric_name.lower()} was {text}.",
                metric=metric, figure_text=text, period_start=period_start,
                period_end=period_end if position == 0 or not metric.cumulative else period_end - timedelta(days=400),
                status=status, verdict=_weighted(rng, _VERDICT_WEIGHTS), is_public=status == ClaimStatus.PUBLISHED,
                published_at=now - timedelta(minutes=len(claim_rows)) if status == ClaimStatus.PUBLISHED else None,
                last_approved_at=now - timedelta(minutes=len(claim_rows)) if status == ClaimStatus.PUBLISHED else None,
                subjects_text=subjects_text_of(topic_entities, alias_names),  # as the services keep it
            )
            claim.metric = metric
            claim.normalise_figure()
            claim.family_key, claim.comparison_key = conflicts.comparison_keys(
                metric_id=metric.pk, cumulative=metric.cumulative, period_start=claim.period_start,
                period_end=claim.period_end, subject_ids=[e.pk for e in topic_entities], has_figure=True,
            )
            claim.measure_key = conflicts.measure_key(metric_id=metric.pk, subject_ids=[e.pk for e in topic_entities],
                                                      has_figure=True)
            claim_rows.append(claim)
            subject_ids.append([e.pk for e in topic_entities])
            if bar:
                bar.update(1)

    created_claims = bulk_create_with_history(claim_rows, Claim, batch_size=BATCH)
    Through = Claim.subjects.through
    Through.objects.bulk_create(
        [Through(claim_id=claim.pk, entity_id=entity_id)
         for claim, ids in zip(created_claims, subject_ids) for entity_id in ids],
        batch_size=BATCH,
    )
    appearances = []
    for claim in created_claims:
        for source in rng.sample(sources, rng.choice([1, 1, 2])):
            appearances.append(Appearance(claim=claim, source=source, quote=f"… {claim.figure_text} …",
                                          figure_text=claim.figure_text))
    bulk_create_with_history(appearances, Appearance, batch_size=BATCH)
    counts["claims"], counts["appearances"] = len(created_claims), len(appearances)
    with connection.cursor() as cursor:
        # Fresh statistics, or the planner treats the new rows as an empty table and picks nested loops.
        cursor.execute("ANALYZE claims_claim, claims_claim_subjects, claims_appearance, claims_entity, sources_source")
    pagecache.bump()  # bulk inserts send no save signals
    if bar:
        bar.close()
    return counts


def vacuum_analyze() -> None:
    """VACUUM the bulk-loaded tables, as autovacuum would: index-only scans need the visibility map.

    VACUUM cannot run inside a transaction: within one (a test, a caller's atomic block) this only
    analyses, which generate_corpus has done already.
    """
    if connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) claims_claim, claims_claim_subjects, claims_appearance, claims_entity, "
                       "claims_conflict, claims_conflictmember, sources_source")
