"""Chinese figures: "约100万平方公里", "四十多次", "380亿立方米/年", "1858年", "9至11次演习".

Read into the same value, unit and qualifier as their English wording, so they get the same interval:
"超过" and a trailing "多" or "以上" are "over", "约" and "左右" "approximately", "近" "nearly",
"至少" "at least", "不到" "under", "最多" and "多达" "up to". 万 is 10⁴ and 亿 10⁸.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from .assemble import Reading, assemble
from .base import COUNT, NEGATIVE_MESSAGE, NOT_A_NUMBER_MESSAGE, FigureError, Qualifier, gettext_what, refusal
from .intervals import Figure
from .units import UNITS_BY_ALIAS

PREFIXES = {
    "超过": Qualifier.OVER, "超": Qualifier.OVER, "逾": Qualifier.OVER, "多于": Qualifier.OVER, "高于": Qualifier.OVER,
    "大于": Qualifier.OVER, "约": Qualifier.APPROXIMATELY, "大约": Qualifier.APPROXIMATELY,
    "约为": Qualifier.APPROXIMATELY, "大概": Qualifier.APPROXIMATELY, "约合": Qualifier.APPROXIMATELY,
    "估计": Qualifier.APPROXIMATELY, "近": Qualifier.NEARLY, "将近": Qualifier.NEARLY, "接近": Qualifier.NEARLY,
    "几乎": Qualifier.NEARLY, "至少": Qualifier.AT_LEAST, "不少于": Qualifier.AT_LEAST,
    "不低于": Qualifier.AT_LEAST, "不下": Qualifier.AT_LEAST, "不到": Qualifier.UNDER, "不足": Qualifier.UNDER,
    "少于": Qualifier.UNDER, "低于": Qualifier.UNDER, "未满": Qualifier.UNDER, "最多": Qualifier.UP_TO,
    "多达": Qualifier.UP_TO, "高达": Qualifier.UP_TO, "达": Qualifier.UP_TO, "至多": Qualifier.UP_TO,
    "不超过": Qualifier.UP_TO,
}
# After the number ("四十多次", "100万以上", "1000平方公里左右").
SUFFIXES = {"多": Qualifier.OVER, "余": Qualifier.OVER, "以上": Qualifier.OVER, "左右": Qualifier.APPROXIMATELY,
            "上下": Qualifier.APPROXIMATELY, "以下": Qualifier.UNDER, "以内": Qualifier.UP_TO}
INCREMENTS = ("另外", "另", "再", "又", "新增")

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
MULTIPLIERS = {"万": Decimal(10) ** 4, "亿": Decimal(10) ** 8, "千": Decimal(1000), "百": Decimal(100),
               "兆": Decimal(10) ** 12}
_NUMERAL = "[零〇一二两三四五六七八九十百千万亿]+"
NUMBER = r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?|" + _NUMERAL + ")"
_AMOUNT = re.compile(NUMBER + r"(?P<more>多|余)?(?P<mult>(?:万亿|亿万|千万|百万|万|亿|千(?![米克瓦])|兆)?)(?P<more2>多|余)?")


def _unit_aliases() -> dict[str, str]:
    """Return Chinese unit wordings → catalogue symbols."""
    aliases = {}
    for symbol, words in (
        ("km²", "平方公里|平方千米|km²|km2"), ("sq mi", "平方英里"), ("m²", "平方米|m²|m2"), ("ha", "公顷"),
        ("km", "公里|千米|km"), ("m", "米|m"), ("cm", "厘米|cm"), ("mm", "毫米|mm"), ("mi", "英里"),
        ("km³", "立方公里|立方千米"), ("m³", "立方米|立方|m³|m3"), ("bbl", "桶"),
        ("t", "吨|公吨"), ("kg", "公斤|千克|kg"), ("USD", "美元|美金"), ("EUR", "欧元"), ("GBP", "英镑"),
        ("JPY", "日元"), ("CNY", "元人民币|人民币|元"), ("RUB", "卢布"), ("%", "%"), ("pp", "个百分点|百分点"),
        ("°C", "摄氏度|℃|°c"),
    ):
        aliases.update(dict.fromkeys(words.split("|"), symbol))
    return aliases


UNITS = _unit_aliases()
_UNIT = re.compile("|".join(sorted((re.escape(a) for a in UNITS), key=len, reverse=True)))
_RATE = re.compile(r"/年|每年|一年|年均|/a\b")
_NOT_FIGURES = (
    (re.compile(r"^第"), "an ordinal (a rank or position)"),
    (re.compile(r"^\d{1,2}[:：]\d{2}|^[\d零一二两三四五六七八九十]+点(?:[\d零一二三四五六七八九十半]+分?|钟)"),
     "a clock time"),
    (re.compile(r"^(?:\d{4}年)?[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}[日号]"), "a day of the month"),
    (re.compile(r"^\d{4}年[\d一二三四五六七八九十]{1,3}月"), "a month, not an amount"),
    (re.compile(r"^\d+\.\d+\.\d+"), "a version number"),
)
_YEAR = re.compile(r"^(?:在|于|自|从)?(?P<year>\d{4})年(?:度|代)?(?!\d|月)")
# Words that end what is counted: "40次会晤中", "11次演习，"
_NOUN = re.compile(r"[\u4e00-\u9fff]{1,4}")
_NOUN_STOP = re.compile(r"[的在于中和与及是了将从到至以后前内间来之]")


def parse(text: str) -> Figure:
    """Read a Chinese figure into a Figure, as its English wording would be."""
    original = text
    rest = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower().replace("−", "-").replace("～", "~")
    rest, per_year = _strip_rate_prefix(rest)
    for word in INCREMENTS:
        if rest.startswith(word) and re.match(r"[\d零一二两三四五六七八九十百千]", rest[len(word):]):
            rest = rest[len(word):]
            break
    qualifier, rest = _prefix_qualifier(rest)
    rest, more_per_year = _strip_rate_prefix(rest)
    year = _YEAR.match(rest)
    if year:
        return assemble(original, Reading(Decimal(year["year"]), qualifier=qualifier, year_marked=True))
    _refuse_non_figure(rest, original)
    percent = rest.startswith("百分之")
    reading, end = _read_range(rest.removeprefix("百分之"), original)
    tail = rest.removeprefix("百分之")[end:]
    suffix_qualifier, tail = _suffix_qualifier(tail)
    reading.qualifier = _combine(qualifier, reading.qualifier, suffix_qualifier)
    if percent:
        reading.unit = "%"
    else:
        tail = _read_unit(tail, reading, original)
    suffix_qualifier, tail = _suffix_qualifier(tail)
    reading.qualifier = _combine(reading.qualifier, suffix_qualifier)
    reading.per_year = per_year or more_per_year or bool(_RATE.match(tail))
    return assemble(original, reading)


def _strip_rate_prefix(rest: str) -> tuple[str, bool]:
    for word in ("每年", "年均", "一年"):
        if rest.startswith(word):
            return rest[len(word):], True
    return rest, False


def _prefix_qualifier(rest: str) -> tuple[Qualifier, str]:
    for phrase in sorted(PREFIXES, key=len, reverse=True):
        if rest.startswith(phrase) and re.match(r"[\d零一二两三四五六七八九十百千]|百分之", rest[len(phrase):]):
            return PREFIXES[phrase], rest[len(phrase):]
    return Qualifier.EXACT, rest


def _suffix_qualifier(tail: str) -> tuple[Qualifier, str]:
    for phrase in sorted(SUFFIXES, key=len, reverse=True):
        if tail.startswith(phrase):
            return SUFFIXES[phrase], tail[len(phrase):]
    return Qualifier.EXACT, tail


def _combine(*qualifiers: Qualifier) -> Qualifier:
    """Return the one qualifier the wording gives ("约…左右" says "approximately" twice)."""
    stated = {q for q in qualifiers if q is not Qualifier.EXACT}
    if not stated:
        return Qualifier.EXACT
    if len(stated) > 1 and stated != {Qualifier.OVER, Qualifier.AT_LEAST}:
        order = [Qualifier.OVER, Qualifier.AT_LEAST, Qualifier.NEARLY, Qualifier.UNDER, Qualifier.UP_TO]
        return next(q for q in order if q in stated)  # "约…多": the bound says more than the "about"
    return stated.pop()


def _read_range(rest: str, original: str) -> tuple[Reading, int]:
    """Read one amount or a range ("9至11", "9-11", "从9到11") at the start of ``rest``."""
    opener = re.match(r"从|由|介于|在", rest)
    first = _AMOUNT.match(rest, opener.end() if opener else 0)
    if first is None:
        if re.search(r"\d", rest):
            raise refusal(NOT_A_NUMBER_MESSAGE, text=repr(original))
        raise refusal("no number found in %(text)s", text=repr(original))
    link = re.compile(r"(?:至|到|-|~|—|–|和)").match(rest, first.end())
    second = _AMOUNT.match(rest, link.end()) if link else None
    if opener and opener.group() in ("从", "介于") and second is None:
        raise FigureError(f"{original!r} opens a range with {opener.group()!r} but gives no second number")
    reading = Reading(_value(first, original), multiplied=bool(first["mult"]))
    if first["more"] or first["more2"]:
        reading.qualifier = Qualifier.OVER  # "四十多次", "100多万": more than
    if second is None:
        return reading, first.end()
    reading.range_end = _value(second, original)
    if second["mult"] and not first["mult"]:
        reading.value *= _multiplier(second["mult"])  # "2-3万": the multiplier applies to both ends
    reading.multiplied = reading.multiplied or bool(second["mult"])
    return reading, second.end()


def _value(match: re.Match, original: str) -> Decimal:
    number = match["number"]
    if re.match(r"\d", number):
        if re.search(r"\d,\d{0,2}(?:\D|$)|\d,\d{4}", number):
            raise FigureError(f"malformed thousands separators in {original!r}")
        value = Decimal(number.replace(",", ""))
    else:
        value = chinese_numeral(number)
    return value * _multiplier(match["mult"])


def _multiplier(word: str) -> Decimal:
    value = Decimal(1)
    for character in word or "":
        value *= MULTIPLIERS[character]
    return value


def chinese_numeral(text: str) -> Decimal:
    """Read Chinese numerals: "四十二" → 42, "一百二十" → 120, "三万五千" → 35000, "两亿" → 200000000."""
    total, section, digit = Decimal(0), Decimal(0), Decimal(0)
    for character in text:
        if character in _DIGITS:
            digit = Decimal(_DIGITS[character])
        elif character in _SMALL_UNITS:
            section += (digit or 1) * _SMALL_UNITS[character]
            digit = Decimal(0)
        elif character == "万":
            total += (section + digit or 1) * 10**4
            section = digit = Decimal(0)
        elif character == "亿":
            total = (total + section + digit or 1) * 10**8
            section = digit = Decimal(0)
    return total + section + digit


def _read_unit(tail: str, reading: Reading, original: str) -> str:
    """Read the unit at the start of ``tail`` (or what a count counts); return what follows it."""
    unit = _UNIT.match(tail)
    if unit:
        reading.unit = UNITS[unit.group()]
        return tail[unit.end():]
    latin = re.match(r"[a-z][a-z²³]*", tail)
    if latin:
        if latin.group() not in UNITS_BY_ALIAS:
            raise refusal("unknown unit %(unit)s in %(text)s", unit=repr(latin.group()), text=repr(original))
        reading.unit = UNITS_BY_ALIAS[latin.group()].symbol
        return tail[latin.end():]
    noun = _NOUN.match(tail)
    if noun:
        word = _NOUN_STOP.split(noun.group())[0]
        if word.startswith("年") and reading.value == reading.value.to_integral_value() and not reading.multiplied:
            reading.year_marked = 1000 <= reading.value <= 2200
            word = "" if reading.year_marked else word
        reading.noun = word
        return tail[len(word):] if word else tail[1:]
    reading.unit = COUNT
    return tail


def _refuse_non_figure(rest: str, original: str) -> None:
    if re.match(r"^(?:-|负)\s*[\d零一二两三四五六七八九十]", rest):
        raise refusal(NEGATIVE_MESSAGE, text=repr(original))
    for pattern, what in _NOT_FIGURES:
        if pattern.match(rest):
            raise refusal("%(text)s is %(what)s, not a figure", text=repr(original), what=gettext_what(what))
