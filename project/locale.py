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


class DeskLanguageMiddleware:
    """Speak to editors in their browser's language on the desk (/admin/): refusals, Django's own words.

    Crosscheck's own words are translated in each app's locale/ (claims/locale/ru, claims/locale/zh_Hans).

    Readers' pages stay in the site's language: they are cached once for everyone. The language is
    set only for the request (``override``), so it never leaks into the next request on the thread.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/admin/"):
            return self.get_response(request)
        from django.utils import translation
        from django.utils.cache import patch_vary_headers

        language = translation.get_language_from_request(request)
        with translation.override(language):
            response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", language)
        return response
