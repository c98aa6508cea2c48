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
    UnitDef("cm", "centimeter", "length", ("centimeters", "centimetres", "centimeter", "centimetre", "cm")),
    UnitDef("mm", "millimeter", "length", ("millimeters", "millimetres", "millimeter", "millimetre", "mm")),
    UnitDef("mi", "mile", "length", ("miles", "mile", "mi")),
    UnitDef("m", "meter", "length", ("meters", "metres", "meter", "metre", "m")),
    UnitDef("m³", "meter ** 3", "volume",
            ("cubic meters", "cubic metres", "cubic meter", "cubic metre", "m3", "m^3", "m³")),
    UnitDef("km³", "kilometer ** 3", "volume",
            ("cubic kilometers", "cubic kilometres", "cubic kilometer", "cubic kilometre", "km3", "km^3", "km³")),
    UnitDef("bbl", "oil_barrel", "volume", ("barrels", "barrel", "bbl")),
    UnitDef("t", "metric_ton", "mass", ("tonnes", "tonne", "metric tons", "metric ton", "t")),
    UnitDef("kg", "kilogram", "mass", ("kilograms", "kilogram", "kg")),
    # Currencies have no pint expression: no amount is ever converted into another currency silently.
    UnitDef("USD", None, "money", ("dollars", "dollar", "usd", "us dollars", "us dollar", "$", "us$")),
    UnitDef("EUR", None, "money", ("euros", "euro", "eur", "€")),
    UnitDef("GBP", None, "money", ("pounds sterling", "pound sterling", "gbp", "£", "sterling")),
    UnitDef("JPY", None, "money", ("yen", "jpy", "¥")),
    UnitDef("CNY", None, "money", ("yuan", "renminbi", "cny", "rmb")),
    UnitDef("RUB", None, "money", ("rubles", "ruble", "roubles", "rouble", "rub", "₽")),
    UnitDef("%", None, "share", ("percent", "per cent", "%", "pct")),
    # A difference between two percentages; never converted to or from a percentage.
    UnitDef("pp", None, "share difference", ("percentage points", "percentage point", "pp", "pct points")),
    # Temperatures convert with an offset, which the linear conversion here cannot do: kept apart.
    UnitDef("°C", None, "temperature (Celsius)", ("°c", "° c", "degrees celsius", "degree celsius", "degrees c",
                                                  "celsius", "ºc")),
    UnitDef("°F", None, "temperature (Fahrenheit)", ("°f", "° f", "degrees fahrenheit", "degree fahrenheit",
                                                     "degrees f", "fahrenheit", "ºf")),
    UnitDef(COUNT, None, "count", ("count",)),
    UnitDef(YEAR, None, "date", ("year", "calendar year")),
)
_UNITS_BY_SYMBOL = {u.symbol: u for u in UNITS}
_UNITS_BY_ALIAS = {alias: u for u in UNITS for alias in u.aliases}
CURRENCIES = frozenset(u.symbol for u in UNITS if u.dimension == "money")
# The database keeps figures as numeric(30, 6): 24 digits before the point.
MAX_DIGITS = 24
# Aliases that carry their own multiplier, as newsrooms write them.
_SCALED_ALIASES = {"bcm": ("m³", Decimal(10) ** 9), "billion cubic meters": ("m³", Decimal(10) ** 9)}

_MULTIPLIERS = {
    "thousand": Decimal(10) ** 3,
    "million": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
}
_RATE_WORDS = ("annually", "a year", "per year", "each year", "every year", "per annum", "a-year", "/yr", "/year")
# "a year earlier", "a year ago": a time, not a yearly rate; "annually" and "per annum" are always rates.
_RATE = re.compile(r"(?:^|\s)(?:(?:annually|per annum|/yr|/year)"
                   r"|(?:a year|per year|each year|every year|a-year)"
                   r"(?!\s+(?:earlier|ago|before|later|after|since|on|from|into|or)\b))(?:\s|$|[.,;:)])")

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
    if source.dimension == target.dimension == "money" or {source.dimension, target.dimension} == {"money per year"}:
        raise FigureError(
            f"amounts in different currencies ({source.symbol}, {target.symbol}) are not converted: "
            "compare them with convert_money and an explicit, dated exchange rate"
        )
    if source.dimension != target.dimension or source.pint_expr is None or target.pint_expr is None:
        raise FigureError(
            f"cannot convert {source.symbol} ({source.dimension}) to {target.symbol} ({target.dimension})"
        )
    return float(value) * _conversion_factor(source.pint_expr, target.pint_expr)


