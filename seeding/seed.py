"""Load the seed sources, entities, metrics and claims from ``seed_data``, idempotently."""
from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from django.db import transaction

from claims.models import Appearance, Claim, ClaimStatus, Conflict, Entity, EntityAlias, Metric
from claims.services import appearance_add, claim_create, conflict_flag, reference_save
from seeding import seed_data
from sources.models import Publisher, Source


@transaction.atomic
def load_seed() -> Counter:
    """Create whatever seed rows are missing and return how many of each were created.

    Rows that exist already are left as editors may have changed them.
    """
    created: Counter = Counter()
    publishers = _seed_publishers(created)
    sources = _seed_sources(created, publishers)
    entities = _seed_entities(created)
    metrics = _seed_metrics(created)
    _seed_claims(created, sources, entities, metrics)
    _seed_conflicts(created)
    return +created


def _seed_publishers(created: Counter) -> dict:
    publishers = {}
    for row in seed_data.PUBLISHERS:
        publisher = Publisher.objects.filter(name__iexact=row["name"]).first()
        if publisher is None:
            publisher = reference_save(instance=Publisher(**row))
            created["publishers"] += 1
        publishers[row["name"]] = publisher
    return publishers


def _seed_sources(created: Counter, publishers: dict) -> dict:
    sources = {}
    for row in seed_data.SOURCES:
        source = Source.objects.filter(slug=row["key"]).first()
        if source is None:
            source = reference_save(instance=Source(
                slug=row["key"],
                title=row["title"],
                publisher=publishers.get(row["publisher"]),
                authors=row["authors"],
                kind=row["kind"],
                original=sources.get(row.get("original")),
                published_on=_date(row.get("published_on")),
                updated_at_source=_datetime(row.get("updated_at_source")),
                date_note=row.get("date_note", ""),
                notes=row.get("notes", ""),
            ))
            created["sources"] += 1
        sources[row["key"]] = source
    return sources


def _seed_entities(created: Counter) -> dict:
    entities = {}
    for row in seed_data.ENTITIES:
        entity = Entity.objects.filter(name__iexact=row["name"]).first()
        if entity is None:
            entity = reference_save(instance=Entity(name=row["name"], kind=row["kind"],
                                                    description=row.get("description", "")))
            created["entities"] += 1
        for alias, note, *language in [*row["aliases"], *seed_data.NAMES_IN_OTHER_LANGUAGES.get(row["name"], [])]:
            if not EntityAlias.objects.filter(name__iexact=alias).exists():
                reference_save(instance=EntityAlias(entity=entity, name=alias, note=note, language="".join(language)))
                created["aliases"] += 1
        entities[row["name"]] = entity
    return entities


def _seed_metrics(created: Counter) -> dict:
    metrics = {}
    for row in seed_data.METRICS:
        metric = Metric.objects.filter(name__iexact=row["name"]).first()
        if metric is None:
            metric = reference_save(instance=Metric(**row))
            created["metrics"] += 1
        metrics[row["name"]] = metric
    return metrics


def _seed_claims(created: Counter, sources: dict, entities: dict, metrics: dict) -> None:
    for row in seed_data.CLAIMS:
        claim = Claim.objects.filter(slug=row["slug"]).first()
        if claim is None:
            claim = claim_create(
                slug=row["slug"],
                statement=row["statement"],
                subjects=[entities[name] for name in row["subjects"]],
                metric=metrics.get(row.get("metric")),
                figure_text=row.get("figure", ""),
                period_start=_date(row.get("period_start")),
                period_end=_date(row.get("period_end")),
                period_label=row.get("period_label", ""),
                claimant=entities[row["claimant"][0]] if "claimant" in row else None,
                claimant_role=row["claimant"][1] if "claimant" in row else "",
                status=ClaimStatus.PUBLISHED,
            )
            created["claims"] += 1
        for source_key, quote, figure_text in row["appearances"]:
            source = sources[source_key]
            if Appearance.objects.filter(claim=claim, source=source, quote=quote).exists():
                continue
            prefix, suffix = seed_data.ANCHORS[(source_key, quote)]
            appearance_add(
                claim=claim, source=source, quote=quote, prefix=prefix, suffix=suffix, figure_text=figure_text
            )
            created["appearances"] += 1


def _seed_conflicts(created: Counter) -> None:
    for row in seed_data.MANUAL_CONFLICTS:
        claims = list(Claim.objects.filter(slug__in=row["claims"]))
        before = Conflict.objects.filter(kind=Conflict.Kind.MANUAL).count()
        conflict_flag(claims=claims, note=row["note"])
        created["flagged conflicts"] += Conflict.objects.filter(kind=Conflict.Kind.MANUAL).count() - before


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
