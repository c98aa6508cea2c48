"""Russian figures: "более 900 тыс. кв. км", "сорок два раза", "от 9 до 11 учений", "в 1858 году".

Read into the same value, unit and qualifier as their English wording, so they get the same interval:
"более" is "over", "около" "approximately", "почти" "nearly", "до" "up to", "не менее" "at least".
A comma is the decimal mark ("1,5 млн") and a space separates thousands ("10 000").
"""
from __future__ import annotations

import re
from decimal import Decimal

from .assemble import Reading, assemble
from .base import COUNT, NEGATIVE_MESSAGE, NOT_A_NUMBER_MESSAGE, FigureError, Qualifier, gettext_what, refusal
from .intervals import Figure
from .units import UNITS_BY_ALIAS

QUALIFIERS = {
    "более чем": Qualifier.OVER, "больше чем": Qualifier.OVER, "более": Qualifier.OVER, "больше": Qualifier.OVER,
    "свыше": Qualifier.OVER, "свыше чем": Qualifier.OVER, "порядка": Qualifier.APPROXIMATELY,
    "около": Qualifier.APPROXIMATELY, "примерно": Qualifier.APPROXIMATELY, "приблизительно": Qualifier.APPROXIMATELY,
    "ориентировочно": Qualifier.APPROXIMATELY, "приблизительно в": Qualifier.APPROXIMATELY,
    "почти": Qualifier.NEARLY, "чуть менее": Qualifier.NEARLY, "чуть меньше": Qualifier.NEARLY,
    "немногим менее": Qualifier.NEARLY, "без малого": Qualifier.NEARLY,
    "не менее": Qualifier.AT_LEAST, "не меньше": Qualifier.AT_LEAST, "как минимум": Qualifier.AT_LEAST,
    "по меньшей мере": Qualifier.AT_LEAST, "по крайней мере": Qualifier.AT_LEAST,
    "менее": Qualifier.UNDER, "меньше": Qualifier.UNDER, "ниже": Qualifier.UNDER, "менее чем": Qualifier.UNDER,
    "до": Qualifier.UP_TO, "не более": Qualifier.UP_TO, "не больше": Qualifier.UP_TO, "максимум": Qualifier.UP_TO,
    "не свыше": Qualifier.UP_TO,
}
INCREMENTS = ("еще", "дополнительно", "дополнительные", "дополнительных", "также")

_ONES = {"ноль": 0, "один": 1, "одна": 1, "одно": 1, "одного": 1, "одной": 1, "два": 2, "две": 2, "двух": 2,
         "три": 3, "трех": 3, "четыре": 4, "четырех": 4, "пять": 5, "пяти": 5, "шесть": 6, "шести": 6,
         "семь": 7, "семи": 7, "восемь": 8, "восьми": 8, "девять": 9, "девяти": 9}
