"""Rows for the admin's changelists, made through factories and services, for query-count tests."""
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    EntityAliasFactory,
    EntityFactory,
    MetricFactory,
    SnapshotFactory,
    SourceFactory,
    UserFactory,
)


def make_claim_rows(n):
    metric = MetricFactory()
    for _ in range(n):
        claim = ClaimFactory(metric=metric, subjects=[EntityFactory(), EntityFactory()])
        AppearanceFactory(claim=claim)


def make_entity_rows(n):
    for _ in range(n):
        EntityAliasFactory(entity=EntityFactory())


def make_source_rows(n):
    for _ in range(n):
        SnapshotFactory(source=SourceFactory(original=SourceFactory()))


def make_reviews(n):
    from claims.services import claim_create, claim_transition

    user = UserFactory(is_superuser=True)
    for i in range(n):
        claim_transition(claim=claim_create(statement=f"Review me {i}"), action="submit", user=user)
