"""Integrity rules held by the database, and the normalisation models do on save."""
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from claims.models import Claim, Entity, EntityAlias, Metric
from sources.models import Snapshot, SnapshotImmutable, Source, text_sha256
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    EntityAliasFactory,
    EntityFactory,
    MetricFactory,
    SnapshotFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def raises_integrity(fn):
    with pytest.raises(IntegrityError), transaction.atomic():
        fn()


def test_claim_figure_is_normalised_to_the_metric_unit():
    metric = MetricFactory(canonical_unit="square kilometres")
    claim = ClaimFactory(metric=metric, figure_text="over 900,000 square kilometers")
    assert metric.canonical_unit == "km²" and metric.dimension == "area"
    assert (claim.value, claim.unit, claim.qualifier) == (900000, "km²", "over")
    assert claim.canonical_lower == 900000 and claim.canonical_upper is None

    claim.figure_text = "350,000 square miles"
    claim.save()
    claim.refresh_from_db()
    assert claim.canonical_lower == pytest.approx(893_546, rel=1e-4)
    assert claim.canonical_upper == pytest.approx(919_445, rel=1e-4)
    assert claim.canonical_figure == "893,546–919,446 km²"
    assert claim.stated_figure == "350,000 sq mi"


def test_figure_in_the_wrong_dimension_is_refused():
    claim = ClaimFactory.build(metric=MetricFactory(), figure_text="11 exercises")
    with pytest.raises(ValidationError, match="cannot convert count"):
        claim.full_clean()


def test_unreadable_figure_is_a_validation_error_naming_the_input():
    claim = ClaimFactory.build(metric=MetricFactory(), figure_text="lots of land")
    with pytest.raises(ValidationError, match="no number found in 'lots of land'"):
        claim.full_clean()


def test_a_range_keeps_both_ends_in_the_canonical_interval():
    claim = ClaimFactory(metric=MetricFactory(canonical_unit="count"), figure_text="9–11 exercises")
    claim.refresh_from_db()
    assert claim.value == 9 and (claim.canonical_lower, claim.canonical_upper) == (9, 11)
    assert claim.stated_figure == "9–11 exercises" and claim.canonical_figure == "9–11"


@pytest.mark.parametrize("figure_text, message", [
    ("999999999999999999999999999999 km²", "too large"),  # numeric(30, 6) would overflow: DataError, a 500
    ("-5 km²", "negative figure"),
    ("1e308 km²", "too large"),
])
def test_figures_the_database_cannot_hold_are_refused_before_saving(figure_text, message):
    claim = ClaimFactory.build(metric=MetricFactory(), figure_text=figure_text)
    with pytest.raises(ValidationError, match=message):
        claim.full_clean()


def test_a_zero_figure_saves_with_an_interval_that_starts_at_zero():
    claim = ClaimFactory(metric=MetricFactory(), figure_text="0 km²")  # was an IntegrityError, a 409 "clash"
    claim.refresh_from_db()
    assert claim.value == 0 and claim.canonical_lower == 0 and claim.canonical_upper == 0.5


def test_claim_without_figure_has_no_interval():
    claim = ClaimFactory(metric=None, figure_text="")
    assert claim.value is None and claim.unit == "" and claim.canonical_lower is None


def test_url_unique_only_when_present():
    SourceFactory(url="")
    SourceFactory(url="")
    SourceFactory(url="https://example.org/a")
    raises_integrity(lambda: SourceFactory(url="https://example.org/a"))


def test_source_cannot_be_its_own_original():
    source = SourceFactory()
    source.original = source
    raises_integrity(source.save)


def test_repost_resolves_to_its_origin():
    original = SourceFactory()
    copy_of_copy = SourceFactory(original=SourceFactory(original=original))
    assert copy_of_copy.origin == original and copy_of_copy.is_repost and not original.is_repost


def test_aliases_are_unique_ignoring_case():
    EntityAliasFactory(name="Treaty of Beijing")
    raises_integrity(lambda: EntityAliasFactory(name="treaty of BEIJING"))