_TEENS = {"десять": 10, "десяти": 10, "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13, "четырнадцать": 14,
          "пятнадцать": 15, "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18, "девятнадцать": 19}
_TEENS.update({word[:-1] + "и": n for word, n in list(_TEENS.items()) if word.endswith("ь")})
_TENS = {"двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50, "шестьдесят": 60, "семьдесят": 70,
         "восемьдесят": 80, "девяносто": 90, "двадцати": 20, "тридцати": 30, "сорока": 40, "пятидесяти": 50,
         "шестидесяти": 60, "семидесяти": 70, "восьмидесяти": 80, "девяноста": 90}
_HUNDREDS = {"сто": 100, "ста": 100, "двести": 200, "двухсот": 200, "триста": 300, "трехсот": 300,
             "четыреста": 400, "четырехсот": 400, "пятьсот": 500, "пятисот": 500, "шестьсот": 600,
             "шестисот": 600, "семьсот": 700, "семисот": 700, "восемьсот": 800, "восьмисот": 800,
             "девятьсот": 900, "девятисот": 900}
_HALF = {"полтора": Decimal("1.5"), "полторы": Decimal("1.5"), "полутора": Decimal("1.5")}
# Multipliers in every form newsrooms write them: "тыс.", "тысяч", "млн", "миллиона", "млрд".
MULTIPLIERS = {}
for _stem, _short, _size in (("тысяч", "тыс", 3), ("миллион", "млн", 6), ("миллиард", "млрд", 9),
                             ("триллион", "трлн", 12)):
    for _ending in ("", "а", "и", "у", "ов", "ей", "ами", "е"):
        MULTIPLIERS[_stem + _ending] = Decimal(10) ** _size
    MULTIPLIERS[_short] = MULTIPLIERS[_short + "."] = Decimal(10) ** _size
MULTIPLIERS["тысяча"] = Decimal(1000)
_SIMPLE = {**_ONES, **_TEENS, **_TENS, **_HUNDREDS}
# Words that start a spelled-out number, for finding figures in running text.
SPELLED_WORDS = (*_SIMPLE, *_HALF, "тысяча")
_WORD = "|".join(sorted([*_SIMPLE, *_HALF, *(m for m in MULTIPLIERS if not m.endswith("."))], key=len, reverse=True))
_SPELLED = re.compile(rf"(?<![\w.,])(?:{_WORD})(?:\s+(?:{_WORD}))*(?!\w)")

NUMBER = r"(?P<number>\d{1,3}(?: \d{3})+(?:,\d+)?(?![\d])|\d+(?:[.,]\d+)?)"
_MULT = "|".join(sorted((re.escape(m) for m in MULTIPLIERS), key=len, reverse=True))
_AMOUNT = re.compile(NUMBER + rf"(?:\s*(?P<mult>{_MULT})(?!\w))?")


def _unit_aliases() -> dict[str, str]:
    """Return Russian unit wordings (every case newsrooms use) → catalogue symbols."""
    aliases = {}
    for symbol, words in (
        ("km²", "кв. км|кв км|кв.км|км²|км2|квадратных километров|квадратных километра|квадратный километр|"
                "квадратного километра|кв. километров|квадратных км"),
        ("sq mi", "кв. миль|квадратных миль|квадратных мили|квадратная миля"),
        ("m²", "кв. м|кв м|кв.м|м²|м2|квадратных метров|квадратных метра|квадратный метр"),
        ("ha", "га|гектаров|гектара|гектар"),
        ("km", "км|километров|километра|километр"),
        ("m", "м|метров|метра|метр"),
        ("cm", "см|сантиметров|сантиметра"), ("mm", "мм|миллиметров|миллиметра"),
        ("mi", "миль|мили|миля"),
        ("m³", "куб. м|куб м|куб.м|м³|м3|кубометров|кубометра|кубометр|кубических метров|кубических метра|"
               "кубический метр"),
        ("km³", "куб. км|км³|км3|кубических километров|кубических километра"),
        ("bbl", "баррелей|барреля|баррель"),
        ("t", "т|тонн|тонны|тонна|тонну"), ("kg", "кг|килограммов|килограмма|килограмм"),
        ("USD", "долларов|доллара|доллар|долл.|долл|$|долларов сша|доллара сша"),
        ("EUR", "евро|€"), ("GBP", "фунтов стерлингов|фунта стерлингов|£"), ("JPY", "иен|иены|йен"),
        ("CNY", "юаней|юаня|юань"), ("RUB", "рублей|рубля|рубль|руб.|руб|₽"),
        ("%", "процентов|процента|процент|%"), ("pp", "процентных пунктов|процентных пункта|процентного пункта|процентный пункт|п.п.|п. п."),
        ("°C", "градусов цельсия|градуса цельсия|°c|°"),
    ):
        aliases.update(dict.fromkeys(words.split("|"), symbol))
    return aliases


UNITS = _unit_aliases()
_UNIT = re.compile("|".join(sorted((re.escape(a) for a in UNITS), key=len, reverse=True)) + r"(?!\w)")
_RATE = re.compile(r"(?:^|\s)(?:в год|ежегодно|в течение года|/\s*год|в сутки)(?:\s|$|[.,;:)])")
_PER_DAY = re.compile(r"(?:^|\s)(?:в сутки|/\s*сут)")
_STOPWORDS = {"в", "на", "с", "со", "по", "за", "от", "до", "из", "к", "у", "о", "об", "и", "что", "между", "для",
              "при", "как", "а", "но", "или", "не", "было", "были", "был", "была", "это", "так", "уже", "году"}
_NOT_FIGURES = (
    (re.compile(r"^\d{1,2}[:.]\d{2}(?!\d)(?!\s*(?:млн|млрд|тыс|%))|^\d{1,2}\s+час"), "a clock time"),
    (re.compile(r"^\d{1,2}\s+(?:января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|"
                r"декабря)(?!\w)"), "a day of the month"),
    (re.compile(r"^\d+-?(?:й|я|е|го|му|м|ом|ой|х)\b(?!\s+год)"), "an ordinal (a rank or position)"),
    (re.compile(r"^\d+\.\d+\.\d+"), "a version number"),
)
_YEAR = re.compile(r"^(?:в\s+|с\s+)?(?P<year>\d{4})(?:-?(?:м|й|го))?\s+(?:году|год|года|г\.|гг\.)(?:\s|$|[.,;])")


def parse(text: str) -> Figure:
    """Read a Russian figure into a Figure, as its English wording would be."""
    original = text
    rest = " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split()).lower()
    rest = rest.replace("ё", "е").replace("\u2212", "-").replace("–", "-").replace("—", "-")
    rest = _spelled_to_digits(rest)
    for word in INCREMENTS:
        if rest.startswith(word + " "):
            rest = rest[len(word) + 1:]
    qualifier = Qualifier.EXACT
    for phrase in sorted(QUALIFIERS, key=len, reverse=True):
        if rest.startswith(phrase + " ") and re.match(r"\d", rest[len(phrase) + 1:]):
            qualifier, rest = QUALIFIERS[phrase], rest[len(phrase) + 1:]
            break
    year = _YEAR.match(rest)
    if year:
        return assemble(original, Reading(Decimal(year["year"]), qualifier=qualifier, year_marked=True))
    _refuse_non_figure(rest, original)
    currency = re.match(r"(\$|€|£|₽)\s*(?=\d)", rest)  # "$240 млрд"
    if currency:
        rest = rest[currency.end():]
    reading, end = _read_range(rest, original)
    reading.qualifier = qualifier
    if currency:
        reading.unit = UNITS[currency[1]]
        _check_rate(rest[end:], reading, original)
        return assemble(original, reading)
    _check_rate(rest[end:], reading, original)
    _read_unit(rest[end:].strip(), reading, original)
    return assemble(original, reading)


def _check_rate(tail: str, reading: Reading, original: str) -> None:
    """Mark a yearly rate ("в год", "ежегодно"); refuse a daily one, which Crosscheck does not keep."""
    reading.per_year = bool(_RATE.search(f" {tail.strip()} "))
    if _PER_DAY.search(f" {tail.strip()} "):
        raise refusal("%(text)s is a daily rate: Crosscheck keeps yearly rates; give it a year", text=repr(original))


def _read_range(rest: str, original: str) -> tuple[Reading, int]:
    """Read one amount or a range ("от 9 до 11", "9-11", "между 9 и 11") at the start of ``rest``."""
    opener = re.match(r"(от|между|с)\s+", rest)
    first = _AMOUNT.match(rest, opener.end() if opener else 0)
    if first is None:
        if re.search(r"\d", rest):
            raise refusal(NOT_A_NUMBER_MESSAGE, text=repr(original))
        raise refusal("no number found in %(text)s", text=repr(original))
    joiner = {"от": r"\s*(?:до|-)\s*", "между": r"\s*(?:и|-)\s*", "с": r"\s*(?:до|по|-)\s*"}.get(
        opener[1] if opener else "", r"\s*-\s*")
    link = re.compile(joiner).match(rest, first.end())
    second = _AMOUNT.match(rest, link.end()) if link else None
    if opener and second is None:
        raise FigureError(f"{original!r} opens a range with {opener[1]!r} but gives no second number")
    value = _value(first)
    reading = Reading(value, multiplied=bool(first["mult"]))
    if second is None:
        return reading, first.end()
    reading.range_end = _value(second)
    if second["mult"] and not first["mult"]:
        reading.value = value * MULTIPLIERS[second["mult"]]  # "2-3 млн": the multiplier applies to both ends
    reading.multiplied = reading.multiplied or bool(second["mult"])
    return reading, second.end()


def _value(match: re.Match) -> Decimal:
    number = match["number"].replace(" ", "").replace(",", ".")
    value = Decimal(number)
    if match["mult"]:
        value *= MULTIPLIERS[match["mult"]]
    return value


def _read_unit(tail: str, reading: Reading, original: str) -> None:
    """Read the unit at the start of ``tail``, or what a count counts."""
    unit = _UNIT.match(tail)
    if unit:
        reading.unit = UNITS[unit.group()]
        return
    latin = re.match(r"[a-z][a-z²³./ ]*", tail)
    if latin:
        symbol = _latin_unit(latin.group().strip(), original)
        reading.unit = symbol
        return
    words = []
    for word in re.findall(r"[а-я-]+", tail.split(",")[0])[:3]:
        if word in _STOPWORDS:
            break
        words.append(word)
    if words and words[0] in ("год", "года", "году", "г", "гг"):
        reading.year_marked, words = True, []  # "от 1858 до 1860 года"
    reading.unit, reading.noun = COUNT, " ".join(words)


def _latin_unit(text: str, original: str) -> str:
    """Read a unit written in Latin letters inside Russian text ("500 km", "50 bcm")."""
    for size in range(len(text.split()), 0, -1):
        phrase = " ".join(text.split()[:size]).rstrip(".")
        if phrase in UNITS_BY_ALIAS:
            return UNITS_BY_ALIAS[phrase].symbol
    raise refusal("unknown unit %(unit)s in %(text)s", unit=repr(text), text=repr(original))


def _refuse_non_figure(rest: str, original: str) -> None:
    if re.match(r"^(?:-|минус\s+)\s*\d", rest):
        raise refusal(NEGATIVE_MESSAGE, text=repr(original))
    for pattern, what in _NOT_FIGURES:
        if pattern.match(rest):
            raise refusal("%(text)s is %(what)s, not a figure", text=repr(original), what=gettext_what(what))


def _spelled_to_digits(text: str) -> str:
    """Write Russian number words in digits: "сорок два" → "42", "две тысячи" → "2000"."""
    def digits(match: re.Match) -> str:
        words = match.group().split()
        if len(words) == 1 and words[0] in MULTIPLIERS and re.search(r"\d\s*$", text[: match.start()]):
            return match.group()  # "900 тысяч": a multiplier of the digits before it
        if words[-1] in MULTIPLIERS and len(words) > 1 and re.search(r"\d\s*$", text[: match.start()]):
            return match.group()
        return _format(_spelled_value(words))

    return _SPELLED.sub(digits, text)


def _spelled_value(words: list[str]) -> Decimal:
    total, current = Decimal(0), Decimal(0)
    for word in words:
        if word in _HALF:
            current += _HALF[word]
        elif word in _SIMPLE:
            current += _SIMPLE[word]
        else:  # a multiplier word
            total += (current or 1) * MULTIPLIERS[word]
            current = Decimal(0)
    return total + current


def _format(value: Decimal) -> str:
    return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else str(value.normalize())
