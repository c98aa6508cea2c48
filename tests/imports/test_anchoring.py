"""Quote anchoring (no database), with cases modelled on the test suites of Hypothesis's own anchoring.

Hypothesis's match-quote and approx-string-match tests, restated in our words on our own texts: each
case keeps what the peer test checks (exact and approximate matches, context choosing between
repeats, edge cases, bit-vector edges). Where Crosscheck deliberately differs (it refuses a match four
edits away from a short quote when nothing around it agrees, because a wrong anchor misplaces
evidence), the test says so.
"""
import pytest

from imports.anchoring import FUZZY_MIN_RATIO, Match, approximate_matches, find_quote, similarity

TREATY = ("Two years later, as the envoys signed the treaty at Aigun, the northern bank of the Amur passed to "
          "Russia, and the land between the Ussuri and the sea was placed under joint administration")
REPEATS = ("the court signed the treaty in spring, the court signed the treaty in autumn, the envoys left "
           "before winter, the envoys left after the thaw, and nobody kept the maps.")


def found(text: str, anchor) -> str:
    return text[anchor.start:anchor.end]


# --- match-quote: exact and approximate matches ---------------------------------------------------

def test_an_exact_quote_is_found_exactly():
    anchor = find_quote(TREATY, "joint administration")
    assert anchor.exact and anchor.similarity == 1 and found(TREATY, anchor) == "joint administration"


@pytest.mark.parametrize("quote, expected", [
    ("Two yers later", "Two years later"),  # a short quote with a typo and no context (issue 14)
    ("signed the treatty", "signed the treaty"),
    ("the nothern bank of the Amur", "the northern bank of the Amur"),
])
def test_a_short_quote_with_a_typo_is_found_without_context(quote, expected):
    anchor = find_quote(TREATY, quote)
    assert anchor is not None and not anchor.exact and found(TREATY, anchor) == expected


def test_a_typo_in_a_repeated_short_quote_finds_the_first_when_nothing_else_decides():
    anchor = find_quote(REPEATS, "envoys lef")
    assert anchor.start == REPEATS.index("envoys left")


def test_similarity_falls_as_the_quote_drifts():
    quotes = ["the northern bank", "the nortern bank", "the nortren bank"]
    scores = [find_quote(TREATY, q).similarity for q in quotes]
    assert scores[0] > scores[1] > scores[2] >= FUZZY_MIN_RATIO


def test_three_edits_in_a_short_quote_without_context_is_refused_unlike_hypothesis():
    # Hypothesis highlights "Many years later" for "some years later"; Crosscheck would rather say the
    # quote is gone than attach evidence to a span 0.8 alike when nothing around it agrees.
    assert find_quote(TREATY, "Six years later") is None


def test_context_that_pins_the_span_accepts_what_the_quote_alone_would_not():
    text = "The treaty of 1858 ceded the left bank. " + TREATY + ". Later maps disagreed."
    quote = "Six years later"  # three edits from "Two years later": 0.8, below 0.85
    assert find_quote(text, quote) is None
    anchor = find_quote(text, quote, prefix="The treaty of 1858 ceded the left bank. ",
                        suffix=", as the envoys signed")
    assert found(text, anchor) == "Two years later" and anchor.similarity == pytest.approx(0.8)


def test_a_span_pinned_exactly_by_prefix_and_suffix_is_accepted_below_the_plain_floor():
    # Issue 14: refused at similarity 0.846 against the 0.85 floor although prefix and suffix fit exactly.
    before, after = "Editors checked this sentence: ", " That was the end of it."
    original = "The pipeline should carry up to 50 billion cubic meters of gas each year."
    edited = "The pipeline will carry up to 38 billion cubic meters of natural gas a year."
    text = "Opening paragraph. " + before + edited + after + " Closing paragraph."
    anchor = find_quote(text, original, prefix=before, suffix=after)
    assert anchor is not None and found(text, anchor) == edited and anchor.similarity < FUZZY_MIN_RATIO
    assert find_quote(text, original) is None  # without its context the edited sentence is too far off


@pytest.mark.parametrize("quote, prefix, expected", [
    ("signed the treaty", "In March the court ", "court signed"),
    ("signed the treaty", "in May the envoys ", "envoys signed"),
    ("signed the treaty", "In Marhc the cort ", "court signed"),  # an approximate prefix still decides
    ("signed the treaty", "in Mya the envoy ", "envoys signed"),
    ("signd the treaty", "in May the envoys ", "envoys signed"),  # and with a typo in the quote too
])
def test_the_prefix_chooses_between_repeated_quotes(quote, prefix, expected):
    text = "In March the court signed the treaty, in May the envoys signed the treaty, and in June nobody did."
    anchor = find_quote(text, quote, prefix=prefix)
    assert text[:anchor.start].endswith(expected.split()[0] + " ")


