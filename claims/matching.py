"""Said before: the recorded claims a new statement repeats, found before the newsroom records it twice.

Two signals, either enough: the same figure under the same comparison key (what the conflict
detector compares: metric, subjects and period), or near-identical wording, with or without a
figure. Wording is compared by the words that carry meaning (Dice's coefficient; numbers must agree),
after the full-text index has narrowed the claims to those sharing words with the statement, so a
check reads a few dozen rows whatever the table's size. Two queries at most, for one statement or many.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, Value

from claims import conflicts, figures
from claims.models import Claim

# Word similarity from which two statements say the same thing (bench.matching_pairs measures it).
NEAR_IDENTICAL = 0.75
# Claims sharing words with the statement, best-ranked first, whose wording is compared.
WORDING_CANDIDATES = 30
_WORD = re.compile(r"\w+", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_FUNCTION_WORDS = frozenset(
    "a an the of in on at to by for from with and or is are was were be been has have had it its this that as "
    "than into over under since per s".split())
FIELDS = ("pk", "slug", "statement", "figure_text", "status", "verdict", "canonical_lower", "canonical_upper")


@dataclass(frozen=True)
class Match:
    """A recorded claim a statement may repeat, with what the newsroom needs to decide."""

    claim_id: int
    slug: str
    statement: str
    figure: str
    status: str
    verdict: str
    reason: str  # "same figure" or "same wording"
    similarity: float

    @property
    def status_label(self) -> str:
        return Claim.Status(self.status).label

    @property
    def verdict_label(self) -> str:
        return Claim.Verdict(self.verdict).label

    def describe(self) -> str:
        """One line for a choice list: the statement, its figure, status and verdict."""
        figure = f" ({self.figure})" if self.figure else ""
        return f"{self.statement[:80]}{figure}: {self.status_label.lower()}, {self.verdict_label.lower()}"


def words(text: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(text or "")]


def _stem(word: str) -> str:
    # Enough for "rising"/"rises", "exports"/"export": wording, not grammar, is compared.
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> set[str]:
    """Return the words that carry a statement's meaning: no articles, prepositions or auxiliaries."""
    return {_stem(word) for word in words(text) if word not in _FUNCTION_WORDS}


def numbers(text: str) -> set[str]:
    return set(_NUMBER.findall(text or ""))


def similarity(first: str, second: str) -> float:
    """Say how alike two statements' wordings are, from 0 to 1 (Dice's coefficient over content words).

    Statements giving different numbers are different claims (0): a figure worded another way is
    the figure signal's to find, under its comparison key.
    """
    a, b = content_words(first), content_words(second)
    if not a or not b or numbers(first) != numbers(second):
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def figure_key(*, metric, subject_ids, figure_text: str, period_start=None, period_end=None):
    """Return the comparison key and canonical interval a statement's figure would have (None without one)."""
    if metric is None or not figure_text.strip() or not subject_ids:
        return None
    try:
        parsed = figures.parse_figure(figure_text)
        lower = None if parsed.interval.lower is None else figures.convert(parsed.interval.lower, parsed.unit,
                                                                          metric.canonical_unit)
        upper = None if parsed.interval.upper is None else figures.convert(parsed.interval.upper, parsed.unit,
                                                                          metric.canonical_unit)
    except figures.FigureError:
        return None
    _family, key = conflicts.comparison_keys(metric_id=metric.pk, cumulative=metric.cumulative,
                                             period_start=period_start, period_end=period_end,
                                             subject_ids=set(subject_ids), has_figure=True)
    return (key, figures.Interval(lower, upper)) if key else None


def _overlaps(row: dict, interval: figures.Interval) -> bool:
    low = row["canonical_lower"] if row["canonical_lower"] is not None else float("-inf")
    high = row["canonical_upper"] if row["canonical_upper"] is not None else float("inf")
    other_low = interval.lower if interval.lower is not None else float("-inf")
    other_high = interval.upper if interval.upper is not None else float("inf")
    return low <= other_high and other_low <= high


def _match(row: dict, reason: str, score: float) -> Match:
    return Match(row["pk"], row["slug"], row["statement"], row["figure_text"], row["status"], row["verdict"], reason,
                 round(score, 3))


def said_before(statement: str, *, key=None, exclude=(), limit: int = 5) -> list[Match]:
    """Return the live claims ``statement`` may repeat: same figure under ``key`` first, then by wording.

    ``key`` is ``figure_key(...)``'s answer for the statement's figure, or None.
    """
    return said_before_each([(statement, key)], exclude=exclude, limit=limit)[0]


def said_before_each(items: list[tuple[str, object]], *, exclude=(), limit: int = 5) -> list[list[Match]]:
    """Answer ``said_before`` for each (statement, key) at once: two queries whatever the number of statements."""
    live = Claim.objects.live().exclude(pk__in=list(exclude))
    found: list[dict[int, Match]] = [{} for _ in items]
    keys = {key[0] for _, key in items if key is not None}
    if keys:
        by_key: dict[str, list[dict]] = {}
        for row in live.filter(comparison_key__in=keys).values(*FIELDS, "comparison_key"):
            by_key.setdefault(row["comparison_key"], []).append(row)
        for (statement, key), matches in zip(items, found):
            for row in by_key.get(key[0], []) if key is not None else []:
                if _overlaps(row, key[1]):
                    matches[row["pk"]] = _match(row, "same figure", similarity(statement, row["statement"]))
    wording = [_sharing_words(live, statement, number) for number, (statement, _key) in enumerate(items)]
    wording = [query for query in wording if query is not None]
    if wording:
        for row in wording[0].union(*wording[1:], all=True):
            statement, matches = items[row["number"]][0], found[row["number"]]
            score = similarity(statement, row["statement"])
            if row["pk"] not in matches and score >= NEAR_IDENTICAL:
                matches[row["pk"]] = _match(row, "same wording", score)
    return [sorted(matches.values(), key=lambda m: (m.reason != "same figure", -m.similarity, m.claim_id))[:limit]
            for matches in found]


def _sharing_words(live, statement: str, number: int):
    """Return the claims sharing most words with ``statement``, best-ranked first, tagged with its ``number``."""
    terms = sorted(set(words(statement)))
    if not terms:
        return None
    query = SearchQuery(" | ".join(terms), search_type="raw", config="english")
    return (live.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query), number=Value(number))
            .order_by("-rank", "pk").values(*FIELDS, "number")[:WORDING_CANDIDATES])