def convert_money(amount: Decimal, from_currency: str, to_currency: str, *, rate: Decimal, rate_date) -> Decimal:
    """Convert an amount between currencies at an explicit ``rate`` (units of ``to_currency`` per one) of ``rate_date``."""
    source, target = normalise_unit(from_currency), normalise_unit(to_currency)
    for symbol in (source, target):
        if symbol not in CURRENCIES:
            raise FigureError(f"{symbol!r} is not a currency")
    if rate_date is None:
        raise FigureError(f"a rate from {source} to {target} needs the date it applies to")
    rate = Decimal(rate)
    if not rate.is_finite() or rate <= 0:
        raise FigureError(f"an exchange rate must be a positive number, not {rate}")
    return Decimal(amount) * (Decimal(1) if source == target else rate)


@functools.cache
def _conversion_factor(source_expr: str, target_expr: str) -> float:
    """Return how many target units make one source unit (every unit here is linear)."""
    return float(_unit_registry().Quantity(1.0, source_expr).to(target_expr).magnitude)


@functools.cache
def _unit_registry():
    import pint  # imported lazily: building the registry takes a moment, and most callers never convert

    return pint.UnitRegistry()


def parse_number(text: str) -> Decimal:
    """Read "900,000", "1.5", "50 billion" or "forty" as a Decimal."""
    spelled = _spelled_to_digits(text.strip().lower())
    match = re.fullmatch(_NUMBER + r"(?:\s+(?P<mult>thousand|million|billion|trillion))?", spelled)
    if not match:
        raise FigureError(f"cannot read a number in {text!r}")
    return _number_value(match["number"], match["mult"])


def _number_value(number: str, multiplier: str | None) -> Decimal:
    if re.search(r"\d,\d{0,2}(?:\D|$)|\d,\d{4}", number):
        raise FigureError(f"malformed thousands separators in {number!r}")
    digits = number.replace(",", "")
    # Checked on the digits, before any arithmetic: Decimal would round a 30-digit number silently.
    if len(digits.split(".")[0].lstrip("0")) > MAX_DIGITS:
        raise FigureError(f"the number {number} is too large: figures must be below 10^{MAX_DIGITS}")
    try:
        value = Decimal(digits)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only digits
        raise FigureError(f"cannot read a number in {number!r}") from exc
    if multiplier:
        value *= _MULTIPLIERS[multiplier]
    return value


# --- Spelled-out numbers ---------------------------------------------------------------------------

