"""Find the figures in an English sentence, each with the words that say it, and skip what is no figure."""
from __future__ import annotations

import re

from claims import figures
from imports import furniture
from imports.naming import HAN
from imports.sentences import MONTHS

# "annually" and "per annum" are always rates ("annually from Siberian fields"); "a year" may be a
# time instead ("a year earlier", "a year from now").
_RATE = re.compile(r"\b(annually|per annum)\b|\b(a year|per year|each year|every year)\b"
                   r"(?!\s+(?:earlier|ago|before|later|after|since|on|from|into|or)\b)", re.IGNORECASE)
_QUALIFIER_BEFORE = re.compile(
    r"(?:\b(?:a further|another|an additional|an extra)\s+)?"
    r"(?:\b(?:approximately|approx\.|about|around|roughly|some|an estimated|nearly|almost|just under|over|"
    r"more than|above|in excess of|upwards of|at least|no fewer than|no less than|under|less than|fewer than|"
    r"below|up to|as much as|as many as|at most|a further|another|an additional|an extra)\s+)$",
    re.IGNORECASE,
)
_ARITHMETIC = re.compile(r"\d\s*[-+×*/=]\s*\d|\d\s*=")

_SPELLED_NUMBER = (r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                   r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
                   r"hundred|dozen)")
_NUMBER_START = re.compile(
    rf"(?<![\w.,/#+@-])(?:(?:US\$|\$|€|£|¥|₽)\s*\d|\d|(?:a|an)\s+(?:hundred|dozen|thousand|million|billion)\b|"
    rf"{_SPELLED_NUMBER}\b)", re.IGNORECASE)
_LEAD_IN = re.compile(r"(?:\b(?:between|from)\s+|\b(?:USD|EUR|GBP|RMB|CNY|RUB|JPY)\s+)$", re.IGNORECASE)
# Where a figure's wording ends at the latest: a clause break (a comma with a space, a semicolon,
# brackets, a dash between spaces) or the end of the sentence.
_CLAUSE_END = re.compile(r",\s|;|:\s|[()\[\]]|\s[–—-]\s|[.!?](?:\s|$)|$")
# Words right before a number that make it part of a name or an identifier, not an amount.
_IDENTIFIER_BEFORE = re.compile(
    r"\b(?:chmod|umask|version|v|ver|release|port|no|number|nos|page|pages|p|pp|chapter|section|article|room|"
    r"flight|route|episode|season|level|grade|phase|stage|step|tier|category|type|class|model|series|act|"
    r"figure|fig|table|appendix|item|rule|paragraph|clause|amendment|resolution|bill|order|case|ticket|issue|"
    r"id|code|line|lines|highway|interstate|channel|gate|platform|row|seat|unit|suite|apt|floor|box|pier|"
    r"district|ward|precinct|zone|sector|block|lot|exit|mile\s+marker|[A-Z][\w&+-]*)[.#:]?\s*$"
)
# Capitalised words that may stand before a figure without naming anything ("In 2014", "Over 40").
FUNCTION_WORDS = {
    "in", "since", "by", "about", "over", "some", "nearly", "almost", "around", "roughly", "approximately", "up",
    "to", "from", "between", "of", "and", "with", "for", "at", "on", "only", "just", "all", "another", "the",
    "these", "those", "its", "their", "his", "her", "our", "a", "an", "more", "less", "fewer", "than", "under",
    "below", "above", "after", "before", "during", "until", "till", "as", "yet", "but", "so", "then", "while",
    "when", "where", "now", "today", "still", "also", "further", "additional", "extra", "estimated", "est",
    "least", "most", "upwards", "excess", "says", "said", "were", "was", "is", "are", "had", "has", "have", "saw",
    "cost", "costs", "earned", "paid", "raised", "spent", "lost", "won", "killed", "injured", "or", "nor", "if",
    "every", "each", "per", "like", "unlike", "including", "excluding", "many", "few", "total", "totaling",
    "totalling", "reached", "exactly", "precisely", "maybe", "perhaps", "even",
}
_TIME_NOUNS = re.compile(r"^(?:years?|months?|weeks?|days?|hours?|minutes?|mins?|seconds?|secs?|decades?|"
                         r"centur(?:y|ies)|fortnights?|nights?|times? a|min\b)", re.IGNORECASE)
MONTH_BEFORE = re.compile(rf"\b(?:{MONTHS}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s*$")
_YEAR_ONLY = re.compile(r"^(?:1[5-9]\d\d|20\d\d)(?:s|'s)?$")


def _figure_words(sentence: str, start: int) -> tuple[int, str]:
    """Return where the figure at ``start`` begins (with its qualifier) and the clause it is worded in."""
    before = sentence[:start]
    lead = _LEAD_IN.search(before)
    if lead:
        start = lead.start()
        before = sentence[:start]
    qualifier = _QUALIFIER_BEFORE.search(before)
    if qualifier:
        start = qualifier.start()
    clause_end = start
    while True:  # a range's dash ("9–11") and thousands commas ("900,000") do not end the clause
        match = _CLAUSE_END.search(sentence, clause_end)
        clause_end = match.start()
        if match.group().startswith(",") and re.match(r",\s(?:\d|and|to)", sentence[clause_end:]) is None:
            break
        if not match.group().startswith(",") or clause_end >= len(sentence):
            break
        clause_end += 1
    return start, sentence[start:clause_end]


