"""Safe defaults: metric fit, the "Record as" rule, what starts ticked."""
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims import figures
from imports import candidates, proposing

EXERCISES = candidates.KnownMetric(1, "Joint military exercises per year", "Exercises held together each year.",
                                   "count", "count")
DISPUTES = candidates.KnownMetric(2, "Territorial disputes settled", "Border disputes settled by treaty.",
                                  "count", "count")
AREA = candidates.KnownMetric(3, "Area ceded", "Territory given up under a treaty.", "km2", "area")


@pytest.mark.parametrize("sentence, metric", [
    ("The city council renamed 25 streets after the war ended in the old town.", None),
    ("The two leaders have met 40 times since the border disputes were settled.", None),
    ("The navies held 11 exercises together in 2024, the most ever.", EXERCISES.metric_id),
    ("China has settled 17 territorial disputes with its neighbours.", DISPUTES.metric_id),
    ("The treaty ceded 150,000 square miles of territory to Russia.", AREA.metric_id),
])
def test_a_metric_is_proposed_only_when_the_counted_thing_fits(sentence, metric):
    (found,) = [c for c in candidates.extract(sentence, metrics=[EXERCISES, DISPUTES, AREA]) if c.has_figure]
    assert (found.metric[0] if found.metric else None) == metric
    assert bool(found.new_metric) == (metric is None)


def test_a_figure_no_metric_fits_gets_a_suggested_new_metric():
    assert proposing.suggested_metric(figures.parse_figure("25 streets")) == "Number of streets"
    assert proposing.suggested_metric(figures.parse_figure("150,000 square miles")) == "Area"


def _candidate(**fields) -> candidates.Candidate:
    base = dict(quote="q", start=0, end=1, figure_text="500 residents", figure_start=0, figure_end=3, value=500,
                unit="count", qualifier="exact", kind="count", score=0.8,
                matches=[{"id": 9, "statement": "Some schools closed.", "figure": "3 schools", "status": "published",
                          "verdict": "accurate"}])
    return candidates.Candidate(**{**base, **fields})


COMPLETE = dict(entities=[(1, "Blagoveshchensk")], metric=(4, "Residents"), period_start=date(2023, 1, 1),
                period_end=date(2023, 12, 31))


def test_record_as_preselects_only_on_a_complete_key():
    assert proposing.preselected(_candidate(**COMPLETE)) == "9"
    # A timeless figure (a pipeline's capacity) has an open period on both sides: the same key.
    assert proposing.preselected(_candidate(**{**COMPLETE, "period_start": None, "period_end": None})) == "9"
    assert proposing.preselected(_candidate(**{**COMPLETE, "matches": []})) == ""


@given(st.sets(st.sampled_from(["entities", "metric"]), max_size=1), st.booleans())
def test_an_empty_or_partial_key_never_preselects(present, dated):
    fields = {"entities": [], "metric": None, "period_start": COMPLETE["period_start"] if dated else None}
    if "entities" in present:
        fields["entities"] = COMPLETE["entities"]
    if "metric" in present:
        fields["metric"] = COMPLETE["metric"]
    assert proposing.preselected(_candidate(**fields)) == ""


def test_the_choice_shows_the_claims_status_and_verdict_in_full():
    statement = "Some schools in the border city of Blagoveshchensk have introduced intensive Chinese lessons " \
                "for every pupil from the first year onwards."
    label = proposing.choice_label({"id": 9, "statement": statement, "figure": "", "status": "published",
                                    "verdict": "mostly_accurate"})
    assert label == f"appearance of: {statement}: published, rated mostly accurate"
    assert proposing.choice_label({"id": 9, "statement": "S.", "figure": "3 schools", "status": "draft",
                                   "verdict": ""}) == "appearance of: S. (3 schools): draft, not yet rated"


@pytest.mark.parametrize("fields, ticked", [
    ({}, True),
    ({"score": proposing.TICK - 0.01}, False),
    ({"reason": "opinion: “should”"}, False),
    ({"recorded": {"id": 1}}, False),
])
def test_only_well_scored_undoubted_new_candidates_start_ticked(fields, ticked):
    assert proposing.starts_ticked(_candidate(**fields), declined=set()) is ticked


def test_a_declined_candidate_never_starts_ticked_again():
    candidate = _candidate()
    assert not proposing.starts_ticked(candidate, declined={candidate.key})


MEETINGS = candidates.KnownMetric(5, "Leader meetings", "In-person meetings between two leaders over a period.",
                                  "count", "count")


@pytest.mark.parametrize("sentence, metric", [
    ("Since 2012 the two leaders have met over 40 times in person.", MEETINGS.metric_id),
    ("The two countries have argued over 40 times about their border disputes.", None),
])
def test_a_counter_that_names_nothing_fits_by_the_verb(sentence, metric):
    (found,) = [c for c in candidates.extract(sentence, metrics=[MEETINGS, DISPUTES]) if c.has_figure]
    assert (found.metric[0] if found.metric else None) == metric
