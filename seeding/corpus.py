"""Build a realistic synthetic corpus with COPY, for benchmarks and load tests (a million claims in minutes).

Deterministic for a seed: the same seed and size give the same rows (ids aside). Claims come in
topics (metric + entities + period), some with figures that disagree, some as parts of a sum, in a
mix of states and verdicts, each with one or two appearances in sources of which some are reposts.
"""
from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta
from typing import NamedTuple

from django.db import connection, transaction
from django.utils import timezone

from claims import conflicts
from claims.bulkcopy import copy_insert
from claims.models import Appearance, Claim, ClaimStatus, Entity, EntityAlias, Metric, Verdict
from claims.services.claims import subjects_text_of
from pagecache import answers
from seeding import seed_data
from sources.models import Publisher, Source

CHUNK = 20_000
# What Claim.normalise_figure fills from a wording.
_FIGURE_FIELDS = ("figure_text", "value", "unit", "qualifier", "count_noun", "total", "canonical_value",
                  "canonical_lower", "canonical_upper")
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
    now = timezone.now()
    metrics = {}
    for row in seed_data.METRICS:
        metrics[row["name"]] = Metric.objects.filter(name__iexact=row["name"]).first() or Metric.objects.create(**row)
    source_ids = _insert_sources(rng, prefix, claims, now, counts)
    entities, alias_names = _insert_entities(rng, prefix, claims, now, counts)
    made = 0
    figures: dict[tuple[str, str], dict] = {}
    while made < claims:
        # Chunks keep memory flat at a million claims; the random sequence is the same whatever the chunk.
        inserted = _insert_claim_chunk(rng, metrics, entities, alias_names, prefix, now, made, claims, figures,
                                       source_ids, counts)
        made += inserted
        if bar:
            bar.update(inserted)
    with connection.cursor() as cursor:
        # Fresh statistics, or the planner treats the new rows as an empty table and picks nested loops.
        cursor.execute("ANALYZE claims_claim, claims_claim_subjects, claims_appearance, claims_entity, sources_source")
    answers.bump()  # bulk inserts send no save signals
    if bar:
        bar.close()
    return counts