def _shortest_wording(clause: str, figure: figures.Figure) -> str:
    """Return the fewest leading words of ``clause`` that still read as ``figure`` (ignoring a yearly rate)."""
    words = list(re.finditer(r"\S+", clause))
    wanted = (figure.value, figure.unit.removesuffix(figures.PER_YEAR), figure.noun, figure.range_end, figure.total)
    for match in words:
        text = clause[: match.end()].rstrip(".,;:")
        try:
            shorter = figures.parse_figure(text)
        except figures.FigureError:
            continue
        if (shorter.value, shorter.unit.removesuffix(figures.PER_YEAR), shorter.noun, shorter.range_end,
                shorter.total) == wanted:
            return text
    return clause.rstrip(".,;:")


def find_figures(sentence: str, name_spans: list[tuple[int, int]]) -> list[tuple[int, int, str, figures.Figure]]:
    """Return the figures worded in ``sentence``: start, end, figure text (with a yearly rate) and the Figure."""
    found: list[tuple[int, int, str, figures.Figure]] = []
    covered_until = 0
    for match in _NUMBER_START.finditer(sentence):
        if match.start() < covered_until:
            continue
        if any(s <= match.start() < e for s, e in name_spans):
            continue  # a number inside a name: "Power of Siberia 2", "Vostok 2022"
        before = sentence[: match.start()]
        identifier = _IDENTIFIER_BEFORE.search(before)
        if identifier and identifier.group().strip(" .#:").lower() not in FUNCTION_WORDS and not \
                MONTH_BEFORE.search(before):
            continue  # "Python 3", "chmod 400", "Windows 10", "page 3"
        if MONTH_BEFORE.search(before):
            continue  # "June 2", "March 2023": dates, proposed as dates below
        if _ARITHMETIC.search(sentence[max(0, match.start() - 3): match.start() + 8]):
            continue  # "5 + 6 =": a captcha
        start, clause = _figure_words(sentence, match.start())
        try:
            figure = figures.parse_figure(clause)
        except figures.FigureError:
            continue  # times, dates, versions, ports, unknown units: not figures
        text = _shortest_wording(clause, figure)
        end = start + len(text)
        covered_until = end
        number = re.match(r"(?:US\$|\$|€|£|¥|₽)?\s*[\d,.]*\d|\S+", sentence[match.start():]).group()
        glued = re.match(r"[\d,.]*\d(-?)([A-Za-z]+)", sentence[match.start():])
        if glued and (glued[1] or not _is_unit_letters(glued[2])):
            continue  # "2FA", "3550H", "2400E", "32-bit", "14-day": a model, an address or a compound adjective
        if re.match(r"\s*(?:[A-Z]\w*\s+){0,3}(?:Street|St|Road|Rd|Avenue|Ave|Boulevard|Blvd|Lane|Drive|Way|Square)\b",
                    sentence[end:]) or re.search(r"\b(?:Street|Road|Avenue)\b", text):
            continue  # "1156 High Street": an address
        if figure.unit == figures.COUNT and re.fullmatch(r"\d{3,}", number) and re.match(
                r"\s+[A-Z]", sentence[match.start() + len(number):]):
            continue  # "228 Sirrine Hall", "1377 Apartments": a building or a name, not a count
        if not _checkable(figure, text, number):
            continue
        rate = _RATE.search(clause[len(text):]) if figure.unit.endswith(figures.PER_YEAR) else None
        if rate and not _RATE.search(text):
            text = f"{text} {rate.group()}"
        found.append((start, end, text, figure))
    return found


def _is_unit_letters(letters: str) -> bool:
    """Say whether letters glued to a number are a unit or a multiplier ("70cm", "$470B", "5bn", "35pc")."""
    try:
        figures.normalise_unit(letters)
        return True
    except figures.FigureError:
        return letters.lower() in {"bn", "mn", "tn", "trn", "mln", "k", "m", "b", "t", "pc", "st", "nd", "rd", "th",
                                   "s"}


def not_prose(sentence: str) -> bool:
    """Say whether a line is a table row, a list fragment, a heading or page furniture rather than a sentence."""
    if sentence.lstrip().startswith(("|", "^", "- ^", "* ^")) or sentence.count(" | ") >= 2:  # tables, references
        return True
    if furniture.is_furniture(sentence):
        return True
    words = len(sentence.split()) + len(re.findall(f"[{HAN}]", sentence)) // 2  # Chinese writes no spaces
    return words < 5 or (words <= 12 and not re.search(r"[.!?…。！？][\"”’)\]」』）]*\s*$", sentence))


def _checkable(figure: figures.Figure, text: str, number: str) -> bool:
    """Say whether a figure read from running text claims an amount (not a year, duration or bare number)."""
    if figure.unit == figures.YEAR:
        return False  # bare years name a time; the sentence becomes a dated-event candidate instead
    if figure.unit != figures.COUNT:
        return True
    if not figure.noun or _TIME_NOUNS.match(figure.noun):
        return False  # "11 Min Read", "two years later", a number that counts nothing named
    if _YEAR_ONLY.match(number) and figure.range_end is None and "," not in text:
        return False  # "the 2022 Russian invasion": a year used as an adjective
    if not number[0].isdigit() and not number.startswith(("$", "€", "£", "¥", "₽")) and figure.value < 10 \
            and figure.total is None:
        return False  # "one example", "at least one member": small words, not figures anyone checks
    return True
