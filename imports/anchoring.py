"""Find a quote again in a new text, by the quote and the words around it. No database.

Follows the W3C TextQuoteSelector and Hypothesis's approach: an exact match first (the one whose
surroundings fit best when the quote occurs more than once), then the same match ignoring
typographic differences (curly quotes, dashes, spacing), then an approximate match: every place
where the quote occurs with at most half its length in edits (Myers' bit-parallel search, as
Hypothesis's approx-string-match does), scored on the quote (50), its prefix (20) and suffix (20).
A fuzzy match is accepted when the text found is still close to the quote (similarity 0.85), or,
when the prefix and the suffix both fit and so pin the span, at a lower similarity (0.6).
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

FUZZY_MIN_RATIO = 0.85
# A span whose prefix and suffix both still fit is the same passage, edited: accept more edits.
PINNED_MIN_RATIO = 0.6
PINNED_CONTEXT_SCORE = 0.9
QUOTE_WEIGHT, PREFIX_WEIGHT, SUFFIX_WEIGHT = 50, 20, 20
_TRANSLATE = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                            "\u2014": "-", "\u00a0": " "})


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    exact: bool  # False: the text found differs from the quote (a fuzzy match)
    similarity: float = 1.0  # 1 - edits / quote length


@dataclass(frozen=True)
class Match:
    """An approximate occurrence of a pattern: text[start:end] is ``errors`` edits away from it."""

    start: int
    end: int
    errors: int


def _normalised(text: str) -> tuple[str, list[int]]:
    """Return ``text`` with typography folded and whitespace collapsed, and each character's origin."""
    out, origin, previous_space = [], [], False
    for index, char in enumerate(text.translate(_TRANSLATE)):
        if char.isspace():
            if previous_space:
                continue
            char, previous_space = " ", True
        else:
            previous_space = False
        out.append(char)
        origin.append(index)
    return "".join(out), origin


def _context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> float:
    before = text[max(0, start - len(prefix)): start]
    after = text[end: end + len(suffix)]
    score = 0.0
    if prefix:
        score += difflib.SequenceMatcher(None, before, prefix, autojunk=False).ratio()
    if suffix:
        score += difflib.SequenceMatcher(None, after, suffix, autojunk=False).ratio()
    return score


def find_quote(text: str, quote: str, prefix: str = "", suffix: str = "") -> Anchor | None:
    """Locate ``quote`` in ``text``; None when it is gone."""
    if not quote or not text:
        return None
    starts = [m.start() for m in re.finditer(re.escape(quote), text)]
    if starts:
        best = max(starts, key=lambda s: _context_score(text, s, s + len(quote), prefix, suffix))
        return Anchor(best, best + len(quote), exact=True)

    folded, origin = _normalised(text)
    folded_quote = _normalised(quote)[0].strip()
    if not folded_quote:
        return None
    starts = [m.start() for m in re.finditer(re.escape(folded_quote), folded)]
    if starts:
        best = max(starts, key=lambda s: _context_score(folded, s, s + len(folded_quote), prefix, suffix))
        start, end = origin[best], origin[best + len(folded_quote) - 1] + 1
        return Anchor(start, end, exact=text[start:end] == quote)
    return _fuzzy(text, folded, origin, folded_quote, _normalised(prefix)[0], _normalised(suffix)[0])


# --- Approximate search -------------------------------------------------------------------------------

def _end_errors(text: str, pattern: str) -> list[int]:
    """Return, for each end position in ``text``, the fewest edits turning some substring ending there into ``pattern``.

    Myers' bit-parallel algorithm (1999) for approximate matching, one Python integer as the bit vector.
    """
    m = len(pattern)
    mask, top = (1 << m) - 1, 1 << (m - 1)
    peq: dict[str, int] = {}
    for i, char in enumerate(pattern):
        peq[char] = peq.get(char, 0) | (1 << i)
    pv, mv, score, out = mask, 0, m, []
    for char in text:
        eq = peq.get(char, 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) & mask) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & top:
            score += 1
        elif mh & top:
            score -= 1
        ph = (ph << 1) & mask  # no carry in: a match may start anywhere in the text
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        out.append(score)
    return out


