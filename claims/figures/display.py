"""Wording figures for readers: "over 900,000 km²", "up to 50 billion m³ a year"."""
from __future__ import annotations

import math
from decimal import Decimal

from .base import COUNT, PER_YEAR, QUALIFIER_LABELS, YEAR, Qualifier


def format_number(value: float | Decimal | None) -> str:
    """Format a number for readers: thousands separators, at most three significant decimals."""
    if value is None:
        return "∞"
    number = float(value)
    if math.isinf(number):
        return "∞" if number > 0 else "−∞"
    if abs(number) >= 100 or number == int(number):
        return f"{round(number):,}"
    return f"{number:,.3g}"


_LARGE_NUMBER_WORDS = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def word_number(value: float | Decimal | None) -> str:
    """Format a number as readers say it: "50 billion", "1.5 million"; otherwise as ``format_number`` does.

    Only numbers that a word states exactly (at most three significant figures) are worded, so no
    precision is lost: 1,234,567 stays as it is.
    """
    if value is None:
        return format_number(value)
    number = float(value)
    for size, word in _LARGE_NUMBER_WORDS:
        if abs(number) >= size and not math.isinf(number):
            scaled = number / size
            if float(f"{scaled:.3g}") == scaled and abs(scaled) < 1000:
                return f"{scaled:.3g} {word}"
            break
    return format_number(value)


def word_unit(unit: str) -> str:
    """Word a unit symbol for readers: a yearly rate "m³/yr" reads "m³ a year"."""
    return unit[: -len(PER_YEAR)] + " a year" if unit.endswith(PER_YEAR) else unit


def describe(value: Decimal | float, unit: str, qualifier: Qualifier | str = Qualifier.EXACT, noun: str = "",
             upper: Decimal | float | None = None) -> str:
    """Word a figure for readers: "over 900,000 km²", "11 exercises", "up to 50 billion m³ a year"."""
    label = QUALIFIER_LABELS[Qualifier(qualifier)]
    if unit == YEAR:
        number = str(int(value)) + ("" if upper is None else f"–{int(upper)}")
    else:
        number = word_number(value) + ("" if upper is None else f"–{word_number(upper)}")
    unit_text = noun if unit == COUNT else ("" if unit == YEAR else word_unit(unit))
    joiner = "" if unit_text in {"%"} else " "
    return " ".join(part for part in (label, f"{number}{joiner}{unit_text}".strip()) if part)
