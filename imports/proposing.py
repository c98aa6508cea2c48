"""Safe defaults on the review page: what starts ticked, which claim "Record as" pre-selects, metric fit.

A default an editor accepts without reading becomes data, so each one is offered only when it is
right on the facts the candidate carries: a wrong default costs more than an empty one.
"""
from __future__ import annotations

import re

from claims import figures

TICK = 0.5  # a candidate starts ticked from this score (and only with no reason against it)


def starts_ticked(candidate, declined: set[str]) -> bool:
    """Say whether a candidate starts ticked: well scored, not doubted, not recorded, not declined before."""
    return (candidate.score >= TICK and not candidate.reason and not candidate.recorded
            and candidate.key not in declined)


def preselected(candidate) -> str:
    """Return the id of the claim "Record as" pre-selects, or "" for a new draft claim.

    Only when the candidate has subjects, a metric and a period, and a live claim with that same
    comparison key and an overlapping figure exists: an empty or partial key would match claims
    about other things ("some 500 local residents" filed as evidence of an unrelated claim).
    """
    complete = bool(candidate.entities) and candidate.metric is not None and bool(
        candidate.period_start or candidate.period_end)
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


def _stem(word: str) -> str:
    word = word.lower()
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def counted_thing_fits(figure: figures.Figure, metric_words: str) -> bool:
    """Say whether a count's counted thing ("25 streets") is what a metric counts.

    A count fits a metric only when its noun is in the metric's name or description: "25 streets"
    is not "Joint military exercises per year", and "40 times" is not "Territorial disputes settled".
    Other units (area, money, volume, shares) fit by their dimension alone.
    """
    if figure.unit.removesuffix(figures.PER_YEAR) != figures.COUNT:
        return True
    nouns = [_stem(w) for w in re.findall(r"[A-Za-z]+", figure.noun or "")]
    wanted = {_stem(w) for w in re.findall(r"[A-Za-z]+", metric_words)}
    return bool(nouns) and nouns[-1] in wanted


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
