"""English number forms rewritten into plain digits before reading: fractions, mixed numbers,
hyphenated adjectives ("a 27-kilometer border"), thousands separated by spaces ("10 000")."""
from __future__ import annotations

import re
from decimal import Decimal

from .units import UNITS_BY_ALIAS

_VULGAR = {"½": "1/2", "⅓": "1/3", "⅔": "2/3", "¼": "1/4", "¾": "3/4", "⅕": "1/5", "⅖": "2/5", "⅗": "3/5",
           "⅘": "4/5", "⅙": "1/6", "⅚": "5/6", "⅛": "1/8", "⅜": "3/8", "⅝": "5/8", "⅞": "7/8"}
_DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
                 "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
                 "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10}
_DENOMINATOR = "|".join(sorted(_DENOMINATORS, key=len, reverse=True))
# "2 and a half", "1 and 1 half": a whole number and a fraction.
_AND_A = re.compile(rf"(?<![\d.,])(\d+)\s+and\s+(?:a|an|1)\s+({_DENOMINATOR})(?!\w)")
# "2 thirds", "1-half": a fraction in words; "2 quarters of growth", "3 quarters in a row" count fiscal quarters.
_WORDED = re.compile(rf"(?<![\d.,])(\d+)(?:\s+|-)({_DENOMINATOR})(?!\w)(?!\s+(?:in a row|running|of growth))")
_MIXED = re.compile(r"(?<![\d.,/])(\d+)\s+(\d{1,2})/(\d{1,3})(?![\d/])")
_FRACTION = re.compile(r"(?<![\d.,/])(\d{1,2})/(\d{1,3})(?![\d/])")
_SPACED_THOUSANDS = re.compile(r"(?<![\d.,/])(\d{1,3})((?:[ \u00a0\u202f]\d{3})+)(?![\d/]|[.,]\d)")
# "44 mg to 50 mg", "between 44 mg and 50 mg": the unit said twice, read once.
_REPEATED_UNIT = re.compile(r"(\d)\s*([a-z°%][^\s\d]*)\s+(to|and|-|–)\s+(\d[\d.,]*)\s*\2(?![\w])")
# "2.48×10^-5", "3 x 10^6": scientific notation as the e-notation the amount reader knows.
_TIMES_TEN = re.compile(r"(\d)\s*[×x]\s*10\^?([-−+]?\d+)(?!\d)")
_HYPHEN_ADJECTIVE = re.compile(r"(\d)-(?=[a-z°$€£])")
_HYPHEN_RANGE = re.compile(r"(\d)-\s+(to|and)\s+")


def _decimal(value: Decimal) -> str:
    """Write a fraction's value with at most six decimals (the database keeps six)."""
    return format(value.quantize(Decimal("0.000001")).normalize(), "f")


def rewrite(rest: str) -> str:
    """Rewrite fractions, mixed numbers, hyphenated adjectives and spaced thousands as plain digits."""
    for glyph, fraction in _VULGAR.items():
        rest = re.sub(rf"(\d)\s*{glyph}", rf"\1 {fraction}", rest).replace(glyph, fraction)
    rest = _TIMES_TEN.sub(lambda m: f"{m[1]}e{m[2].replace('−', '-')}", rest)
    rest = _SPACED_THOUSANDS.sub(lambda m: m[1] + re.sub(r"\D", "", m[2]), rest)
    rest = _MIXED.sub(lambda m: _fraction_text(int(m[1]), int(m[2]), int(m[3])) or m.group(), rest)
    rest = _FRACTION.sub(lambda m: _fraction_text(0, int(m[1]), int(m[2])) or m.group(), rest)
    rest = _AND_A.sub(lambda m: _decimal(Decimal(m[1]) + Decimal(1) / _DENOMINATORS[m[2]]), rest)
    rest = re.sub(rf"^(?:a|an)\s+({_DENOMINATOR})(?!\w)", lambda m: _decimal(Decimal(1) / _DENOMINATORS[m[1]]), rest)
    rest = _WORDED.sub(lambda m: _decimal(Decimal(m[1]) / _DENOMINATORS[m[2]]), rest)
    rest = _HYPHEN_RANGE.sub(r"\1 \2 ", rest)
    rest = _REPEATED_UNIT.sub(r"\1 \3 \4 \2", rest)
    rest = _HYPHEN_ADJECTIVE.sub(r"\1 ", rest)
    rest = re.sub(r"^(?:a|an)\s+(?=\d)", "", rest)  # "a 27 kilometer border"
    unit = re.match(r"^(?:a|an)\s+([a-z]+)\b", rest)
    if unit and unit[1] in UNITS_BY_ALIAS and UNITS_BY_ALIAS[unit[1]].pint_expr:
        rest = "1 " + rest[unit.end(1) - len(unit[1]):]  # "a gallon"
    return rest


# Denominators newsrooms and recipes use; "9/11" and "24/7" are names, not fractions.
_FRACTION_DENOMINATORS = {2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 32, 40, 50, 64, 100}


def _fraction_text(whole: int, numerator: int, denominator: int) -> str:
    """Return "2.5" for 2 1/2; "" when the slash is no fraction ("9/11", "24/7", "7/4" after a whole)."""
    if denominator not in _FRACTION_DENOMINATORS or (whole and numerator >= denominator):
        return ""
    return _decimal(Decimal(whole) + Decimal(numerator) / Decimal(denominator))
