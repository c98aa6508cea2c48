"""Languages Crosscheck records for names, sources and quotes, and a guess from the script a text is in."""
from __future__ import annotations

import re

# BCP 47 tags: the language, and the script when it tells two ways of writing apart.
CONTENT_LANGUAGES = [
    ("en", "English"),
    ("ru", "Russian"),
    ("zh-Hans", "Chinese (simplified characters)"),
    ("zh-Hant", "Chinese (traditional characters)"),
    ("zh-Latn", "Chinese in Latin letters (pinyin, Wade–Giles)"),
    ("ru-Latn", "Russian in Latin letters"),
    ("other", "Another language"),
]
CONTENT_LANGUAGE_NAMES = dict(CONTENT_LANGUAGES)

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
# Characters written only in traditional Chinese (their simplified forms differ): enough to tell a
# name or a headline apart, not a full conversion table.
_TRADITIONAL_ONLY = set("條約參區國與萬億門東長島後來時會個們對這發說經過還實現點開關學應當無愛紀運議戰華灣習龍麼體璦琿儘")


def guess_language(text: str) -> str:
    """Guess a text's language from its letters: Han characters, Cyrillic or Latin ("" when none)."""
    han, cyrillic, latin = (len(p.findall(text or "")) for p in (_HAN, _CYRILLIC, _LATIN))
    if not han and not cyrillic and not latin:
        return ""
    if han and han >= max(cyrillic, latin) / 4:  # a Chinese character stands for a word, a letter does not
        return "zh-Hant" if any(c in _TRADITIONAL_ONLY for c in text) else "zh-Hans"
    return "ru" if cyrillic > latin else "en"


def language_name(code: str) -> str:
    """Return a language tag's name for readers ("ru" → "Russian"), or the tag itself when unknown."""
    return CONTENT_LANGUAGE_NAMES.get(code, code)
