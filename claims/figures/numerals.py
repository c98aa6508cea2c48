"""Numbers as written: digits with thousands separators, multipliers, and English number words."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .base import MAX_DIGITS, FigureError

MULTIPLIERS = {
    "thousand": Decimal(10) ** 3,
    "million": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
}
NUMBER = r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?)"


def parse_number(text: str) -> Decimal:
    """Read "900,000", "1.5", "50 billion" or "forty" as a Decimal."""
    spelled = spelled_to_digits(text.strip().lower())
    match = re.fullmatch(NUMBER + r"(?:\s+(?P<mult>thousand|million|billion|trillion))?", spelled)
    if not match:
        raise FigureError(f"cannot read a number in {text!r}")
    return number_value(match["number"], match["mult"])


def number_value(number: str, multiplier: str | None) -> Decimal:
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
        value *= MULTIPLIERS[multiplier]
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


def spelled_to_digits(text: str) -> str:
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

