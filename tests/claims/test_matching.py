"""Said before: a statement finds the recorded claims it repeats, by figure under one key or by wording."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.matching import NEAR_IDENTICAL, figure_key, said_before, similarity
from claims.models import ClaimStatus, Verdict
from claims.services import claim_create
from tests.factories import EntityFactory, MetricFactory

STATEMENT = "Total bilateral trade between Russia and China has been rising since 2022."


@pytest.mark.django_db
def test_a_word_for_word_repeat_is_found_with_its_status_and_verdict():
    earlier = claim_create(statement=STATEMENT, status=ClaimStatus.PUBLISHED, verdict=Verdict.ACCURATE)
    claim_create(statement="Vladivostok is Russia's largest Pacific port.", status=ClaimStatus.PUBLISHED)
    [match] = said_before("Total bilateral trade between Russia and China has risen since 2022.")
    assert (match.claim_id, match.reason, match.status_label, match.verdict_label) == (
        earlier.pk, "same wording", "Published", "Accurate")
    assert said_before("Vladivostok hosts the Pacific Fleet.") == []  # shared words are not the same claim


@pytest.mark.django_db
def test_the_same_figure_under_the_same_key_is_found_whatever_the_wording(django_assert_max_num_queries):
    metric, subject = MetricFactory(name="Area ceded", canonical_unit="km²"), EntityFactory(name="Outer Manchuria")
    earlier = claim_create(statement="The treaties ceded 250,000 square miles.", metric=metric, subjects=[subject],
                           figure_text="250,000 square miles", status=ClaimStatus.PUBLISHED)
    claim_create(statement="The treaties ceded 100 square miles.", metric=metric, subjects=[subject],
                 figure_text="100 square miles", status=ClaimStatus.PUBLISHED)
    key = figure_key(metric=metric, subject_ids=[subject.pk], figure_text="about 647,000 km²")
    with django_assert_max_num_queries(2):
        matches = said_before("Russia's Far East, Outer Manchuria, is some 647,000 km² of former Qing land.", key=key)
    assert [(m.claim_id, m.reason) for m in matches] == [(earlier.pk, "same figure")]
    assert figure_key(metric=metric, subject_ids=[subject.pk], figure_text="a lot") is None


@pytest.mark.django_db
def test_a_claim_excluded_by_the_caller_is_not_offered():
    kept = claim_create(statement=STATEMENT)
    assert [m.claim_id for m in said_before(STATEMENT)] == [kept.pk]
    assert said_before(STATEMENT, exclude=[kept.pk]) == []


WORDS = st.lists(st.sampled_from(["trade", "russia", "china", "rose", "since", "2022", "2023", "yuan", "the", "port"]),
                 min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(WORDS, WORDS)
def test_similarity_is_a_symmetric_ratio_and_numbers_must_agree(first, second):
    a, b = " ".join(first), " ".join(second)
    score = similarity(a, b)
    assert 0.0 <= score <= 1.0 and score == similarity(b, a)
    if set(first) == set(second) and set(first) - {"the", "since"}:
        assert score == 1.0  # the same words in any order, case or punctuation
        assert similarity(a, a.upper() + "!") == 1.0
    if ({"2022", "2023"} & set(first)) != ({"2022", "2023"} & set(second)):
        assert score == 0.0  # another year, another claim
    assert NEAR_IDENTICAL < 1.0
