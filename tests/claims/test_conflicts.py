"""Conflict detection (pairs, sums, cumulative counts, reposts), idempotency and resolution."""
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services
from claims.models import Claim, ClaimStatus, Conflict, ConflictMember, Entity, independent_sources
from claims.roles import CONTRIBUTOR, EDITOR
from claims.services import ServiceError, claim_create, claim_update, conflicts_detect
from tests.factories import EntityAliasFactory, EntityFactory, MetricFactory, SourceFactory, user_with_role
from tests.workflow import PUBLISHED, move, put_in_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def area():
    return MetricFactory(name="Area ceded", canonical_unit="km²", additive=True)


@pytest.fixture
def aigun():
    return EntityFactory(name="Treaty of Aigun")


@pytest.fixture
def peking():
    peking = EntityFactory(name="Convention of Peking")
    EntityAliasFactory(entity=peking, name="Treaty of Beijing")
    return peking


def make(figure, subjects, metric, source=None, **fields):
    claim = claim_create(statement=f"Claim: {figure}", subjects=subjects, metric=metric, figure_text=figure, **fields)
    if source is not None:
        services.appearance_add(claim=claim, source=source, quote=f"… {figure} …")
    return claim


def open_conflicts():
    return Conflict.objects.filter(status=Conflict.Status.OPEN)


def members(conflict):
    return {(m.claim_id, m.is_part) for m in conflict.members.all()}


@pytest.mark.parametrize("first, second, conflicting", [
    ("101 km²", "111 km²", True),           # 100.5–101.5 vs 110.5–111.5
    ("101 km²", "101.5 km²", False),        # 100.5–101.5 vs 101.45–101.55
    ("101 km²", "102 km²", False),          # edges touch at 101.5: touching intervals overlap
    ("101 km²", "102.1 km²", True),         # 101.5 < 102.05
    ("over 101 km²", "91 km²", True),       # [101, ∞) vs 90.5–91.5
    ("over 101 km²", "101 km²", False),     # [101, ∞) vs 100.5–101.5
    ("up to 51 km²", "51 km²", False),      # [0, 51] vs 50.5–51.5
    ("up to 51 km²", "61 km²", True),
    ("approximately 151 km²", "161 km²", False),  # ±15.1
    ("approximately 151 km²", "171 km²", True),
    ("100 km²", "110 km²", False),          # "100" has one significant figure: 50–150
])
def test_interval_overlap_decides(area, aigun, first, second, conflicting):
    a, b = make(first, [aigun], area), make(second, [aigun], area)
    assert open_conflicts().exists() == conflicting
    if conflicting:
        assert members(open_conflicts().get()) == {(a.pk, False), (b.pk, False)}


def test_units_are_converted_before_comparing(area, aigun, peking):
    make("over 900,000 square kilometers", [aigun, peking], area)
    make("350,000 square miles", [aigun, peking], area)  # 893,546–919,446 km²: consistent
    assert not Conflict.objects.exists()
    make("250,000 square miles", [aigun, peking], area)
    conflict = open_conflicts().get()
    assert conflict.difference == pytest.approx(258_999, rel=1e-4)  # 350,000 vs 250,000 sq mi
    assert conflict.ratio == pytest.approx(1.4)
    assert conflict.difference_display == "258,999 km² (100,000 sq mi)"


def test_different_subjects_metrics_or_periods_are_not_comparable(area, aigun, peking):
    make("100 km²", [aigun], area)
    make("500 km²", [peking], area)
    make("500 km²", [aigun], MetricFactory(canonical_unit="km²"))
    make("500 km²", [aigun], area, period_start="1900-01-01")
    assert not Conflict.objects.exists()


def test_aliases_resolve_to_one_entity(area, aigun, peking):
    beijing = Entity.objects.matching("Treaty of Beijing").get()
    first = make("100 km²", [aigun, peking], area)
    second = make("300 km²", [beijing, aigun], area)
    assert first.comparison_key == second.comparison_key
    assert open_conflicts().count() == 1


def test_additive_parts_are_summed_against_the_combined_figure(area, aigun, peking):
    capek, tully = SourceFactory(), SourceFactory()
    part_a = make("approximately 150,000 square miles", [aigun], area, capek)
    part_b = make("a further 100,000 square miles", [peking], area, capek)
    assert not Conflict.objects.exists()  # parts of different entities do not conflict
    agrees = make("250,000 square miles", [aigun, peking], area, capek)
    assert not Conflict.objects.exists()  # 150,000 + 100,000 agrees with 250,000
    combined = make("over 900,000 square kilometers", [aigun, peking], area, tully)
    conflict = open_conflicts().get()
    assert members(conflict) == {(combined.pk, False), (agrees.pk, False), (part_a.pk, True), (part_b.pk, True)}