def _insert_sources(rng, prefix, claims, now, counts) -> list[int]:
    """Insert publishers, original articles and a tenth as many reposts; return the sources' ids."""
    publishers = copy_insert(Publisher, [
        {"name": f"{_name(rng, 2)} {kind.title()} {prefix}-{i}", "slug": f"{prefix}-publisher-{i}", "kind": kind}
        for i, kind in enumerate(rng.choice(["news", "aggregator", "blog", "think_tank"])
                                 for _ in range(max(5, claims // 1000)))], now=now)
    publisher_ids = [p["id"] for p in publishers]
    counts["publishers"] = len(publishers)
    originals = copy_insert(Source, [
        {"title": f"{_name(rng, 3)} and the {_name(rng, 2)} question", "slug": f"{prefix}-source-{i}",
         "url": f"https://{prefix}.example.org/articles/{i}", "publisher_id": rng.choice(publisher_ids),
         "authors": [f"{_name(rng, 2)} {_name(rng, 3)}"], "kind": Source.Kind.ARTICLE,
         "published_on": date(2015, 1, 1) + timedelta(days=rng.randint(0, 3800))}
        for i in range(max(10, claims // 5))], now=now)
    reposts = copy_insert(Source, [
        {"title": original["title"], "slug": f"{prefix}-repost-{i}", "url": f"https://{prefix}.example.net/r/{i}",
         "publisher_id": rng.choice(publisher_ids), "authors": original["authors"], "kind": Source.Kind.REPOST,
         "original_id": original["id"], "published_on": original["published_on"] + timedelta(days=rng.randint(1, 60))}
        for i, original in enumerate(rng.sample(originals, len(originals) // 10))], now=now)
    source_ids = [s["id"] for s in originals + reposts]
    counts["sources"] = len(source_ids)
    return source_ids


def _insert_entities(rng, prefix, claims, now, counts) -> tuple[list, dict[int, list[str]]]:
    """Insert entities and an alias for every third; return them and each entity's alias names."""
    entity_kinds = ["treaty", "region", "place", "person", "country"]
    entities = copy_insert(Entity, [
        {"name": f"{_name(rng, 3)} {prefix}-{i}", "slug": f"{prefix}-entity-{i}", "kind": rng.choice(entity_kinds)}
        for i in range(max(10, claims // 2))], now=now)
    aliases = copy_insert(EntityAlias, [
        {"entity_id": entity["id"], "name": f"{_name(rng, 2)} {prefix}-alias-{i}"}
        for i, entity in enumerate(entities) if i % 3 == 0], now=now)
    counts["entities"], counts["aliases"] = len(entities), len(aliases)
    alias_names: dict[int, list[str]] = {}
    for alias in aliases:
        alias_names.setdefault(alias["entity_id"], []).append(alias["name"])
    return [_Subject(e["id"], e["name"]) for e in entities], alias_names


def _insert_claim_chunk(rng, metrics, entities, alias_names, prefix, now, made, claims, figures, source_ids,
                        counts) -> int:
    """Insert up to CHUNK claims (whole topics) with their subjects and appearances; return how many."""
    claim_rows: list[dict] = []
    subject_ids: list[list[int]] = []
    while len(claim_rows) < CHUNK and made + len(claim_rows) < claims:
        _topic(rng, metrics, entities, alias_names, prefix, now, made + len(claim_rows),
               claims - made - len(claim_rows), figures, claim_rows, subject_ids, list(_WORDINGS))
    copy_insert(Claim, claim_rows, now=now)
    copy_insert(Claim.subjects.through, [{"claim_id": claim["id"], "entity_id": entity_id}
                                         for claim, ids in zip(claim_rows, subject_ids) for entity_id in ids],
                history=False)
    appearances = []
    for claim in claim_rows:
        for source_id in rng.sample(source_ids, rng.choice([1, 1, 2])):
            appearances.append({"claim_id": claim["id"], "source_id": source_id,
                                "quote": f"… {claim['figure_text']} …", "figure_text": claim["figure_text"]})
    copy_insert(Appearance, appearances, now=now)
    counts["claims"] += len(claim_rows)
    counts["appearances"] += len(appearances)
    return len(claim_rows)


class _Subject(NamedTuple):
    pk: int
    name: str


def _topic(rng, metrics, entities, alias_names, prefix, now, first, room, figures, claim_rows, subject_ids,
           metric_names) -> None:
    """Append the claims of one topic (metric, entities, period): one to four, some disagreeing."""
    metric_name = rng.choice(metric_names)
    metric = metrics[metric_name]
    topic_entities = rng.sample(entities, 2 if metric_name == "Area ceded" and rng.random() < 0.3 else 1)
    topic_ids = [pk for pk, _ in topic_entities]
    base = {"Area ceded": rng.randint(5, 900) * 1000, "Leader meetings": rng.randint(3, 60),
            "Joint military exercises per year": rng.randint(1, 15), "Pipeline capacity": rng.randint(5, 80),
            "Year signed": rng.randint(1600, 2020), "Territorial disputes settled": rng.randint(1, 20)}[metric_name]
    period_start = date(rng.choice([2000, 2012, 2020]), 1, 1) if metric.cumulative else None
    period_end = date(2024, 1, 1) + timedelta(days=rng.randint(0, 600)) if metric.cumulative else None
    disagree_at = rng.randrange(8) if rng.random() < 0.12 else -1
    measure = conflicts.measure_key(metric_id=metric.pk, subject_ids=topic_ids, has_figure=True)
    names = " and ".join(name for _, name in topic_entities)
    subjects_text = subjects_text_of(topic_entities, alias_names)  # as the services keep it
    for position in range(min(rng.randint(1, 4), room)):
        number = first + position
        text = _figure_text(rng, metric_name, base, position == disagree_at)
        status = _weighted(rng, _STATUS_WEIGHTS)
        end = period_end if position == 0 or not metric.cumulative else period_end - timedelta(days=400)
        family, key = conflicts.comparison_keys(
            metric_id=metric.pk, cumulative=metric.cumulative, period_start=period_start, period_end=end,
            subject_ids=topic_ids, has_figure=True,
        )
        published = now - timedelta(minutes=number) if status == ClaimStatus.PUBLISHED else None
        claim_rows.append({
            "slug": f"{prefix}-claim-{number}", "statement": f"{names}: {metric_name.lower()} was {text}.",
            "metric_id": metric.pk, "period_start": period_start, "period_end": end, "status": status,
            "verdict": _weighted(rng, _VERDICT_WEIGHTS), "is_public": status == ClaimStatus.PUBLISHED,
            "published_at": published, "last_approved_at": published,
            "family_key": family, "comparison_key": key, "measure_key": measure, "subjects_text": subjects_text,
            **_figure(figures, metric, text),
        })
        subject_ids.append(topic_ids)


def _figure(cache: dict, metric: Metric, text: str) -> dict:
    """Read a wording as a saved claim would (Claim.normalise_figure), once per distinct wording."""
    found = cache.get((metric.pk, text))
    if found is None:
        claim = Claim(metric=metric, figure_text=text)
        claim.normalise_figure()
        found = cache[(metric.pk, text)] = {name: getattr(claim, name) for name in _FIGURE_FIELDS}
    return found


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
