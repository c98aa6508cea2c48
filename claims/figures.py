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
"""
from __future__ import annotations

import enum
import functools
import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


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

# Longest phrases first so "more than" wins over "more".
_QUALIFIER_WORDS = {
    "approximately": Qualifier.APPROXIMATELY,
    "approx.": Qualifier.APPROXIMATELY,
    "about": Qualifier.APPROXIMATELY,
    "around": Qualifier.APPROXIMATELY,
    "roughly": Qualifier.APPROXIMATELY,
    "some": Qualifier.APPROXIMATELY,
    "an estimated": Qualifier.APPROXIMATELY,
    "nearly": Qualifier.NEARLY,
    "almost": Qualifier.NEARLY,
    "just under": Qualifier.NEARLY,
    "over": Qualifier.OVER,
    "more than": Qualifier.OVER,
    "above": Qualifier.OVER,
    "in excess of": Qualifier.OVER,
    "upwards of": Qualifier.OVER,
    "at least": Qualifier.AT_LEAST,
    "no fewer than": Qualifier.AT_LEAST,
    "no less than": Qualifier.AT_LEAST,
    "under": Qualifier.UNDER,
    "less than": Qualifier.UNDER,
    "fewer than": Qualifier.UNDER,
    "below": Qualifier.UNDER,
    "up to": Qualifier.UP_TO,
    "as much as": Qualifier.UP_TO,
    "as many as": Qualifier.UP_TO,
    "at most": Qualifier.UP_TO,
}
# Words that say a figure adds to another ("a further 100,000"), not how precise it is.
_INCREMENT_WORDS = ("a further", "another", "an additional", "an extra", "further", "additional")

APPROXIMATE_SHARE = 0.10

COUNT = "count"
YEAR = "year"
PER_YEAR = "/yr"


@dataclass(frozen=True)
class UnitDef:
    symbol: str
    pint_expr: str | None  # None: not a physical quantity (counts, calendar years)
    dimension: str
    aliases: tuple[str, ...]


UNITS: tuple[UnitDef, ...] = (
    UnitDef("km²", "kilometer ** 2", "area",
            ("square kilometers", "square kilometres", "square kilometer", "square kilometre", "sq km",
             "sq. km", "km2", "km^2", "km²")),
    UnitDef("sq mi", "mile ** 2", "area",
            ("square miles", "square mile", "sq mi", "sq. mi.", "sq. mi", "mi2", "mi^2", "mi²")),
    UnitDef("m²", "meter ** 2", "area",
            ("square meters", "square metres", "square meter", "square metre", "sq m", "m2", "m^2", "m²")),
    UnitDef("ha", "hectare", "area", ("hectares", "hectare", "ha")),
    UnitDef("acre", "acre", "area", ("acres", "acre")),
    UnitDef("km", "kilometer", "length", ("kilometers", "kilometres", "kilometer", "kilometre", "km")),
    UnitDef("mi", "mile", "length", ("miles", "mile", "mi")),
    UnitDef("m", "meter", "length", ("meters", "metres", "meter", "metre", "m")),
    UnitDef("m³", "meter ** 3", "volume",
            ("cubic meters", "cubic metres", "cubic meter", "cubic metre", "m3", "m^3", "m³")),
    UnitDef("bbl", "oil_barrel", "volume", ("barrels", "barrel", "bbl")),
    UnitDef("t", "metric_ton", "mass", ("tonnes", "tonne", "metric tons", "metric ton", "t")),
    UnitDef("kg", "kilogram", "mass", ("kilograms", "kilogram", "kg")),
    UnitDef("USD", None, "money", ("dollars", "dollar", "usd", "us dollars", "$")),
    UnitDef("%", None, "share", ("percent", "per cent", "%")),
    UnitDef(COUNT, None, "count", ("count",)),
    UnitDef(YEAR, None, "date", ("year", "calendar year")),
)
_UNITS_BY_SYMBOL = {u.symbol: u for u in UNITS}
_UNITS_BY_ALIAS = {alias: u for u in UNITS for alias in u.aliases}
# Aliases that carry their own multiplier, as newsrooms write them.
_SCALED_ALIASES = {"bcm": ("m³", Decimal(10) ** 9), "billion cubic meters": ("m³", Decimal(10) ** 9)}

_MULTIPLIERS = {
    "thousand": Decimal(10) ** 3,
    "million": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
}
_RATE_WORDS = ("annually", "a year", "per year", "each year", "every year", "per annum", "a-year", "/yr", "/year")

_NUMBER = r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?)"
_OF_TOTAL = re.compile(r"^(?P<part>\d[\d,]*)\s+of\s+(?:its|the|their|his|her|our)?\s*(?P<total>\d[\d,]*)\b(?P<rest>.*)$")


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

    @property
    def interval(self) -> Interval:
        """Return the interval the wording allows, in the stated unit."""
        return figure_interval(self.value, self.unit, self.qualifier)

    def interval_in(self, unit: str) -> Interval:
        """Return the interval converted to ``unit``."""
        stated = self.interval
        return Interval(
            None if stated.lower is None else convert(stated.lower, self.unit, unit),
            None if stated.upper is None else convert(stated.upper, self.unit, unit),
        )


def figure_interval(value: Decimal, unit: str, qualifier: Qualifier | str) -> Interval:
    """Return the interval that ``value`` in ``unit`` with ``qualifier`` stands for."""
    qualifier = Qualifier(qualifier)
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


def unit_definition(unit: str) -> UnitDef:
    """Return the catalogue entry for a unit symbol or alias, including "<unit>/yr" rates."""
    symbol = normalise_unit(unit)
    base = symbol.removesuffix(PER_YEAR)
    base_def = _UNITS_BY_SYMBOL[base]
    if symbol.endswith(PER_YEAR):
        expr = None if base_def.pint_expr is None else f"({base_def.pint_expr}) / year"
        return UnitDef(symbol, expr, f"{base_def.dimension} per year", ())
    return base_def


def normalise_unit(unit: str) -> str:
    """Return the catalogue symbol for a unit as written ("square miles" → "sq mi")."""
    if not isinstance(unit, str) or not unit.strip():
        raise FigureError(f"no unit given ({unit!r})")
    text = " ".join(unit.strip().lower().split())
    per_year = False
    for suffix in ("/yr", "/year", " per year", " a year", " annually", " per annum"):
        if text.endswith(suffix):
            text, per_year = text.removesuffix(suffix).strip(), True
            break
    found = _UNITS_BY_ALIAS.get(text)
    if found is None:
        known = ", ".join(u.symbol for u in UNITS)
        raise FigureError(f"unknown unit {unit!r}; known units: {known} (add /yr for yearly rates)")
    return found.symbol + (PER_YEAR if per_year else "")


def dimension_of(unit: str) -> str:
    """Return the dimension name of a unit ("area", "count", "volume per year")."""
    return unit_definition(unit).dimension


def convert(value: float | Decimal, from_unit: str, to_unit: str) -> float:
    """Convert a number between two units of the same dimension."""
    source, target = unit_definition(from_unit), unit_definition(to_unit)
    if source.symbol == target.symbol:
        return float(value)
    if source.dimension != target.dimension or source.pint_expr is None or target.pint_expr is None:
        raise FigureError(
            f"cannot convert {source.symbol} ({source.dimension}) to {target.symbol} ({target.dimension})"
        )
    return float(value) * _conversion_factor(source.pint_expr, target.pint_expr)


@functools.cache
def _conversion_factor(source_expr: str, target_expr: str) -> float:
    """Return how many target units make one source unit (every unit here is linear)."""
    return float(_unit_registry().Quantity(1.0, source_expr).to(target_expr).magnitude)


@functools.cache
def _unit_registry():
    import pint  # imported lazily: building the registry takes a moment, and most callers never convert

    return pint.UnitRegistry()


def parse_number(text: str) -> Decimal:
    """Read "900,000", "1.5" or "50 billion" as a Decimal."""
    match = re.fullmatch(_NUMBER + r"(?:\s+(?P<mult>thousand|million|billion|trillion))?", text.strip().lower())
    if not match:
        raise FigureError(f"cannot read a number in {text!r}")
    return _number_value(match["number"], match["mult"])


def _number_value(number: str, multiplier: str | None) -> Decimal:
    if re.search(r"\d,\d{0,2}(?:\D|$)|\d,\d{4}", number):
        raise FigureError(f"malformed thousands separators in {number!r}")
    try:
        value = Decimal(number.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only digits
        raise FigureError(f"cannot read a number in {number!r}") from exc
    if multiplier:
        value *= _MULTIPLIERS[multiplier]
    return value


def parse_figure(text: str) -> Figure:
    """Read a worded figure ("approximately 150,000 square miles") into a Figure.

    Raises FigureError, naming the input, when there is no number or the unit is unknown.
    """
    if not isinstance(text, str) or not text.strip():
        raise FigureError("empty figure: give a number with its unit, e.g. '350,000 square miles'")
    original = text
    rest = " ".join(text.strip().split()).lower().replace("\u2019", "'")

    qualifier = Qualifier.EXACT
    for increment in _INCREMENT_WORDS:
        if rest.startswith(increment + " "):
            rest = rest[len(increment) + 1:]
            break
    for phrase in sorted(_QUALIFIER_WORDS, key=len, reverse=True):
        if rest.startswith(phrase + " "):
            qualifier = _QUALIFIER_WORDS[phrase]
            rest = rest[len(phrase) + 1:]
            break

    total = None
    of_total = _OF_TOTAL.match(rest)
    if of_total:
        value = _number_value(of_total["part"], None)
        total = _number_value(of_total["total"], None)
        noun = _noun_phrase(of_total["rest"])
        if total < value:
            raise FigureError(f"{original!r}: the part ({value}) is larger than the whole ({total})")
        return Figure(original, value, COUNT, qualifier, noun=noun, total=total)

    if rest.startswith("$"):
        rest = rest[1:].lstrip() + " dollars"
    match = re.match(_NUMBER + r"(?:\s*(?P<mult>thousand|million|billion|trillion)\b)?\s*(?P<rest>.*)$", rest)
    if not match:
        raise FigureError(f"no number found in {original!r}")
    if re.match(r"[,.]\d", rest[match.end("number"):]):
        raise FigureError(f"malformed number in {original!r}: use 900,000 or 900000.5")
    value = _number_value(match["number"], match["mult"])
    tail = match["rest"].strip()
    per_year = any(word in f" {tail} " for word in (f" {w} " for w in _RATE_WORDS)) or tail.startswith("/")

    symbol, scale, noun = _read_unit(tail, original)
    value *= scale
    if per_year and symbol != COUNT:
        symbol += PER_YEAR
    if symbol == COUNT and not match["mult"] and not tail and _looks_like_year(value):
        symbol = YEAR
    return Figure(original, value, symbol, qualifier, noun=noun, total=total)


def _read_unit(tail: str, original: str) -> tuple[str, Decimal, str]:
    """Match the longest known unit at the start of ``tail``; other nouns make a count."""
    words = re.findall(r"[^\s(),;:]+", tail)
    for size in range(min(4, len(words)), 0, -1):
        phrase = " ".join(words[:size]).rstrip(".")
        for candidate in (phrase, phrase + "."):
            if candidate in _SCALED_ALIASES:
                symbol, scale = _SCALED_ALIASES[candidate]
                return symbol, scale, ""
            if candidate in _UNITS_BY_ALIAS:
                return _UNITS_BY_ALIAS[candidate].symbol, Decimal(1), ""
    if words and words[0] in {"square", "sq", "sq.", "cubic"}:
        raise FigureError(f"unknown unit {' '.join(words[:2])!r} in {original!r}")
    return COUNT, Decimal(1), _noun_phrase(tail)


_NOUN_STOPWORDS = {"in", "since", "of", "from", "to", "at", "on", "by", "for", "and", "with", "that", "which", "a", "per"}


def _noun_phrase(text: str) -> str:
    """Return what a count counts: the words before a preposition or punctuation, at most three."""
    words = []
    for word in re.match(r"[a-z\s-]*", text.strip())[0].split():
        if word in _NOUN_STOPWORDS or len(words) == 3:
            break
        words.append(word)
    return " ".join(words)


def _looks_like_year(value: Decimal) -> bool:
    return value == value.to_integral_value() and 1000 <= value <= 2200


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


def describe(value: Decimal | float, unit: str, qualifier: Qualifier | str = Qualifier.EXACT, noun: str = "") -> str:
    """Word a figure for readers: "over 900,000 km²", "11 exercises"."""
    label = QUALIFIER_LABELS[Qualifier(qualifier)]
    if unit == YEAR:
        number = str(int(value))
    else:
        number = format_number(value)
    unit_text = noun if unit == COUNT else ("" if unit == YEAR else unit)
    joiner = "" if unit_text in {"%"} else " "
    return " ".join(part for part in (label, f"{number}{joiner}{unit_text}".strip()) if part)