def test_parts_from_different_origins_are_not_summed(area, aigun, peking):
    make("approximately 150,000 square miles", [aigun], area, SourceFactory())
    make("a further 100,000 square miles", [peking], area, SourceFactory())
    make("over 900,000 square kilometers", [aigun, peking], area, SourceFactory())
    assert not Conflict.objects.exists()


def test_a_repost_counts_as_its_original(area, aigun, peking):
    original = SourceFactory()
    repost = SourceFactory(original=original, kind="repost")
    part_a = make("approximately 150,000 square miles", [aigun], area, original)
    part_b = make("a further 100,000 square miles", [peking], area, repost)
    make("over 900,000 square kilometers", [aigun, peking], area, SourceFactory())
    # One origin: the repost's part and the original's part add up.
    assert {(part_a.pk, True), (part_b.pk, True)} <= members(open_conflicts().get())
    services.appearance_add(claim=part_a, source=repost, quote="copied quote")
    counted = Claim.objects.annotate(independent_sources=independent_sources()).get(pk=part_a.pk)
    assert counted.independent_sources == 1  # the repost does not confirm its original


def test_non_additive_metrics_are_not_summed(aigun, peking):
    metric = MetricFactory(canonical_unit="km²", additive=False)
    source = SourceFactory()
    make("100 km²", [aigun], metric, source)
    make("100 km²", [peking], metric, source)
    make("500 km²", [aigun, peking], metric, source)
    assert not Conflict.objects.exists()


def test_cumulative_counts_may_grow_but_not_shrink():
    meetings = MetricFactory(name="Leader meetings", canonical_unit="count", additive=False, cumulative=True)
    putin, xi = EntityFactory(name="Putin"), EntityFactory(name="Xi")
    since = {"period_start": "2012-01-01"}
    make("over 40 times", [putin, xi], meetings, period_end="2024-10-24", **since)
    make("30 times", [putin, xi], meetings, period_end="2019-06-01", **since)  # earlier and lower: fine
    make("45 times", [putin, xi], meetings, period_end="2025-05-01", **since)  # later and higher: fine
    assert not Conflict.objects.exists()
    later_lower = make("35 times", [putin, xi], meetings, period_end="2025-06-01", **since)
    assert later_lower.pk in {m.claim_id for m in open_conflicts().get().members.all()}


def test_same_date_cumulative_figures_must_overlap():
    meetings = MetricFactory(canonical_unit="count", cumulative=True)
    putin = EntityFactory()
    make("40 times", [putin], meetings, period_end="2024-01-01")
    make("42 times", [putin], meetings, period_end="2024-01-01")
    assert open_conflicts().count() == 1


def test_rejected_and_withdrawn_claims_are_ignored(area, aigun):
    make("100 km²", [aigun], area)
    other = make("300 km²", [aigun], area)
    assert open_conflicts().count() == 1
    Claim.objects.filter(pk=other.pk).update(status=ClaimStatus.WITHDRAWN)
    call_command("detect_conflicts")
    assert not open_conflicts().exists()


def test_rerun_is_idempotent(area, aigun, capsys):
    make("100 km²", [aigun], area)
    make("300 km²", [aigun], area)
    call_command("detect_conflicts")
    call_command("detect_conflicts")
    assert "0 new, 0 updated, 0 reopened, 0 closed, 1 unchanged" in capsys.readouterr().out
    assert Conflict.objects.count() == 1 and ConflictMember.objects.count() == 2


