"""Full detection (one set-based pass, COPY writes) writes exactly what the scoped path, the reference, writes."""
from datetime import date

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims import services
from claims.models import ChangeEvent, Claim, Conflict, ConflictMember, Entity, Metric
from claims.services import claim_create, conflicts_detect
from seeding.corpus import generate_corpus
from tests.factories import EntityFactory, SourceFactory

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


def snapshot() -> dict:
    """Everything detection writes, keyed so that two runs compare whatever ids they got."""
    conflicts = {
        c.comparison_key: (c.kind, c.status, c.title, c.metric_id, c.difference, c.ratio, c.figures_signature,
                           c.note, c.is_public, c.public_difference, c.public_ratio,
                           frozenset((m.claim_id, m.is_part, m.rank, m.rank_reason) for m in c.members.all()))
        for c in Conflict.objects.prefetch_related("members")
    }
    history = sorted(Conflict.history.values_list("comparison_key", "history_type", "title", "metric_id", "status",
                                                  "difference", "ratio", "figures_signature", "history_user_id"))
    member_history = sorted(ConflictMember.history.values_list("conflict__comparison_key", "claim_id", "is_part",
                                                               "rank", "history_type"))
    return {"conflicts": conflicts, "history": history, "member history": member_history}


def reference_detect():
    """Detect through the scoped path with every key in scope: the per-conflict ORM writes."""
    compared = Claim.objects.exclude(comparison_key="")
    return conflicts_detect(
        comparison_keys=set(compared.values_list("comparison_key", flat=True)),
        family_keys=set(compared.values_list("family_key", flat=True)),
        entity_ids=set(Entity.objects.values_list("pk", flat=True)),
        measure_keys=set(compared.values_list("measure_key", flat=True)),
    )


def forget_conflicts():
    """Start detection from nothing (claim_create already detected conflicts save by save)."""
    ConflictMember.objects.all().delete()
    ChangeEvent.objects.filter(conflict__isnull=False).delete()  # the feed keeps conflicts it told of
    Conflict.objects.all().delete()
    ConflictMember.history.all().delete()
    Conflict.history.all().delete()


def run_and_roll_back(detect):
    try:
        with transaction.atomic():
            report = detect()
            found = snapshot()
            raise Rollback
    except Rollback:
        return report, found


def add_sums_and_nested_periods():
    """Add what a random corpus rarely holds: a sum of parts from one origin, and a count over a nested period."""
    area, meetings = Metric.objects.get(name="Area ceded"), Metric.objects.get(name="Leader meetings")
    aigun, peking, leaders = EntityFactory(), EntityFactory(), EntityFactory()
    original = SourceFactory()
    repost = SourceFactory(original=original, kind="repost")
    for figure, subjects, source in [("approximately 150,000 square miles", [aigun], original),
                                     ("a further 100,000 square miles", [peking], repost),
                                     ("over 900,000 square kilometers", [aigun, peking], SourceFactory())]:
        claim = claim_create(statement=f"Claim: {figure}", subjects=subjects, metric=area, figure_text=figure)
        services.appearance_add(claim=claim, source=source, quote=f"… {figure} …")
    claim_create(statement="They met 30 times from 2012 to 2024.", metric=meetings, subjects=[leaders],
                 figure_text="30 times", period_start=date(2012, 1, 1), period_end=date(2024, 12, 31))
    claim_create(statement="They met 42 times from 2013 to 2023.", metric=meetings, subjects=[leaders],
                 figure_text="42 times", period_start=date(2013, 1, 1), period_end=date(2023, 10, 31))


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=1, max_value=10_000), size=st.integers(min_value=200, max_value=1500))
def test_full_detection_writes_what_the_reference_writes(seed, size):
    try:
        with transaction.atomic():
            generate_corpus(claims=size, seed=seed)
            add_sums_and_nested_periods()
            forget_conflicts()
            full_report, full = run_and_roll_back(conflicts_detect)
            reference_report, reference = run_and_roll_back(reference_detect)
            raise Rollback
    except Rollback:
        pass
    assert full == reference
    assert full_report == reference_report
    kinds = [members for *_, members in full["conflicts"].values()]
    assert any(is_part for members in kinds for _, is_part, *_ in members), "no sum was compared"
    assert len(full["conflicts"]) > 2 and full_report.created == len(full["conflicts"])


def test_full_rerun_over_the_reference_changes_nothing():
    """A full run after the scoped one finds every conflict unchanged, and a scoped run after a full one too."""
    generate_corpus(claims=600, seed=5)
    add_sums_and_nested_periods()
    forget_conflicts()
    created = reference_detect().created
    before = snapshot()
    report = conflicts_detect()
    assert (report.created, report.unchanged, report.updated, report.closed) == (0, created, 0, 0)
    assert snapshot() == before
    forget_conflicts()
    assert conflicts_detect().created == created
    assert reference_detect().unchanged == created