_SMALL_NUMBERS = {word: n for n, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_TENS = {word: 10 * n for n, word in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_NUMBER_WORD = "|".join(sorted([*_SMALL_NUMBERS, *_TENS, "hundred", "dozen", *_SCALES], key=len, reverse=True))
# "and" belongs to a number only after a hundred or a scale ("one hundred and twenty"), so
# "between nine and eleven" stays two numbers.
_SPELLED = re.compile(
    rf"(?<![\w.,])(?:(?:a|an)\s+(?=(?:hundred|thousand|million|billion|trillion|dozen)\b))?"
    rf"(?:{_NUMBER_WORD})\b(?:(?:\s*,\s*|\s+|-)(?:(?<=hundred )and\s+|(?<=thousand )and\s+|"
    rf"(?<=million )and\s+|(?<=billion )and\s+)?(?:{_NUMBER_WORD})\b)*"
)


def _spelled_value(words: str) -> int:
    total, current = 0, 0
    for token in re.findall(r"[a-z]+", words):
        if token in ("a", "an", "and"):
            current = current or (1 if token != "and" else 0)
        elif token in _SMALL_NUMBERS:
            current += _SMALL_NUMBERS[token]
        elif token in _TENS:
            current += _TENS[token]
        elif token == "hundred":
            current = (current or 1) * 100
        elif token == "dozen":
            current = (current or 1) * 12
        else:
            total += (current or 1) * _SCALES[token]
            current = 0
    return total + current


def _spelled_to_digits(text: str) -> str:
    """Write spelled-out numbers in digits: "two million" → "2000000", "forty" → "40"."""
    def digits(match: re.Match) -> str:
        words = match.group()
        if re.fullmatch(r"(?:thousand|million|billion|trillion)", words):
            return words  # "50 billion": a multiplier of the digits before it, read later
        last_word = words.rpartition(" ")[2]
        if last_word in _SCALES and re.search(r"\d\s*$", text[: match.start()]):
            return words
        return str(_spelled_value(words))

    return _SPELLED.sub(digits, text)


# --- What is not a figure ---------------------------------------------------------------------------

_MONTH_NAMES = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
                r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_NOT_FIGURES = (
    (re.compile(r"^\d{1,2}(?::\d{2}){1,2}(?:\s*[ap]\.?m\.?)?(?!\w)|^\d{1,2}\s*[ap]\.?m\.?(?!\w)"), "a clock time"),
    (re.compile(rf"^\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_NAMES}(?!\w)"), "a day of the month"),
    (re.compile(rf"^{_MONTH_NAMES}\s+\d{{1,2}}(?:st|nd|rd|th)?(?!\d)"), "a day of the month"),
    (re.compile(r"^\d+(?:st|nd|rd|th)\b"), "an ordinal (a rank or position)"),
    (re.compile(r"^\d+\.\d+\.\d+"), "a version number"),
    (re.compile(r"^\d+/(?:tcp|udp|sctp)\b"), "a network port"),
)
_NEGATIVE = re.compile(r"^(?:-|minus\s+)\s*(?:[$€£¥₽]|us\$)?\s*\d")


def _refuse_non_figure(rest: str, original: str) -> None:
    """Refuse numbers that name a time, a date, a rank, a version or a port, and negative numbers."""
    if _NEGATIVE.match(rest):
        raise FigureError(f"negative figure in {original!r}: figures are amounts of zero or more; "
                          f"word a fall as 'fell by …'")
    for pattern, what in _NOT_FIGURES:
        if pattern.match(rest):
            raise FigureError(f"{original!r} is {what}, not a figure")


# --- Amounts, currencies and ranges -------------------------------------------------------------------

_CURRENCY_PREFIXES = {"us$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB",
                      "usd": "USD", "eur": "EUR", "gbp": "GBP", "jpy": "JPY", "cny": "CNY", "rmb": "CNY",
                      "rub": "RUB"}
_CURRENCY_PREFIX = re.compile(
    r"(?P<currency>us\$|\$|€|£|¥|₽|(?:usd|eur|gbp|jpy|cny|rmb|rub)(?=\s*\d))\s*")
# After a currency, newsrooms abbreviate: "$2.174T", "$470B", "€3bn", "£5m", "$10k".
_MONEY_MULTIPLIERS = {"t": "trillion", "tn": "trillion", "trn": "trillion", "b": "billion", "bn": "billion",
                      "m": "million", "mn": "million", "mln": "million", "k": "thousand"}
_AMOUNT = re.compile(
    _NUMBER + r"(?P<exponent>e[+-]?\d+)?"
    r"(?:\s*(?P<mult>thousand|million|billion|trillion)\b|(?P<short>tn|trn|bn|mn|mln|[tbmk])(?![\w²³]))?"
)
_RANGE_JOINER = {"between": r"\s*(?:and|-|–|—)\s*", "from": r"\s*(?:to|-|–|—)\s*", "": r"\s*(?:to|-|–|—)\s*"}


@dataclass
class _Amount:
    value: Decimal
    currency: str
    multiplier: str | None
    end: int


def _read_amount(rest: str, original: str, position: int = 0) -> _Amount | None:
    """Read an optional currency, a number and its multiplier at ``position`` in ``rest``."""
    currency = ""
    prefix = _CURRENCY_PREFIX.match(rest, position)
    if prefix:
        currency = _CURRENCY_PREFIXES[prefix["currency"]]
        position = prefix.end()
    match = _AMOUNT.match(rest, position)
    if not match:
        return None
    if re.match(r"[,.]\d", rest[match.end("number"):]):
        raise FigureError(f"malformed number in {original!r}: use 900,000 or 900000.5")
    multiplier = match["mult"]
    end = match.end()
    if match["short"]:
        if currency:
            multiplier = _MONEY_MULTIPLIERS[match["short"]]
        else:
            end = match.end("exponent") if match["exponent"] else match.end("number")  # "4 t", "50 m": units
    value = _number_value(match["number"], multiplier)
    if match["exponent"]:
        exponent = int(match["exponent"][1:])
        if exponent + len(str(int(value))) > MAX_DIGITS + 1:
            raise FigureError(f"{original!r} is too large: figures must be below 10^{MAX_DIGITS}")
        value = value.scaleb(exponent)
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))  # "1e3" reads as 1000, not 1E+3
    return _Amount(value, currency, multiplier, end)


