"""Intervals: what a figure's wording allows, and how they compare."""
from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from .base import APPROXIMATE_SHARE, PER_YEAR, FigureError, Qualifier
from .units import CURRENCIES, convert, unit_definition


@dataclass(frozen=True)
class Interval:
    """A closed interval; None on either side means unbounded."""

    lower: float | None
    upper: float | None

    def __post_init__(self):
        if self.lower is not None and self.upper is not None and self.lower > self.upper:
            raise FigureError(f"interval lower bound {self.lower} is above its upper bound {self.upper}")

    def overlaps(self, other: Interval) -> bool:
        """Say whether the two intervals share at least one point."""
        low = max(_lower_or(self), _lower_or(other))
        high = min(_upper_or(self), _upper_or(other))
        return low <= high

    def __add__(self, other: Interval) -> Interval:
        """Add two intervals, as parts of a sum."""
        lower = None if self.lower is None or other.lower is None else self.lower + other.lower
        upper = None if self.upper is None or other.upper is None else self.upper + other.upper
        return Interval(lower, upper)

    def gap(self, other: Interval) -> float:
        """Return the distance between the nearest ends (0 when they overlap)."""
        if self.overlaps(other):
            return 0.0
        if _upper_or(self) < _lower_or(other):
            return _lower_or(other) - _upper_or(self)
        return _lower_or(self) - _upper_or(other)

    @property
    def midpoint(self) -> float | None:
        """Return the centre, or the finite end of a half-open interval."""
        if self.lower is not None and self.upper is not None:
            return (self.lower + self.upper) / 2
        return self.lower if self.lower is not None else self.upper


def _lower_or(interval: Interval) -> float:
    return -math.inf if interval.lower is None else interval.lower


def _upper_or(interval: Interval) -> float:
    return math.inf if interval.upper is None else interval.upper


@dataclass(frozen=True)
class Figure:
    """A figure as worded in a source, read into value, unit and qualifier."""

    text: str
    value: Decimal
    unit: str
    qualifier: Qualifier = Qualifier.EXACT
    noun: str = ""  # what a count counts ("exercises"), for display
    total: Decimal | None = None  # "17 of its 23": the 23
    range_end: Decimal | None = None  # "9–11 exercises": the 11 (value holds the 9)

    @property
    def currency(self) -> str:
        """Return the ISO code of a money figure's currency, or "" for other figures."""
        return self.unit.removesuffix(PER_YEAR) if self.unit.removesuffix(PER_YEAR) in CURRENCIES else ""

    @property
    def is_range(self) -> bool:
        return self.range_end is not None

    @property
    def interval(self) -> Interval:
        """Return the interval the wording allows, in the stated unit."""
        return figure_interval(self.value, self.unit, self.qualifier, upper=self.range_end)

    def interval_in(self, unit: str) -> Interval:
        """Return the interval converted to ``unit``."""
        stated = self.interval
        return Interval(
            None if stated.lower is None else convert(stated.lower, self.unit, unit),
            None if stated.upper is None else convert(stated.upper, self.unit, unit),
        )


def figure_interval(value: Decimal, unit: str, qualifier: Qualifier | str, upper: Decimal | None = None) -> Interval:
    """Return the interval that ``value`` (to ``upper`` for a range) in ``unit`` with ``qualifier`` stands for."""
    if upper is not None:
        low_end = figure_interval(value, unit, qualifier)
        high_end = figure_interval(upper, unit, qualifier)
        return Interval(low_end.lower, high_end.upper)
    interval = _interval_around(value, unit, Qualifier(qualifier))
    # Figures are amounts of zero or more (negative ones are refused), so no interval reaches below
    # zero: "0 km²" is 0–0.5 km², not −0.5–0.5, which the database's non-negative check refuses.
    if interval.lower is not None and interval.lower < 0 <= value:
        return Interval(0.0, interval.upper)
    return interval


def _interval_around(value: Decimal, unit: str, qualifier: Qualifier) -> Interval:
    """Return the interval the wording allows, before it is floored at zero."""
    unit_def = unit_definition(unit)
    number = float(value)
    exact = unit_def.dimension in {"count", "date"}
    half = 0.0 if exact else float(rounding_half_width(value))
    if qualifier is Qualifier.EXACT:
        return Interval(number - half, number + half)
    if qualifier is Qualifier.APPROXIMATELY:
        spread = max(2 * half, abs(number) * APPROXIMATE_SHARE)
        if exact:
            spread = max(spread, 1.0) if number else spread
            spread = math.ceil(spread)
        return Interval(number - spread, number + spread)
    if qualifier is Qualifier.NEARLY:
        return Interval(number - abs(number) * APPROXIMATE_SHARE, number)
    if qualifier in (Qualifier.OVER, Qualifier.AT_LEAST):
        return Interval(number, None)
    return Interval(min(0.0, number), number)  # UNDER, UP_TO


# Journalists write round numbers for rounded values, not for a ±50% band: a number ending in zeros
# ("100,000") is read to half a unit of its last non-zero digit, but never wider than this share of
# itself. Chosen on the labelled figure pairs in bench/figure_pairs.py (`make bench` prints the
# precision and recall for several shares).
ROUND_NUMBER_SHARE = 0.05


def rounding_half_width(value: Decimal) -> Decimal:
    """Return half a unit of the last significant digit, capped for round numbers: 350000 → 5000,
    100000 → 5000 (not 50000), 1.5 → 0.05, 11 → 0.5."""
    value = Decimal(value)
    if value == 0:
        return Decimal("0.5")
    sign, digits, exponent = value.normalize().as_tuple()
    # normalize() strips trailing zeros into the exponent: 350000 → 35E+4, so the last
    # significant digit sits at 10**exponent.
    half = Decimal(5) * Decimal(10) ** (exponent - 1)
    if exponent > 0:  # a round number: trailing zeros say "rounded", not "to the nearest 10**exponent"
        half = min(half, abs(value) * Decimal(str(ROUND_NUMBER_SHARE)))
    return half

