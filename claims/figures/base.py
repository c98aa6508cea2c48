"""What every part of figure reading shares: the error, the qualifiers and the unit symbols with a meaning."""
from __future__ import annotations

import enum


class FigureError(ValueError):
    """A figure or unit that cannot be read; the message names the input."""


class Qualifier(enum.StrEnum):
    EXACT = "exact"
    APPROXIMATELY = "approximately"
    NEARLY = "nearly"
    OVER = "over"
    AT_LEAST = "at_least"
    UNDER = "under"
    UP_TO = "up_to"


QUALIFIER_LABELS = {
    Qualifier.EXACT: "",
    Qualifier.APPROXIMATELY: "approximately",
    Qualifier.NEARLY: "nearly",
    Qualifier.OVER: "over",
    Qualifier.AT_LEAST: "at least",
    Qualifier.UNDER: "under",
    Qualifier.UP_TO: "up to",
}

APPROXIMATE_SHARE = 0.10

COUNT = "count"
YEAR = "year"
PER_YEAR = "/yr"
PER_DAY = "/d"  # only for physical quantities: "barrels per day", "tonnes per day"
# The database keeps figures as numeric(30, 6): 24 digits before the point.
MAX_DIGITS = 24
