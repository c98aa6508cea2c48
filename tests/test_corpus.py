"""The synthetic corpus: deterministic for a seed, consistent with what services would write."""
import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from seeding.corpus import generate_corpus
from claims.models import Claim, ClaimStatus
from claims.services import conflicts_detect

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