def parse_figure(text: str) -> Figure:
    """Read a worded figure ("approximately 150,000 square miles", "$539 to $899") into a Figure.

    Raises FigureError, naming the input and what is wrong with it, when there is no number, the
    unit is unknown, the number is negative or too large, or the number is a time, date or version.
    """
    if not isinstance(text, str) or not text.strip():
        raise FigureError("empty figure: give a number with its unit, e.g. '350,000 square miles'")
    original = text
    rest = " ".join(text.strip().split()).lower().replace("\u2019", "'").replace("\u2212", "-")
    rest = _spelled_to_digits(rest)

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
    _refuse_non_figure(rest, original)

    of_total = _OF_TOTAL.match(rest)
    if of_total:
        value = _number_value(of_total["part"], None)
        total = _number_value(of_total["total"], None)
        noun = _noun_phrase(of_total["rest"])
        if total < value:
            raise FigureError(f"{original!r}: the part ({value}) is larger than the whole ({total})")
        return Figure(original, value, COUNT, qualifier, noun=noun, total=total)

    opener = re.match(r"(between|from)\s+", rest)
    start = opener.end() if opener else 0
    first = _read_amount(rest, original, start)
    if first is None:
        if opener is None and re.search(r"\d", rest):
            raise FigureError(f"{original!r} does not start with a number: a name, version or command "
                              "(such as 'Python 3' or 'chmod 400') is not a figure")
        raise FigureError(f"no number found in {original!r}")
    second = None
    joiner = re.compile(_RANGE_JOINER[opener[1] if opener else ""]).match(rest, first.end)
    if joiner:
        second = _read_amount(rest, original, joiner.end())
    if opener and second is None:
        raise FigureError(f"{original!r} opens a range with {opener[1]!r} but gives no second number")
    currency = first.currency or (second.currency if second else "")
    value, range_end, end = first.value, None, first.end
    if second is not None:
        if first.currency and second.currency and first.currency != second.currency:
            raise FigureError(f"{original!r} mixes currencies ({first.currency}, {second.currency})")
        range_end, end = second.value, second.end
        if second.multiplier and not first.multiplier:
            value *= _MULTIPLIERS[second.multiplier]  # "2–3 million": the multiplier applies to both ends
        if range_end < value:
            raise FigureError(f"the range in {original!r} runs backwards: {value} is above {range_end}")
    tail = rest[end:].strip()
    per_year = bool(_RATE.search(f" {tail} ")) or tail.startswith("/")

    if currency:
        symbol, scale, noun = currency, Decimal(1), ""
    else:
        symbol, scale, noun = _read_unit(tail, original)
    value *= scale
    range_end = None if range_end is None else range_end * scale
    for number in (value, range_end):
        if number is not None and abs(number) >= Decimal(10) ** MAX_DIGITS:
            raise FigureError(f"{original!r} is too large: figures must be below 10^{MAX_DIGITS}")
    if per_year and symbol != COUNT:
        symbol += PER_YEAR
    multiplied = first.multiplier or (second.multiplier if second else None)
    if symbol == COUNT and not multiplied and not tail and _looks_like_year(value) and (
            range_end is None or _looks_like_year(range_end)):
        symbol = YEAR
    return Figure(original, value, symbol, qualifier, noun=noun, range_end=range_end)