def test_resolved_conflict_stays_resolved_until_figures_change(area, aigun):
    editor, author = user_with_role(EDITOR), user_with_role(CONTRIBUTOR)
    first = put_in_state(make("100 km²", [aigun], area, created_by=author), PUBLISHED, author)
    second = make("300 km²", [aigun], area, created_by=author)
    move(second, "submit", author)
    move(second, "approve", editor, conflict_note="Sources disagree; the conflict shows both.")
    conflict = open_conflicts().get()
    services.conflict_resolve(
        conflict=conflict, user=editor, note="The treaty text gives 100 km².",
        ranks={first.pk: ("preferred", "Matches the treaty text"), second.pk: ("deprecated", "Typo in source")},
    )
    call_command("detect_conflicts")
    conflict.refresh_from_db()
    assert conflict.status == "resolved" and conflict.decided_by == editor

    move(second, "reopen", editor, note="The source was corrected.")
    claim_update(claim=second, figure_text="310 km²", user=author)
    conflict.refresh_from_db()
    assert conflict.status == "resolved"  # a draft's figure never reopens what editors decided
    move(second, "submit", author)
    move(second, "approve", user_with_role(EDITOR), conflict_note="The corrected figure still differs.",
         public_note="Corrected: the source now gives 310 km².")
    conflict.refresh_from_db()
    assert conflict.status == "open" and conflict.note.startswith("Reopened: the figures changed")
    assert {m.rank for m in conflict.members.all()} == {"normal"}
    assert conflict.history.filter(status="resolved").exists()  # the decision is kept in history


def test_correcting_a_figure_closes_the_conflict(area, aigun):
    make("100 km²", [aigun], area)
    wrong = make("300 km²", [aigun], area)
    claim_update(claim=wrong, figure_text="100 km²")
    conflict = Conflict.objects.get()
    assert conflict.status == "resolved" and "no longer disagree" in conflict.note


def test_changing_subjects_moves_a_claim_between_keys(area, aigun, peking):
    make("100 km²", [aigun], area)
    moved = make("300 km²", [peking], area)
    assert not open_conflicts().exists()
    claim_update(claim=moved, subjects=[aigun])
    assert open_conflicts().count() == 1
    claim_update(claim=moved, subjects=[peking])
    assert not open_conflicts().exists()


def test_hand_flagged_conflict(area, aigun):
    oil = make("", [aigun], None)
    no_oil = make("", [EntityFactory()], None)
    with pytest.raises(ServiceError, match="Say why"):
        services.conflict_flag(claims=[oil, no_oil], note=" ")
    with pytest.raises(ServiceError, match="at least two claims"):
        services.conflict_flag(claims=[oil], note="x")
    conflict = services.conflict_flag(claims=[oil, no_oil], note="One says reserves exist, one says not.")
    assert services.conflict_flag(claims=[no_oil, oil], note="again") == conflict  # no duplicate
    assert conflict.kind == "manual" and conflict.status == "open"
    call_command("detect_conflicts")  # detection leaves hand-flagged conflicts alone
    conflict.refresh_from_db()
    assert conflict.status == "open"
    services.conflict_explain(conflict=conflict, note="Different regions: offshore vs onshore.", user=None)
    conflict.refresh_from_db()
    assert conflict.status == "explained"


def test_resolution_rules(area, aigun):
    first, second = make("100 km²", [aigun], area), make("300 km²", [aigun], area)
    conflict = open_conflicts().get()
    cases = [
        ({first.pk: ("preferred", "")}, "note", "Give a reason for ranking"),
        ({first.pk: ("normal", ""), second.pk: ("normal", "")}, "note", "Mark at least one claim preferred"),
        ({first.pk: ("best", "x")}, "note", "Unknown rank 'best'"),
        ({99999: ("preferred", "x")}, "note", "not part of this conflict"),
        ({first.pk: ("preferred", "x")}, "", "Say how the conflict was resolved"),
    ]
    for ranks, note, message in cases:
        with pytest.raises(ServiceError, match=message):
            services.conflict_resolve(conflict=conflict, ranks=ranks, note=note, user=None)
    conflict.refresh_from_db()
    assert conflict.status == "open" and {m.rank for m in conflict.members.all()} == {"normal"}
    with pytest.raises(ServiceError, match="already open"):
        services.conflict_reopen(conflict=conflict, note="x", user=None)
    services.conflict_explain(conflict=conflict, note="Different definitions.", user=None)
    with pytest.raises(ServiceError, match="Only an open conflict can be resolved"):
        services.conflict_resolve(conflict=conflict, ranks={first.pk: ("preferred", "x")}, note="n", user=None)