@pytest.mark.parametrize("suffix, expected", [
    (" before winter", "envoys left before winter"),
    (" after the thaw", "envoys left after the thaw"),
    (" befor wintr", "envoys left before winter"),  # approximate suffixes decide too
    (" aftr the thw", "envoys left after the thaw"),
])
def test_the_suffix_chooses_between_repeated_quotes(suffix, expected):
    anchor = find_quote(REPEATS, "envoys left", suffix=suffix)
    assert REPEATS.startswith(expected, anchor.start)


def test_a_long_unrelated_quote_is_not_found():
    assert find_quote(REPEATS, TREATY) is None
    assert find_quote(TREATY, "an entirely different sentence about pipelines and gas prices") is None


def test_empty_quote_or_text_finds_nothing():
    assert find_quote("some text", "") is None
    assert find_quote("", "some text") is None


def test_a_prefix_longer_than_the_text_before_the_match_is_fine():
    anchor = find_quote(TREATY, "yers later", prefix="It happened many")
    assert found(TREATY, anchor) == "years later"


def test_a_match_at_the_end_of_the_text_with_a_suffix_is_found():
    text = "The map shows the island"
    anchor = find_quote(text, "the islnd", suffix=" entirely as Chinese")
    assert found(text, anchor) == "the island"


# --- approx-string-match: the search underneath ------------------------------------------------------

def closest(text: str, pattern: str) -> set[tuple[int, int, int]]:
    return {(m.start, m.end, m.errors) for m in approximate_matches(text, pattern, len(pattern))}


@pytest.mark.parametrize("text, pattern, expected", [
    ("seven grey geese", "grey", {(6, 10, 0)}),
    ("seven grey geese", "seven", {(0, 5, 0)}),
    ("seven grey geese", "greey", {(6, 10, 1)}),  # one letter too many in the pattern
    ("seven grey geese", "gry", {(6, 10, 1)}),  # one letter missing
    ("notebook", "nytebook", {(0, 8, 1)}),  # one substitution
    ("northbank andsea", "north bank and sea", {(0, 16, 2)}),
])
def test_closest_matches_and_their_edit_counts(text, pattern, expected):
    assert expected <= closest(text, pattern)
    assert {errors for _s, _e, errors in closest(text, pattern)} == {next(iter(expected))[2]}


def test_equally_close_matches_are_all_reported():
    # "sevea" is one edit from both "seve" and "seven": both spans come back.
    assert {(0, 4, 1), (0, 5, 1)} <= closest("seven grey geese", "sevea")
    assert {(0, 8, 1), (1, 8, 1)} <= closest("notebook", "ntebook")


def test_characters_outside_the_basic_plane_count_once():
    # JavaScript counts an emoji as two UTF-16 units (two edits); Python strings count it as one.
    assert closest("sm😊le", "smile") == {(0, 5, 1)}
    assert closest("sm😊le", "sm😊le") == {(0, 5, 0)}


def test_patterns_longer_than_a_machine_word():
    text = "abc" * 5 + "river" * 20 + "xyz" * 5
    assert closest(text, "river" * 20) == {(15, 115, 0)}
    edited = "abc" * 5 + "river" * 10 + "delta" + "river" * 10 + "xyz" * 5
    matches = closest(edited, "river" * 20)
    assert {errors for *_span, errors in matches} == {5} and any(start == 15 for start, _e, _x in matches)


def test_no_match_within_the_allowed_edits_is_an_empty_list():
    assert approximate_matches("four rivers", "fyyvvr", 1) == []


def test_a_short_pattern_in_a_long_text():
    text = "A treaty settles a border but there is always a trace of dispute in the settlement of any border."
    assert [text[m.start:m.end] for m in approximate_matches(text, "dispte", 2)] == ["dispute"]


def test_more_allowed_edits_than_the_pattern_has_letters():
    assert approximate_matches("four rivers", "rivers", 50) == [Match(5, 11, 0)]


def test_every_exact_occurrence_is_returned():
    assert len(approximate_matches("gas oil " * 5, "gas", 0)) == 5
    sentence = 'A sentence long enough to exceed the "word size" of a 32-bit vector, twice. '
    assert len(approximate_matches(sentence * 5, sentence, 0)) == 5


def test_empty_text_or_pattern_match_nothing():
    assert approximate_matches("", "gas", 0) == [] and approximate_matches("gas", "", 0) == []


@pytest.mark.parametrize("start, end", [(1, 33), (23, 56)])
def test_patterns_at_and_past_32_characters(start, end):
    text = 'This sentence is longer than the "word size" that bit-parallel search uses.'
    assert approximate_matches(text, text[start:end], 0) == [Match(start, end, 0)]


def test_similarity_is_one_minus_edits_over_length():
    assert similarity("the northern bank", "the nortern bank") == pytest.approx(1 - 1 / 16)
    assert similarity("", "x") == 0 and similarity("x", "") == 0
