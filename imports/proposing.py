"""Safe defaults on the review page: what starts ticked, which claim "Record as" pre-selects, metric fit.

A default an editor accepts without reading becomes data, so each one is offered only when it is
right on the facts the candidate carries: a wrong default costs more than an empty one.
"""
from __future__ import annotations

import re

from claims import figures

# Chosen on the judged news pages (the development set): from 0.5 a quarter of the ticked were wrong,
# from 0.7 under one in ten; the figures are in docs/editors/claim-detector.md.
TICK = 0.7  # a candidate starts ticked from this score (and only with no reason against it)


def starts_ticked(candidate, declined: set[str]) -> bool:
    """Say whether a candidate starts ticked: well scored, not doubted, not recorded, not declined before."""
    return (candidate.score >= TICK and not candidate.reason and not candidate.recorded
            and candidate.key not in declined)


def preselected(candidate) -> str:
    """Return the id of the claim "Record as" pre-selects, or "" for a new draft claim.

    Only when the candidate has subjects and a metric, and a live claim with the same comparison
    key (same subjects, same metric, same period: both open, or the same years) has an
    overlapping figure. A key without subjects or metric would match claims about other things
    ("some 500 local residents" filed as evidence of an unrelated claim), so it never pre-selects.
    """
    complete = bool(candidate.entities) and candidate.metric is not None
    return str(candidate.matches[0]["id"]) if complete and candidate.matches else ""


def choice_label(match: dict) -> str:
    """Describe an existing claim in full for "Record as": its statement, figure, and where it stands.

    "appearance of: … (11 exercises): published, rated inaccurate" or "…: draft, not yet rated".
    """
    from claims.models import ClaimStatus, Verdict

    status = ClaimStatus(match["status"]).label.lower()
    verdict = Verdict(match.get("verdict") or Verdict.NOT_YET_RATED)
    standing = f"{status}, {'not yet rated' if verdict == Verdict.NOT_YET_RATED else 'rated ' + verdict.label.lower()}"
    figure = f" ({match['figure']})" if match.get("figure") else ""
    return f"appearance of: {match['statement']}{figure}: {standing}"


# Counters that name no thing: what "40 times" counts is the event the verb names ("met 40 times").
_GENERIC_COUNTERS = {"time", "occasion", "instance", "round"}
_IRREGULAR = {"met": "meet", "spoke": "speak", "fought": "fight", "held": "hold", "flew": "fly", "went": "go",
              "saw": "see", "won": "win", "lost": "lose", "sold": "sell", "bought": "buy", "made": "make"}


def _root(word: str) -> str:
    word = _IRREGULAR.get(word.lower(), word.lower())
    for suffix in ("ings", "ing", "ies", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _roots(text: str) -> set[str]:
    return {_root(w) for w in re.findall(r"[A-Za-z]+", text)}


def counted_thing_fits(figure: figures.Figure, metric_words: str, before: str = "") -> bool:
    """Say whether a count's counted thing ("25 streets") is what a metric counts.

    A count fits a metric only when its noun is in the metric's name or description: "25 streets"
    is not "Joint military exercises per year". A counter that names nothing ("40 times") fits
    when the verb just ``before`` it does ("met over 40 times" is "Leader meetings", never
    "Territorial disputes settled"). Other units (area, money, volume, shares) fit by dimension.
    """
    if figure.unit.removesuffix(figures.PER_YEAR) != figures.COUNT:
        return True
    nouns = re.findall(r"[A-Za-z]+", figure.noun or "")
    if not nouns:
        return False
    wanted = _roots(metric_words)
    if nouns[-1].lower().removesuffix("s") in _GENERIC_COUNTERS:
        return bool({_root(w) for w in re.findall(r"[A-Za-z]+", before)[-3:]} & wanted)
    return _root(nouns[-1]) in wanted


def suggested_metric(figure: figures.Figure) -> str:
    """Name a new metric for a figure no known metric fits ("Number of streets", "Area", "Amount of money")."""
    unit = figure.unit.removesuffix(figures.PER_YEAR)
    per_year = " per year" if figure.unit.endswith(figures.PER_YEAR) else ""
    if unit == figures.COUNT:
        noun = " ".join((figure.noun or "").split()[-2:])
        return f"Number of {noun}{per_year}" if noun else ""
    try:
        dimension = figures.dimension_of(figure.unit)
    except figures.FigureError:
        return ""
    return f"{dimension[:1].upper()}{dimension[1:]}{per_year}" if dimension else ""