def test_incremental_detection_query_count_is_constant(area, aigun, peking):
    probe = make("100 km²", [aigun, peking], area, SourceFactory())
    make("500 km²", [aigun, peking], area)  # an open conflict that every save below updates

    def queries_for_one_save():
        nonlocal probe
        with CaptureQueriesContext(connection) as captured:
            probe = claim_update(claim=probe, figure_text="120 km²" if probe.figure_text != "120 km²" else "100 km²")
        assert open_conflicts().count() == 1
        return len(captured)

    with_few_claims = queries_for_one_save()
    for n in range(20):  # same metric and period (one family), other entities and sources
        make(f"{n + 1},000 km²", [EntityFactory()], area, SourceFactory())
    assert queries_for_one_save() == with_few_claims


def test_seed_flags_the_combined_area_and_nothing_else(seeded):
    figures = open_conflicts().filter(kind="figures").get()
    slugs = {m.claim.slug: m.is_part for m in figures.members.select_related("claim")}
    assert slugs == {
        "aigun-and-peking-ceded-over-900000-km2": False,
        "aigun-and-peking-ceded-350000-square-miles": False,
        "aigun-and-peking-ceded-250000-square-miles": False,
        "aigun-ceded-approximately-150000-square-miles": True,
        "peking-added-a-further-100000-square-miles": True,
    }
    assert figures.title == "Area ceded: Convention of Peking, Treaty of Aigun"
    manual = open_conflicts().get(kind="manual")
    assert {m.claim.slug for m in manual.members.all()} == {
        "territories-beyond-vladivostok-hold-oil-and-gas", "outer-manchuria-lacks-significant-oil-or-gas"}


def test_seed_sentence_with_km2_and_square_miles_raises_nothing(seeded):
    sentence = Claim.objects.filter(slug__in=["aigun-and-peking-ceded-over-900000-km2",
                                              "aigun-and-peking-ceded-350000-square-miles"])
    a, b = sentence
    assert a.canonical_interval is not None and a.canonical_interval.overlaps(b.canonical_interval)
    Claim.objects.exclude(pk__in=[a.pk, b.pk]).filter(metric=a.metric).update(status="rejected")
    conflicts_detect()
    assert not open_conflicts().filter(kind="figures").exists()


def test_a_count_over_a_period_inside_another_may_not_exceed_it():
    """Nested periods compare for additive and cumulative metrics; equal or disjoint ones as before."""
    from datetime import date

    meetings = MetricFactory(name="Leader meetings", canonical_unit="count", additive=True)
    leaders = EntityFactory(name="Xi Jinping and Vladimir Putin")
    outer = claim_create(statement="They met 30 times from 2012 to 2024.", metric=meetings, subjects=[leaders],
                         figure_text="30 times", period_start=date(2012, 1, 1), period_end=date(2024, 12, 31))
    inner = claim_create(statement="They met 42 times from 2013 to October 2023.", metric=meetings,
                         subjects=[leaders], figure_text="42 times", period_start=date(2013, 1, 1),
                         period_end=date(2023, 10, 31))
    conflict = Conflict.objects.get()
    assert conflict.comparison_key == outer.comparison_key != inner.comparison_key
    assert {m.claim_id for m in conflict.members.all()} == {outer.pk, inner.pk}
    claim_update(claim=inner, figure_text="about 25 times")  # fewer inside than outside: they agree now
    conflict.refresh_from_db()
    assert conflict.status == "resolved" and "no longer disagree" in conflict.note
    # Disjoint periods never compare; nor does an open-ended one.
    claim_create(statement="They met 50 times in 2025.", metric=meetings, subjects=[leaders], figure_text="50 times",
                 period_start=date(2025, 1, 1), period_end=date(2025, 12, 31))
    claim_create(statement="They met 60 times since 2013.", metric=meetings, subjects=[leaders],
                 figure_text="60 times", period_start=date(2013, 1, 1))
    assert not Conflict.objects.filter(status="open").exists()


def test_nested_periods_of_a_non_additive_metric_do_not_compare():
    from datetime import date

    capacity = MetricFactory(name="Pipeline capacity", canonical_unit="m³/yr", additive=False)
    pipeline = EntityFactory(name="Power of Siberia")
    claim_create(statement="Capacity 38 bcm a year in 2020-2024.", metric=capacity, subjects=[pipeline],
                 figure_text="38 billion cubic meters a year", period_start=date(2020, 1, 1),
                 period_end=date(2024, 12, 31))
    claim_create(statement="Capacity 50 bcm a year in 2022.", metric=capacity, subjects=[pipeline],
                 figure_text="50 billion cubic meters a year", period_start=date(2022, 1, 1),
                 period_end=date(2022, 12, 31))
    assert not Conflict.objects.exists()
