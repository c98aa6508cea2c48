"""The synthetic corpus: deterministic for a seed, consistent with what services would write."""
import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from claims.models import Claim, ClaimStatus
from claims.services import conflicts_detect
from seeding.corpus import generate_corpus

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


def generated_statements(seed):
    try:
        with transaction.atomic():
            generate_corpus(claims=120, seed=seed)
            statements = list(Claim.objects.order_by("slug").values_list("statement", "figure_text", "status"))
            raise Rollback
    except Rollback:
        return statements


def test_same_seed_same_corpus():
    assert generated_statements(7) == generated_statements(7)
    assert generated_statements(7) != generated_statements(8)


def test_corpus_rows_are_normalised_like_service_writes():
    counts = generate_corpus(claims=300, seed=3)
    assert counts["claims"] == Claim.objects.count() == 300
    statuses = set(Claim.objects.values_list("status", flat=True))
    assert {ClaimStatus.PUBLISHED, ClaimStatus.DRAFT} <= statuses
    for claim in Claim.objects.select_related("metric").prefetch_related("subjects")[:50]:
        family, key = claim.family_key, claim.comparison_key
        claim.normalise_figure()
        from claims.services import claim_refresh_comparison

        claim_refresh_comparison(claim=claim)
        assert (claim.family_key, claim.comparison_key) == (family, key)
    report = conflicts_detect()
    assert report.created > 0


def test_generate_corpus_command_refuses_a_second_run_with_the_same_seed():
    call_command("generate_corpus", claims=20, seed=4)
    with pytest.raises(CommandError, match="already in this database"):
        call_command("generate_corpus", claims=20, seed=4)
    with pytest.raises(CommandError, match="at least 1"):
        call_command("generate_corpus", claims=0)


def test_corpus_rows_have_their_history_and_ids_carry_on():
    """COPY writes what bulk_create_with_history wrote: one "+" history row per row, and later saves get new ids."""
    from claims.models import Appearance, Entity
    from claims.services import claim_create
    from sources.models import Source

    generate_corpus(claims=200, seed=9)
    for model in (Claim, Appearance, Entity, Source):
        assert model.history.filter(history_type="+").count() == model.objects.count() > 0
    claim = Claim.objects.order_by("pk").select_related("metric").first()
    recorded = claim.history.get()
    for name in ("statement", "figure_text", "value", "unit", "canonical_lower", "canonical_upper", "status",
                 "verdict", "is_public", "published_at", "metric_id", "created_at", "updated_at"):
        assert getattr(recorded, name) == getattr(claim, name), name
    assert Source.objects.filter(kind="repost", original__isnull=False).exists()
    assert all(source.authors for source in Source.objects.all()[:20])
    later = claim_create(statement="A claim saved after the corpus.", metric=claim.metric, figure_text="5 times")
    assert later.pk > Claim.objects.exclude(pk=later.pk).order_by("-pk").first().pk
