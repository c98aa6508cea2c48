"""Find a quote again in a new text, by the quote and the words around it. No database.

Follows the W3C TextQuoteSelector and Hypothesis's approach: an exact match first (the one whose
surroundings fit best when the quote occurs more than once), then the same match ignoring
typographic differences (curly quotes, dashes, spacing), then a fuzzy match between the quote's
prefix and suffix, accepted only when the text found there is still close to the quote.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

FUZZY_MIN_RATIO = 0.85
_TRANSLATE = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                            "\u2014": "-", "\u00a0": " "})


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    exact: bool  # False: the text found differs from the quote (a fuzzy match)


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
    if not quote:
        return None
    starts = [m.start() for m in re.finditer(re.escape(quote), text)]
    if starts:
        best = max(starts, key=lambda s: _context_score(text, s, s + len(quote), prefix, suffix))
        return Anchor(best, best + len(quote), exact=True)

    folded, origin = _normalised(text)
    folded_quote = _normalised(quote)[0].strip()
    starts = [m.start() for m in re.finditer(re.escape(folded_quote), folded)]
    if starts:
        best = max(starts, key=lambda s: _context_score(folded, s, s + len(folded_quote), prefix, suffix))
        start, end = origin[best], origin[best + len(folded_quote) - 1] + 1
        return Anchor(start, end, exact=text[start:end] == quote)
    return _fuzzy(text, folded, origin, folded_quote, _normalised(prefix)[0], _normalised(suffix)[0])


def _fuzzy(text, folded, origin, quote, prefix, suffix) -> Anchor | None:
    """Match an edited quote: the span between its prefix and suffix, or around its first and last words."""
    spans = []
    probes = [(prefix[-32:], suffix[:32])] if prefix and suffix else []
    edge = max(12, min(40, len(quote) // 4))
    probes.append((None, None))
    for before, after in probes:
        if before is not None:
            starts = [m.end() for m in re.finditer(re.escape(before), folded)]
            for s in starts:
                e = folded.find(after, s)
                if e != -1:
                    spans.append((s, e))
        else:
            head, tail = quote[:edge], quote[-edge:]
            for m in re.finditer(re.escape(head), folded):
                e = folded.find(tail, m.start())
                if e != -1:
                    spans.append((m.start(), e + len(tail)))
    best, best_ratio = None, 0.0
    for s, e in spans:
        span = folded[s:e].strip()
        if not span or abs(len(span) - len(quote)) > 0.3 * len(quote):
            continue
        ratio = difflib.SequenceMatcher(None, span, quote, autojunk=False).ratio()
        if ratio > best_ratio:
            lead = len(folded[s:e]) - len(folded[s:e].lstrip())
            best, best_ratio = (s + lead, s + lead + len(span)), ratio
    if best is None or best_ratio < FUZZY_MIN_RATIO:
        return None
    start, end = origin[best[0]], origin[best[1] - 1] + 1
    return Anchor(start, end, exact=False)


def context(text: str, start: int, end: int, size: int = 32) -> tuple[str, str]:
    """Return the prefix and suffix (``size`` characters each) around a span, for a TextQuoteSelector."""
    return text[max(0, start - size): start], text[end: end + size]