def _best_start(text: str, end: int, pattern: str, errors: int) -> list[int]:
    """Return the starts of the substrings ending at ``end`` that are ``errors`` edits from ``pattern``."""
    window_start = max(0, end - len(pattern) - errors)
    window = text[window_start:end][::-1]
    reversed_pattern = pattern[::-1]
    # Edit distance of the whole (reversed) pattern against each prefix of the reversed window.
    previous = list(range(len(window) + 1))
    for i, p_char in enumerate(reversed_pattern, 1):
        current = [i] + [0] * len(window)
        for j, t_char in enumerate(window, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (p_char != t_char))
        previous = current
    return [end - j for j in range(len(window) + 1) if previous[j] == errors]


def approximate_matches(text: str, pattern: str, max_errors: int) -> list[Match]:
    """Return the occurrences of ``pattern`` in ``text`` with the fewest edits, if at most ``max_errors``."""
    if not text or not pattern:
        return []
    ends = _end_errors(text, pattern)
    fewest = min(ends)
    if fewest > max_errors:
        return []
    matches = []
    for index, errors in enumerate(ends):
        if errors == fewest:
            for start in _best_start(text, index + 1, pattern, errors):
                matches.append(Match(start, index + 1, errors))
    return sorted(set(matches), key=lambda m: (m.start, m.end))


def similarity(found: str, wanted: str) -> float:
    """Return 1 - edits / len(wanted) for the closest substring of ``found`` (0 when either is empty)."""
    if not found or not wanted:
        return 0.0
    errors = min(_end_errors(found, wanted))
    return max(0.0, 1 - errors / len(wanted))


def _edit_distance(first: str, second: str) -> int:
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, 1):
        current = [i] + [0] * len(second)
        for j, b in enumerate(second, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b))
        previous = current
    return previous[-1]


def _fuzzy(text, folded, origin, quote, prefix, suffix) -> Anchor | None:
    """Match an edited quote: the closest occurrences, and the span its prefix and suffix pin, best context first."""
    spans: dict[tuple[int, int], int] = {}
    for match in approximate_matches(folded, quote, max(1, len(quote) // 2)):
        spans[(match.start, match.end)] = match.errors
    if prefix and suffix:
        before, after = prefix[-32:], suffix[:32]
        for found in re.finditer(re.escape(before), folded):
            end = folded.find(after, found.end())
            if end != -1 and abs((end - found.end()) - len(quote)) <= 0.5 * len(quote):
                start = found.end() + (len(folded[found.end():end]) - len(folded[found.end():end].lstrip()))
                stop = found.end() + len(folded[found.end():end].rstrip())
                if stop > start and (start, stop) not in spans:
                    spans[(start, stop)] = _edit_distance(folded[start:stop], quote)
    best, best_score, best_ratio = None, -1.0, 0.0
    for (start, end), errors in spans.items():
        ratio = max(0.0, 1 - errors / len(quote))
        prefix_score = similarity(folded[max(0, start - len(prefix)):start], prefix) if prefix else 1.0
        suffix_score = similarity(folded[end:end + len(suffix)], suffix) if suffix else 1.0
        pinned = bool(prefix and suffix) and min(prefix_score, suffix_score) >= PINNED_CONTEXT_SCORE
        if ratio < (PINNED_MIN_RATIO if pinned else FUZZY_MIN_RATIO):
            continue
        score = QUOTE_WEIGHT * ratio + PREFIX_WEIGHT * prefix_score + SUFFIX_WEIGHT * suffix_score
        if score > best_score:
            best, best_score, best_ratio = (start, end), score, ratio
    if best is None:
        return None
    start, end = origin[best[0]], origin[best[1] - 1] + 1
    return Anchor(start, end, exact=False, similarity=round(best_ratio, 3))


def context(text: str, start: int, end: int, size: int = 32) -> tuple[str, str]:
    """Return the prefix and suffix (``size`` characters each) around a span, for a TextQuoteSelector."""
    return text[max(0, start - size): start], text[end: end + size]