def _read_unit(tail: str, original: str) -> tuple[str, Decimal, str]:
    """Match the longest known unit at the start of ``tail``; a word for what is counted makes a count."""
    if re.match(r"/\s*(?:tcp|udp|sctp)\b", tail):
        raise FigureError(f"{original!r} is a network port, not a figure")
    words = re.findall(r"[^\s(),;:]+", tail)
    for size in range(min(4, len(words)), 0, -1):
        phrase = " ".join(words[:size]).rstrip(".")
        for candidate in (phrase, phrase + "."):
            if candidate in _SCALED_ALIASES:
                symbol, scale = _SCALED_ALIASES[candidate]
                return symbol, scale, ""
            if candidate in _UNITS_BY_ALIAS:
                symbol = _UNITS_BY_ALIAS[candidate].symbol
                if size < len(words) and words[size].rstrip(".,") in _POWER_WORDS:
                    return _powered(symbol, words[size].rstrip(".,"), original), Decimal(1), ""
                return symbol, Decimal(1), ""
    if words and words[0] in {"square", "sq", "sq.", "cubic"}:
        raise FigureError(f"unknown unit {' '.join(words[:2])!r} in {original!r}")
    if words and words[0].startswith("/") and not _is_rate_suffix(words[0]):
        raise FigureError(f"unknown unit {words[0]!r} in {original!r}")
    noun = _noun_phrase(tail)
    if noun:
        _check_counted_word(noun.split()[0], original)
    return COUNT, Decimal(1), noun


_POWER_WORDS = {"squared": 2, "cubed": 3}
_POWERS = {("km", 2): "km²", ("m", 2): "m²", ("mi", 2): "sq mi", ("km", 3): "km³", ("m", 3): "m³"}


def _powered(symbol: str, word: str, original: str) -> str:
    """Return the unit of "km squared", "m cubed"."""
    powered = _POWERS.get((symbol, _POWER_WORDS[word]))
    if powered is None:
        raise FigureError(f"unknown unit '{symbol} {word}' in {original!r}")
    return powered


def _is_rate_suffix(word: str) -> bool:
    """Say whether a suffix after a slash makes a yearly rate ("/yr")."""
    return word.rstrip(".,;") in {"/yr", "/year", "/a"}


# Words pint reads as units that are also ordinary things to count ("3 points", "two hands").
_COUNTABLE_UNIT_WORDS = {"point", "hand", "stone", "bar", "barn", "grain", "cup", "drop", "turn", "degree", "bit",
                         "unit", "count", "second", "minute", "hour", "day", "week", "month", "year", "decade",
                         "century", "fortnight"}


def _check_counted_word(word: str, original: str) -> None:
    """Refuse a unit the catalogue lacks ("hectopascals") or a word nobody knows ("zorks") as a count."""
    word = word.strip("-'")
    singular = _singular_forms(word)
    if singular & _COUNTABLE_UNIT_WORDS:
        return
    dimension = _pint_dimension(word)
    if dimension and dimension != "[time]":
        known = ", ".join(u.symbol for u in UNITS)
        raise FigureError(f"unit {word!r} ({dimension}) in {original!r} is not one Crosscheck measures; "
                          f"known units: {known}")
    if any(form in _english_words() for form in singular) or all(
            any(f in _english_words() for f in _singular_forms(part)) for part in word.split("-") if part):
        return
    if re.search(rf"\b{re.escape(word[:1].upper() + word[1:])}", original):
        return  # a proper noun: "40 Russians", "17 Uyghurs"
    raise FigureError(f"unknown unit {word!r} in {original!r}: neither a unit Crosscheck knows nor a word "
                      "for what is counted")


