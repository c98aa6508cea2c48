"""English figures: qualifiers, amounts with currencies and multipliers, ranges, units and counts."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from . import forms
from .assemble import check_size, looks_like_year
from .base import (
    COUNT,
    MAX_DIGITS,
    NEGATIVE_MESSAGE,
    NOT_A_NUMBER_MESSAGE,
    PER_DAY,
    PER_YEAR,
    YEAR,
    FigureError,
    Qualifier,
    gettext_what,
    refusal,
)
from .intervals import Figure
from .nouns import check_counted_word, noun_phrase
from .numerals import MULTIPLIERS, NUMBER, number_value, spelled_to_digits
from .qualifiers import INCREMENT_WORDS, QUALIFIER_WORDS
from .units import SCALED_ALIASES, UNITS_BY_ALIAS, unit_definition

# "a year earlier", "a year ago": a time, not a yearly rate; "annually" and "per annum" are always rates.
_RATE = re.compile(r"(?:^|\s)(?:(?:annually|per annum|/yr|/year)"
                   r"|(?:a year|per year|each year|every year|a-year)"
                   r"(?!\s+(?:earlier|ago|before|later|after|since|on|from|into|or)\b))(?:\s|$|[.,;:)])")
_OF_TOTAL = re.compile(r"^(?P<part>\d[\d,]*)\s+of\s+(?:its|the|their|his|her|our)?\s*(?P<total>\d[\d,]*)\b(?P<rest>.*)$")


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
        raise refusal(NEGATIVE_MESSAGE, text=repr(original))
    for pattern, what in _NOT_FIGURES:
        if pattern.match(rest):
            raise refusal("%(text)s is %(what)s, not a figure", text=repr(original), what=gettext_what(what))


# --- Amounts, currencies and ranges -------------------------------------------------------------------

_CURRENCY_PREFIXES = {"us$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB",
                      "usd": "USD", "eur": "EUR", "gbp": "GBP", "jpy": "JPY", "cny": "CNY", "rmb": "CNY",
                      "rub": "RUB"}
_CURRENCY_PREFIX = re.compile(
    r"(?P<currency>us\$|\$|€|£|¥|₽|(?:usd|eur|gbp|jpy|cny|rmb|rub)(?=\s*\d))\s*")
# After a currency, newsrooms abbreviate: "$2.174T", "$470B", "€3bn", "£5m", "$10k".
_MONEY_MULTIPLIERS = {"t": "trillion", "tn": "trillion", "trn": "trillion", "b": "billion", "bn": "billion",
                      "m": "million", "mn": "million", "mln": "million", "k": "thousand"}
# Without a currency only these are multipliers: "t" and "m" are also tonnes and metres.
_PLAIN_MULTIPLIERS = {"k", "bn", "mn", "mln", "trn"}
_AMOUNT = re.compile(
    NUMBER + r"(?P<exponent>e[+-]?\d+)?"
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
        if currency or match["short"] in _PLAIN_MULTIPLIERS:
            multiplier = _MONEY_MULTIPLIERS[match["short"]]
        else:
            end = match.end("exponent") if match["exponent"] else match.end("number")  # "4 t", "50 m": units
    value = number_value(match["number"], multiplier)
    if match["exponent"]:
        exponent = int(match["exponent"][1:])
        if exponent + len(str(int(value))) > MAX_DIGITS + 1:
            raise FigureError(f"{original!r} is too large: figures must be below 10^{MAX_DIGITS}")
        value = value.scaleb(exponent)
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))  # "1e3" reads as 1000, not 1E+3
    return _Amount(value, currency, multiplier, end)


def parse(text: str) -> Figure:
    """Read a worded figure ("approximately 150,000 square miles", "$539 to $899") into a Figure.

    Raises FigureError, naming the input and what is wrong with it, when there is no number, the
    unit is unknown, the number is negative or too large, or the number is a time, date or version.
    """
    if not isinstance(text, str) or not text.strip():
        raise FigureError("empty figure: give a number with its unit, e.g. '350,000 square miles'")
    original = text
    rest = " ".join(text.strip().split()).lower().replace("\u2019", "'").replace("\u2212", "-")
    rest = forms.rewrite(spelled_to_digits(rest.replace(" & ", " and ")))
    qualifier, rest = read_qualifier(rest)
    _refuse_non_figure(rest, original)

    of_total = _OF_TOTAL.match(rest)
    if of_total:
        value = number_value(of_total["part"], None)
        total = number_value(of_total["total"], None)
        noun = noun_phrase(of_total["rest"])
        if total < value:
            raise FigureError(f"{original!r}: the part ({value}) is larger than the whole ({total})")
        return Figure(original, value, COUNT, qualifier, noun=noun, total=total)

    first, second = _read_range(rest, original)
    currency = first.currency or (second.currency if second else "")
    value, range_end, end = first.value, None, first.end
    if second is not None:
        range_end, end = second.value, second.end
        if second.multiplier and not first.multiplier:
            value *= MULTIPLIERS[second.multiplier]  # "2–3 million": the multiplier applies to both ends
        if range_end < value:
            raise FigureError(f"the range in {original!r} runs backwards: {value} is above {range_end}")
    tail = rest[end:].strip()
    if currency:
        symbol, scale, noun = _per(currency, tail.split(), original), Decimal(1), ""
    else:
        symbol, scale, noun = _read_unit(tail, original)
    value *= scale
    range_end = None if range_end is None else range_end * scale
    check_size(original, value, range_end)
    if (_RATE.search(f" {tail} ") or tail.startswith("/")) and symbol != COUNT and not symbol.endswith(PER_DAY):
        symbol += PER_YEAR
    multiplied = first.multiplier or (second.multiplier if second else None)
    if symbol == COUNT and not multiplied and not tail and looks_like_year(value) and (
            range_end is None or looks_like_year(range_end)):
        symbol = YEAR
    return Figure(original, value, symbol, qualifier, noun=noun, range_end=range_end)


def read_qualifier(rest: str) -> tuple[Qualifier, str]:
    """Strip an increment word ("a further") and a qualifier ("more than") from the start of ``rest``."""
    for increment in INCREMENT_WORDS:
        if rest.startswith(increment + " "):
            rest = rest[len(increment) + 1:]
            break
    for phrase in sorted(QUALIFIER_WORDS, key=len, reverse=True):
        if rest.startswith(phrase + " "):
            return QUALIFIER_WORDS[phrase], rest[len(phrase) + 1:]
    return Qualifier.EXACT, rest


def _read_range(rest: str, original: str) -> tuple[_Amount, _Amount | None]:
    """Read the first amount and, for a range ("between 9 and 11", "$539 to $899"), the second."""
    opener = re.match(r"(between|from)\s+", rest)
    first = _read_amount(rest, original, opener.end() if opener else 0)
    if first is None:
        if opener is None and re.search(r"\d", rest):
            raise refusal(NOT_A_NUMBER_MESSAGE, text=repr(original))
        raise refusal("no number found in %(text)s", text=repr(original))
    second = None
    joiner = re.compile(_RANGE_JOINER[opener[1] if opener else ""]).match(rest, first.end)
    if joiner:
        second = _read_amount(rest, original, joiner.end())
    if opener and second is None:
        raise FigureError(f"{original!r} opens a range with {opener[1]!r} but gives no second number")
    if second and first.currency and second.currency and first.currency != second.currency:
        raise FigureError(f"{original!r} mixes currencies ({first.currency}, {second.currency})")
    return first, second


def _read_unit(tail: str, original: str) -> tuple[str, Decimal, str]:
    """Match the longest known unit at the start of ``tail``; a word for what is counted makes a count."""
    if re.match(r"/\s*(?:tcp|udp|sctp)\b", tail):
        raise FigureError(f"{original!r} is a network port, not a figure")
    words = re.findall(r"[^\s(),;:]+", tail)
    for size in range(min(5, len(words)), 0, -1):
        phrase = " ".join(words[:size]).rstrip(".")
        for candidate in (phrase, phrase + "."):
            if candidate in SCALED_ALIASES:
                symbol, scale = SCALED_ALIASES[candidate]
                return _per(symbol, words[size:], original), scale, ""
            if candidate in UNITS_BY_ALIAS:
                symbol = UNITS_BY_ALIAS[candidate].symbol
                if size < len(words) and words[size].rstrip(".,") in _POWER_WORDS:
                    return _powered(symbol, words[size].rstrip(".,"), original), Decimal(1), ""
                return _per(symbol, words[size:], original), Decimal(1), ""
    if words and words[0] in ("in", "in.") and (len(words) == 1 or words[1].rstrip(".,") in _DIMENSION_ADJECTIVES):
        return "in", Decimal(1), ""  # "2 in", "2 1/2 in thick": inches, not the preposition
    if words and words[0] in {"square", "sq", "sq.", "cubic"}:
        raise FigureError(f"unknown unit {' '.join(words[:2])!r} in {original!r}")
    if words and ((words[0].startswith("/") and not _is_rate_suffix(words[0])) or _UNIT_SHAPED.match(words[0])):
        raise FigureError(f"unknown unit {words[0]!r} in {original!r}")
    noun = noun_phrase(tail)
    if noun:
        check_counted_word(noun.split()[0], original)
    return COUNT, Decimal(1), noun


# "km/s2", "s-1", "fb−1", "j/m^2", "+/-": a unit or notation Crosscheck does not read, never a counted noun.
_UNIT_SHAPED = re.compile(r"^(?:[a-z]+/[a-z]|[a-z]+\^?[-−]?\d|[+±×^*])")
_DIMENSION_ADJECTIVES = {"thick", "long", "wide", "tall", "deep", "high", "across", "in", "of"}
_PER = re.compile(r"^(?:(?:per|an?)\s+|/\s*)([a-z]+)\b")
_TIME_WORDS = {"second", "sec", "s", "minute", "min", "hour", "hr", "h", "week", "wk", "month", "mo"}


def _per(symbol: str, rest: list[str], original: str) -> str:
    """Return a unit's daily rate ("barrels per day"); refuse other rates ("$15/hour", "$350 per kg")."""
    after = _PER.match(" ".join(rest[:2]))
    if after is None or after[1] in ("year", "yr", "annum"):
        return symbol
    if after[1] in ("day", "d") and not symbol.endswith(PER_DAY):
        if unit_definition(symbol).pint_expr is None:
            raise FigureError(f"{original!r} is a daily amount of {symbol}: Crosscheck keeps money and counts "
                              "per year")
        return symbol + PER_DAY
    if after[1] in _TIME_WORDS:
        raise FigureError(f"{original!r} is a rate per {after[1]}: Crosscheck keeps amounts, and rates per year "
                          "or per day")
    if after[1] in UNITS_BY_ALIAS or rest[0].startswith("/"):
        raise FigureError(f"{original!r} is a price or ratio per {after[1]}, not an amount Crosscheck compares")
    return symbol


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
