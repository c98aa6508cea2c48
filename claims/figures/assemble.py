"""The last step every language shares: from the numbers, unit and qualifier read to a checked Figure."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .base import COUNT, MAX_DIGITS, PER_YEAR, YEAR, FigureError, Qualifier
from .intervals import Figure


@dataclass
class Reading:
    """What a language's reader found in a figure's wording, before the shared checks."""

    value: Decimal
    range_end: Decimal | None = None
    unit: str = COUNT
    qualifier: Qualifier = Qualifier.EXACT
    noun: str = ""
    per_year: bool = False
    multiplied: bool = False  # a multiplier word ("тыс.", "万") was read: never a calendar year
    year_marked: bool = False  # the wording says it is a year ("в 1858 году", "1858年")


def assemble(original: str, reading: Reading) -> Figure:
    """Check a reading (range order, size) and make it a Figure; bare four-digit numbers become years."""
    value, range_end = reading.value, reading.range_end
    if range_end is not None and range_end < value:
        raise FigureError(f"the range in {original!r} runs backwards: {value} is above {range_end}")
    check_size(original, value, range_end)
    symbol = reading.unit
    if reading.per_year and symbol not in (COUNT, YEAR):
        symbol += PER_YEAR
    if symbol == COUNT and not reading.multiplied and looks_like_year(value) and (
            range_end is None or looks_like_year(range_end)) and (reading.year_marked or not reading.noun):
        return Figure(original, value, YEAR, reading.qualifier, range_end=range_end)
    return Figure(original, value, symbol, reading.qualifier, noun=reading.noun, range_end=range_end)


def check_size(original: str, value: Decimal, range_end: Decimal | None) -> None:
    """Refuse a figure too large for the database to keep."""
    for number in (value, range_end):
        if number is not None and abs(number) >= Decimal(10) ** MAX_DIGITS:
            raise FigureError(f"{original!r} is too large: figures must be below 10^{MAX_DIGITS}")


def looks_like_year(value: Decimal) -> bool:
    return value == value.to_integral_value() and 1000 <= value <= 2200