def _singular_forms(word: str) -> set[str]:
    """Return the word and the stems it may come from ("disputes" → "dispute", "propelled" → "propel")."""
    forms = {word}
    for suffix in ("ed", "d", "ing"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            forms.add(word[: -len(suffix)])
            forms.add(word[: -len(suffix) - 1])  # "propelled" → "propel"
    if word.endswith("ies"):
        forms.add(word[:-3] + "y")
    if word.endswith("es"):
        forms.add(word[:-2])
    if word.endswith("s"):
        forms.add(word[:-1])
    if word.endswith("men"):
        forms.add(word[:-3] + "man")
    return forms


@functools.cache
def _english_words() -> frozenset[str]:
    """Return the English words a count may count (the english-words lists and quantulum3's common words)."""
    from english_words import get_english_words_set

    words = set(get_english_words_set(["web2", "gcide"], lower=True))
    try:
        import json
        from importlib.resources import files

        common = json.loads(files("quantulum3").joinpath("_lang/en_US/common-words.json").read_text())
        words.update(w for group in common.values() for w in group)
    except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover - quantulum3 is a dependency
        pass
    return frozenset(words)


@functools.cache
def _pint_dimension(word: str) -> str:
    """Return the dimensionality pint gives ``word`` as a unit ("[length]"), or "" when it is no unit."""
    if len(word) < 3:
        return ""  # "m", "g", "am": too short to tell a unit from an abbreviation or a word
    try:
        units = _unit_registry().parse_units(word)
    except Exception:  # noqa: BLE001 - pint raises assorted errors for words it cannot read
        return ""
    dimensionality = str(units.dimensionality) if units.dimensionality else ""
    return _DIMENSION_NAMES.get(dimensionality, dimensionality and "a physical quantity")


_DIMENSION_NAMES = {
    "[length]": "length", "[mass]": "mass", "[time]": "[time]", "[length] ** 2": "area", "[length] ** 3": "volume",
    "[mass] / [length] / [time] ** 2": "pressure", "[mass] * [length] ** 2 / [time] ** 2": "energy",
    "[mass] * [length] ** 2 / [time] ** 3": "power", "[length] / [time]": "speed", "[temperature]": "temperature",
    "[current]": "electric current", "[substance]": "amount of substance", "[luminosity]": "luminosity",
}


_NOUN_STOPWORDS = {"in", "since", "of", "from", "to", "at", "on", "by", "for", "and", "with", "that", "which", "a", "per",
                   # verbs and words that start a new phrase: "40 people were injured", "2 million people across"
                   "were", "was", "are", "is", "be", "been", "being", "have", "has", "had", "will", "would", "can",
                   "could", "may", "might", "should", "must", "do", "did", "does", "across", "worldwide", "each",
                   "every", "last", "this", "next", "over", "under", "between", "during", "after", "before", "into",
                   "than", "as", "about", "while", "who", "whom", "whose", "where", "when", "or", "but", "so",
                   "the", "an", "its", "their", "his", "her", "our", "your", "my", "yet", "still", "also", "not",
                   "up", "down", "out", "off", "through", "against", "among", "around", "per", "like", "including"}


def _noun_phrase(text: str) -> str:
    """Return what a count counts: the words before a preposition or punctuation, at most three."""
    words = []
    for word in re.match(r"[a-z\s-]*", text.strip())[0].split():
        if word in _NOUN_STOPWORDS or len(words) == 3:
            break
        if words and (word in _PRONOUNS_AND_VERBS or word.endswith("ed")):
            break  # "42 firms owned …", "100,000 people went …": the verb starts the rest of the sentence
        words.append(word)
    return " ".join(words)


_PRONOUNS_AND_VERBS = {"he", "she", "it", "they", "we", "i", "you", "went", "saw", "said", "made", "took", "got", "came",
                       "gave", "left", "died", "lost", "won", "held", "say", "says", "live", "lives", "work", "works"}


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
