"""Parse worded figures into value, unit, qualifier and interval; convert units with pint.

Pure Python, no database: "over 900,000 square kilometers" becomes 900000 km², qualifier "over",
interval [900000, ∞). Intervals are what conflict detection compares.

How a figure becomes an interval (the methodology page repeats this for readers):
- A number is as precise as its significant figures: "350,000" means 345,000–355,000 and "1.5"
  means 1.45–1.55. Counts ("11 exercises") and calendar years are exact.
- "approximately" (about, around, roughly, some) widens that to ±10 % or twice the rounding,
  whichever is wider. "nearly" / "almost" mean a little under: [90 % of X, X].
- "over" / "more than" / "at least" open the top: [X, ∞). "up to" / "under" / "less than" close
  it from zero: [0, X].
- A range ("9–11 exercises", "between 9 and 11", "from $539 to $899") runs from its low end's
  interval to its high end's.

Money keeps its currency; amounts in different currencies are never converted except by
``convert_money`` with an explicit, dated rate. Clock times, days of the month, ordinals, versions,
ports, negative numbers, numbers too large to store and units nobody knows are refused with a
message that says which.
"""
import re

from . import chinese, english, russian
from .base import (
    APPROXIMATE_SHARE,
    COUNT,
    MAX_DIGITS,
    PER_YEAR,
    QUALIFIER_LABELS,
    YEAR,
    FigureError,
    Qualifier,
    refusal,
)
from .display import describe, format_number, word_number, word_unit
from .intervals import Figure, Interval, figure_interval, rounding_half_width
from .numerals import parse_number
from .units import CURRENCIES, UNITS, UnitDef, convert, convert_money, dimension_of, normalise_unit, unit_definition

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def figure_language(text: str) -> str:
    """Return the language a figure is worded in: "zh" for Chinese characters, "ru" for Cyrillic, else "en"."""
    if _HAN.search(text):
        return "zh"
    return "ru" if _CYRILLIC.search(text) else "en"


def parse_figure(text: str) -> Figure:
    """Read a worded figure in English, Russian or Chinese into a Figure ("about 1 million km²", "约100万平方公里").

    Raises FigureError, naming the input and what is wrong with it, when there is no number, the
    unit is unknown, the number is negative or too large, or the number is a time, date or version.
    """
    if not isinstance(text, str) or not text.strip():
        raise refusal("empty figure: give a number with its unit, e.g. '350,000 square miles'")
    reader = {"zh": chinese.parse, "ru": russian.parse}.get(figure_language(text), english.parse)
    return reader(text)

__all__ = [
    "APPROXIMATE_SHARE", "COUNT", "CURRENCIES", "MAX_DIGITS", "PER_YEAR", "QUALIFIER_LABELS", "UNITS", "YEAR",
    "Figure", "FigureError", "Interval", "Qualifier", "UnitDef", "convert", "convert_money", "describe",
    "dimension_of", "figure_interval", "figure_language", "format_number", "normalise_unit", "parse_figure", "parse_number",
    "rounding_half_width", "unit_definition", "word_number", "word_unit",
]
