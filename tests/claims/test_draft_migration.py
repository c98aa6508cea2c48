"""The data migration that moves corrections drafted in the claim's row aside, and back again."""
from importlib import import_module

import pytest
from django.apps import apps

from claims.models import Claim, ClaimDraft
from claims.services import claim_create
from tests.factories import EntityFactory, MetricFactory

pytestmark = pytest.mark.django_db
migration = import_module("claims.migrations.0021_claim_rows_hold_published_versions")


def test_a_correction_drafted_in_the_row_moves_aside_and_the_row_takes_back_the_approved_version():
    metric, entity = MetricFactory(name="Area", canonical_unit="km²"), EntityFactory()
    claim = claim_create(statement="The treaty ceded 100 km².", subjects=[entity], metric=metric,
                         figure_text="100 km²", status="published")
    approved_key = Claim.objects.get(pk=claim.pk).comparison_key
    untouched = claim_create(statement="Published and not under correction.", status="published")
    # The old storage: the row held the draft; readers' reads rebuilt the approved version from history.
    Claim.objects.filter(pk=claim.pk).update(status="draft", statement="Draft: 300 km².", figure_text="300 km²",
                                             value=300, canonical_value=300.0, canonical_lower=300.0,
                                             canonical_upper=300.0, verdict="inaccurate", period_label="in 1860",
                                             comparison_key="stale")

    migration.forwards(apps, None)
    row = Claim.objects.get(pk=claim.pk)
    assert (row.statement, row.figure_text, row.verdict, row.period_label) == \
        ("The treaty ceded 100 km².", "100 km²", "not_yet_rated", "")
    assert row.status == "draft" and row.comparison_key == approved_key
    draft = ClaimDraft.objects.get(claim=claim)
    assert (draft.statement, draft.figure_text, draft.verdict, draft.period_label) == \
        ("Draft: 300 km².", "300 km²", "inaccurate", "in 1860")
    assert not ClaimDraft.objects.filter(claim=untouched).exists()

    migration.backwards(apps, None)
    row = Claim.objects.get(pk=claim.pk)
    assert (row.statement, row.verdict) == ("Draft: 300 km².", "inaccurate") and not ClaimDraft.objects.exists()
