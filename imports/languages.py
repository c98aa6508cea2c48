"""Figures in Russian and Chinese sentences, for the importer's candidates.

English sentences go through the detector in candidates.py; a sentence written mostly in Cyrillic or
in Chinese characters comes here. Each number is widened to the qualifier before it ("более",
"超过", "每年") and to its clause (Chinese ends one at "，" or "、", Russian at ", "), read with
claims.figures, and cut back to the fewest words (Chinese: characters) that read the same.
"""
from __future__ import annotations

import re

from claims import figures
from claims.figures import chinese, russian

_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_HAN_CHAR = re.compile(f"[{_HAN}]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")

_RU_WORDS = "|".join(sorted((re.escape(w) for w in russian.SPELLED_WORDS), key=len, reverse=True))
_RU_START = re.compile(rf"(?<![\w.,/-])(?:\d|(?:{_RU_WORDS})(?![\w]))", re.IGNORECASE)
_RU_BEFORE = re.compile(
    r"(?:(?<![\w])(?:" + "|".join(sorted((re.escape(q) for q in (*russian.QUALIFIERS, "от", "между", "еще", "ещё")),
                                          key=len, reverse=True)) + r")\s+)+$", re.IGNORECASE)
# "тыс. кв. км" holds abbreviations' full stops: a full stop ends the clause only before a capital or the end.
_RU_CLAUSE_END = re.compile(r",\s|;|:\s|[()«»\"“”]|\s[–—-]\s|[.!?](?=\s+[А-ЯЁA-Z«\"]|\s*$)|$")

_ZH_NUMERAL = "零〇一二两三四五六七八九十百千万亿"
_ZH_START = re.compile(rf"(?<![\d.,])\d|[{_ZH_NUMERAL}]+")
_ZH_BEFORE = re.compile(
    "(?:" + "|".join(sorted((re.escape(q) for q in (*chinese.PREFIXES, "每年", "年均", "百分之", "从", "介于")),
                            key=len, reverse=True)) + ")+$")
_ZH_CLAUSE_END = re.compile(r"[，。；：、！？（）《》“”\"()]|$")
# What a Chinese count counts starts with a measure word; durations ("年", "天") are times, not counts.
_ZH_MEASURE = set("次个名人艘架座项场位家条份起支辆枚种届所部批轮例块道")
_ZH_YEARLY = re.compile("每年|年均")
_ZH_UNIT_CHARACTERS = set("".join(chinese.UNITS)) - set("0123456789")
_RU_TIME_NOUNS = re.compile(r"^(?:лет|год|года|году|месяц|недел|дн|дней|час|минут|секунд|век|раз в)")


def sentence_language(sentence: str) -> str:
    """Return "zh", "ru" or "en": the script most of the sentence's letters are in (a Chinese character counts twice)."""
    han, cyrillic, latin = (len(p.findall(sentence)) for p in (_HAN_CHAR, _CYRILLIC, _LATIN))
    if han * 2 >= max(cyrillic, latin, 1):
        return "zh"
    return "ru" if cyrillic > latin else "en"


def find_figures(sentence: str, name_spans: list[tuple[int, int]], language: str
                 ) -> list[tuple[int, int, str, figures.Figure]]:
    """Return the figures worded in a Russian or Chinese sentence: start, end, wording and the Figure."""
    chinese_text = language == "zh"
    starts = _ZH_START if chinese_text else _RU_START
    found, covered_until = [], 0
    for match in starts.finditer(sentence):
        if match.start() < covered_until or any(s <= match.start() < e for s, e in name_spans):
            continue  # inside a figure already read, or a number inside a name ("Сила Сибири 2", "西伯利亚力量2号")
        before = (_ZH_BEFORE if chinese_text else _RU_BEFORE).search(sentence[:match.start()])
        start = before.start() if before else match.start()
        clause_end = (_ZH_CLAUSE_END if chinese_text else _RU_CLAUSE_END).search(sentence, match.end()).start()
        clause = sentence[start:clause_end]
        try:
            figure = figures.parse_figure(clause)
        except figures.FigureError:
            continue  # dates, clock times, ordinals, units nobody knows: not figures
        text = _shortest(clause, figure, chinese_text)
        if not _checkable(figure, chinese_text, match.group()):
            continue
        covered_until = start + len(text)
        if chinese_text and not figure.unit.endswith(figures.PER_YEAR) and _ZH_YEARLY.search(
                re.split(r"[，。；：、！？]", sentence[:start])[-1]):
            # "管道每年最多输送500亿立方米": the yearly word opens the clause, away from the number.
            yearly = figures.parse_figure("每年" + text)
            figure, text = (yearly, "每年" + text) if yearly.unit.endswith(figures.PER_YEAR) else (figure, text)
        found.append((start, covered_until, text, figure))
    return found


def _shortest(clause: str, figure: figures.Figure, chinese_text: bool) -> str:
    """Return the fewest leading words of ``clause`` that read as ``figure``.

    Chinese: the fewest characters that give the same amount and the measure word ("11次", not
    "11次联合演习"), widened to the whole unit ("500亿立方米", not "500亿立方").
    """
    def reading(text: str) -> tuple | None:
        try:
            found = figures.parse_figure(text)
        except figures.FigureError:
            return None
        noun = found.noun[:1] if chinese_text else found.noun
        return found.value, found.unit, noun, found.range_end, found.qualifier

    wanted = reading(clause)
    ends = range(1, len(clause) + 1) if chinese_text else [m.end() for m in re.finditer(r"\S+", clause)]
    for end in ends:
        text = clause[:end].rstrip(".,;: ")
        if reading(text) == wanted:
            while chinese_text and end < len(clause) and clause[end] in _ZH_UNIT_CHARACTERS and \
                    reading(clause[:end + 1]) == wanted:
                end += 1
            return clause[:end] if chinese_text else text
    return clause.rstrip(".,;: ")


def _checkable(figure: figures.Figure, chinese_text: bool, number: str) -> bool:
    """Say whether a figure claims an amount: not a bare year, a duration or a count of nothing named."""
    if figure.unit == figures.YEAR:
        return False
    if figure.unit != figures.COUNT:
        return True
    if not figure.noun:
        return False
    if chinese_text:
        return figure.noun[0] in _ZH_MEASURE and (number[0].isdigit() or figure.value >= 10)
    # Small numbers in words ("двух стран", "两个条约") are not figures anyone checks, as in English.
    return not _RU_TIME_NOUNS.match(figure.noun) and (number[0].isdigit() or figure.value >= 10)
