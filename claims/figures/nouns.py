"""What a count counts: the noun after the number, and the words that are units, not nouns."""
from __future__ import annotations

import functools
import re

from .base import FigureError
from .units import UNITS, unit_registry

# Words pint reads as units that are also ordinary things to count ("3 points", "two hands").
_COUNTABLE_UNIT_WORDS = {"point", "hand", "stone", "bar", "barn", "grain", "cup", "drop", "turn", "degree", "bit",
                         "unit", "count", "second", "minute", "hour", "day", "week", "month", "year", "decade",
                         "century", "fortnight", "quarter"}


def check_counted_word(word: str, original: str) -> None:
    """Refuse a unit the catalogue lacks ("hectopascals") or a word nobody knows ("zorks") as a count."""
    word = word.strip("-'")
    singular = _singular_forms(word)
    if singular & _COUNTABLE_UNIT_WORDS or _acronym_plural(word, original):
        return
    dimension = _pint_dimension(word) or _pint_dimension(_stated_symbol(word, original), short=True)
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


def _acronym_plural(word: str, original: str) -> bool:
    """Say whether the source wrote ``word`` as an acronym's plural ("40 MPs", "12 CEOs"): people or things."""
    found = re.search(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", original, re.IGNORECASE)
    return bool(found) and len(found.group()) > 2 and found.group().endswith("s") and found.group()[:-1].isupper()


def _stated_symbol(word: str, original: str) -> str:
    """Return ``word`` as the source wrote it when its letters' case marks a unit symbol ("eV", "GHz", "mGy").

    A capital after the first letter says symbol ("eV"), unless the word is an acronym's plural ("MPs")."""
    found = re.search(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", original, re.IGNORECASE)
    stated = found.group() if found else ""
    if not any(c.isupper() for c in stated[1:]) or _acronym_plural(word, original):
        return ""
    return stated


@functools.cache
def _pint_dimension(word: str, short: bool = False) -> str:
    """Return the dimensionality pint gives ``word`` as a unit ("[length]"), or "" when it is no unit."""
    if len(word) < (2 if short else 3):
        return ""  # "m", "g", "am": too short to tell a unit from an abbreviation or a word
    try:
        units = unit_registry().parse_units(word)
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


def noun_phrase(text: str) -> str:
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