def test_alias_may_not_be_another_entitys_name():
    EntityFactory(name="Vladivostok")
    alias = EntityAlias(entity=EntityFactory(name="Harbin"), name="vladivostok")
    with pytest.raises(ValidationError, match="already the name of another entity"):
        alias.full_clean()


def test_entity_matching_resolves_names_and_aliases():
    peking = EntityFactory(name="Convention of Peking")
    EntityAliasFactory(entity=peking, name="Treaty of Beijing")
    assert list(Entity.objects.matching("treaty of  beijing")) == [peking]
    assert list(Entity.objects.matching("CONVENTION OF PEKING")) == [peking]
    assert not Entity.objects.matching("Treaty of Aigun").exists()


def test_entity_names_unique_ignoring_case():
    EntityFactory(name="Amur River")
    raises_integrity(lambda: EntityFactory(name="amur river"))


@pytest.mark.parametrize(
    "field_values",
    [
        {"canonical_lower": 10.0, "canonical_upper": 5.0},
        {"canonical_lower": -1.0},
        {"value": -5, "unit": "km²"},
        {"value": 5, "unit": ""},
        {"value": 30, "unit": "count", "total": 20},
        {"statement": ""},
        {"status": "published", "published_at": None},
        {"period_start": "2024-01-01", "period_end": "2023-01-01"},
    ],
)
def test_claim_check_constraints(field_values):
    claim = ClaimFactory(metric=None, figure_text="")
    raises_integrity(lambda: Claim.objects.filter(pk=claim.pk).update(**field_values))


def test_metric_unit_must_be_known():
    with pytest.raises(ValidationError, match="unknown unit 'furlongs per fortnight'"):
        Metric(name="Speed", canonical_unit="furlongs per fortnight").full_clean()


def test_appearance_offsets_must_be_ordered():
    appearance = AppearanceFactory()
    raises_integrity(lambda: type(appearance).objects.filter(pk=appearance.pk).update(start_offset=10, end_offset=5))
    raises_integrity(lambda: type(appearance).objects.filter(pk=appearance.pk).update(start_offset=10))


def test_appearance_quote_must_sit_at_its_offsets():
    snapshot = SnapshotFactory()
    appearance = AppearanceFactory.build(
        claim=ClaimFactory(), source=snapshot.source, snapshot=snapshot, quote="Treaty of Aigun",
        start_offset=0, end_offset=15,
    )
    with pytest.raises(ValidationError, match="not at these offsets"):
        appearance.full_clean()
    appearance.start_offset, appearance.end_offset = 9, 24
    appearance.full_clean()


def test_evidence_is_protected():
    appearance = AppearanceFactory()
    with pytest.raises(ProtectedError):
        appearance.claim.delete()
    with pytest.raises(ProtectedError):
        appearance.source.delete()
    with pytest.raises(ProtectedError):
        appearance.claim.metric.delete()


def test_snapshot_is_immutable_and_hashed():
    snapshot = SnapshotFactory()
    assert snapshot.sha256 == text_sha256(snapshot.text) and len(snapshot.sha256) == 64
    snapshot.text = "edited"
    with pytest.raises(SnapshotImmutable):
        snapshot.save()
    assert Snapshot.objects.get(pk=snapshot.pk).text != "edited"
    with pytest.raises(ProtectedError):
        Source.objects.filter(pk=snapshot.source_id).delete()


def test_same_text_captured_twice_is_one_snapshot():
    snapshot = SnapshotFactory()
    raises_integrity(lambda: SnapshotFactory(source=snapshot.source, text=snapshot.text))


def test_history_records_changes_with_their_author(admin_user):
    claim = ClaimFactory()
    claim.statement = "Changed statement."
    claim._history_user = admin_user
    claim.save()
    latest = claim.history.latest()
    assert latest.statement == "Changed statement." and latest.history_user == admin_user
    assert claim.history.count() == 2
