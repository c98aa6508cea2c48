"""Propose checkable claims in an article's text: every sentence read, typed and scored.

No database: the caller passes the known entities and metrics. Every number in a sentence is read
by the project's own figure module, so a candidate's value, unit and qualifier mean what they mean
everywhere else in Crosscheck; what that module refuses (clock times, dates, versions, ports, unknown
units) is not a figure. Bare years, durations, reading times, captcha sums, numbers inside names and
numbers without anything counted are skipped. Sentences without figures are proposed too when they
date an event, rank, compare, tell a trend, place something or attribute a statement, and not when
they are opinions, predictions, hedged, first-person or questions. Each candidate carries its type,
the words that made it one and a check-worthiness score; the list comes best first.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from claims import figures
from imports import furniture, languages, proposing, speech
from imports.detector import learning

MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "no", "vs", "etc", "e.g", "i.e", "jan", "feb", "mar", "apr", "jun",
                  "jul", "aug", "sep", "sept", "oct", "nov", "dec", "gen", "col", "lt", "sen", "rep", "gov", "prof",
                  "rt", "hon", "rev", "revd", "sr", "jr",  # "the Rt. Hon. Keith Mitchell", "Rev. Sharpton", "Jr."
                  # Russian: "г." (year, city), "ул." (street), "т. е.", "им." (named after)
                  "г", "гг", "ул", "им", "т.е", "т.к", "др", "проф", "ген", "св"}
# Chinese and Japanese end sentences with full-width marks and no space after them.
_SENTENCE_BREAK = re.compile(r"[.!?…][\"”’»)\]]*\s+(?=[\"“‘«(\[]?[A-Z0-9А-ЯЁ])|[。！？][」』”）]*\s*(?=\S)")
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
_PERIOD_AFTER = re.compile(
    rf"^[^.;:–—]{{0,60}}?\b(?P<label>(?P<prep>since|in|by|as of|during)\s+(?:(?:{MONTHS})\s+)?(?P<year>1[5-9]\d\d|20\d\d))\b"
)
_PERIOD_LEADING = re.compile(
    rf"^(?P<label>(?P<prep>Since|In|By|As of)\s+(?:(?:{MONTHS})\s+)?(?P<year>1[5-9]\d\d|20\d\d)),"
)
_DATE = re.compile(rf"\b(?:(?:{MONTHS})\s+(?:\d{{1,2}},\s+)?(?P<year>1[5-9]\d\d|20\d\d))\b")
_READING_TIME = re.compile(r"^\s*min(?:ute)?s?\s+read\b", re.IGNORECASE)
_ARITHMETIC = re.compile(r"\d\s*[-+×*/=]\s*\d|\d\s*=")
_OF_TOTAL = re.compile(r"^\s+of\s+(?:its|the|their|his|her|our)?\s*\d[\d,]*")
_STEM_SUFFIXES = ("ings", "ing", "ies", "es", "ed", "s")
_STOPWORDS = {"the", "a", "an", "of", "in", "on", "to", "and", "or", "by", "for", "from", "with", "that", "this",
              "is", "was", "were", "are", "be", "it", "its", "as", "at", "per", "one", "two", "over", "their"}


@dataclass(frozen=True)
class KnownEntity:
    entity_id: int
    name: str  # the entity's name or one of its aliases
    canonical_name: str
    kind: str


@dataclass(frozen=True)
class KnownMetric:
    metric_id: int
    name: str
    description: str
    canonical_unit: str
    dimension: str
    subject_kinds: frozenset[str] = frozenset()  # kinds of entity its existing claims are about


@dataclass
class Candidate:
    """A figure in a sentence, or a checkable sentence without one, that an editor may turn into a claim."""

    quote: str
    start: int
    end: int
    figure_text: str
    figure_start: int
    figure_end: int
    value: Decimal | None  # None: a claim without a figure ("the world's leading crude oil importer")
    unit: str
    qualifier: str
    kind: str  # quantity, count, part_of_total, date, or statement (no figure)
    count_noun: str = ""
    total: Decimal | None = None
    entities: list[tuple[int, str]] = field(default_factory=list)
    metric: tuple[int, str] | None = None
    period_label: str = ""
    period_start: date | None = None
    period_end: date | None = None
    prefix: str = ""
    suffix: str = ""
    # Filled in against the database (imports.services): claims this one repeats, and the claim an
    # appearance of this source already records for this sentence.
    matches: list[dict] = field(default_factory=list)
    recorded: dict | None = None
    # Who the sentence says made the claim ("said Foreign Minister X", "according to the Kremlin"),
    # proposed as the claim's claimant: an existing entity when the name matches one, else a new one.
    claimant: Attribution | None = None
    worded: str = ""  # the figure as the text words it, when that differs from figure_text ("March 2023")
    claim_type: str = "quantity"  # a key of CLAIM_TYPES
    cues: dict[str, str] = field(default_factory=dict)  # claim type -> the words that made it one
    score: float = 0.0  # check-worthiness, 0 to 1: the rules' score and the learned one together
    learned: float = 0.0  # the trained model's score for the sentence alone (imports.detector)
    reason: str = ""  # why it may not be a claim: opinion, prediction, hedge, first person, question
    statement: str = ""  # the sentence made to stand alone, for the editor to start from
    new_metric: str = ""  # a name for a new metric, when no known one fits the figure ("Number of streets")

    @property
    def key(self) -> str:
        """Identify the candidate within one snapshot (its figure's offsets, or its sentence's)."""
        return f"{self.figure_start}-{self.figure_end}" if self.figure_text else f"s{self.start}-{self.end}"

    @property
    def has_figure(self) -> bool:
        return bool(self.figure_text)

    @property
    def type_label(self) -> str:
        return CLAIM_TYPES.get(self.claim_type, self.claim_type)

    @property
    def figure(self) -> figures.Figure:
        return figures.parse_figure(self.figure_text)

    def as_dict(self) -> dict:
        return {
            "key": self.key, "quote": self.quote, "start": self.start, "end": self.end,
            "figure": self.worded or self.figure_text, "figure_text": self.figure_text, "figure_start": self.figure_start, "figure_end": self.figure_end,
            "value": _plain(self.value), "unit": self.unit,
            "qualifier": self.qualifier, "kind": self.kind, "count_noun": self.count_noun,
            "total": _plain(self.total),
            "entities": [{"id": i, "name": n} for i, n in self.entities],
            "metric": {"id": self.metric[0], "name": self.metric[1]} if self.metric else None,
            "period": self.period_label,
            "matches": self.matches,
            "already_recorded": self.recorded,
            "type": self.claim_type, "cues": self.cues, "score": self.score, "learned": self.learned,
            "reason": self.reason,
            "statement": self.statement, "new_metric": self.new_metric,
            "claimant": None if self.claimant is None else {
                "name": self.claimant.name, "role": self.claimant.role, "kind": self.claimant.kind,
                "entity_id": self.claimant.entity_id},
        }


def _plain(number: Decimal | None) -> str | None:
    return None if number is None else format(number.normalize(), "f")


# --- Sentences ----------------------------------------------------------------------------------------

def sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentence spans; paragraphs always end a sentence; "U.S." and "Mr." do not."""
    spans = []
    for paragraph in re.finditer(r"[^\n]+", text):
        offset, body, start = paragraph.start(), paragraph.group(), 0
        for match in _SENTENCE_BREAK.finditer(body):
            word = re.search(r"(\S+)$", body[start: match.start() + 1])
            token = word[1].rstrip(".").lower() if word else ""
            if token in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", token):
                continue  # "Mr.", "U.S.", "M. Taylor"
            spans.append((offset + start, offset + match.start() + 1 + len(match.group().rstrip()) - 1))
            start = match.end()
        if body[start:].strip():
            spans.append((offset + start, offset + len(body.rstrip())))
    return [(s, e) for s, e in spans if text[s:e].strip()]


# --- Entities and metrics ----------------------------------------------------------------------------

# A Chinese character is a word of its own (Chinese writes no spaces), so "根据瑷珲条约" holds "瑷珲条约".
_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_WORD = re.compile(rf"[{_HAN}]|[^\W{_HAN}]+(?:['’][^\W{_HAN}]+)*")


class EntityMatcher:
    """Find known entities by name or alias, word by word, longest name first.

    Names are looked up as runs of words in a dictionary, so matching costs the same with fifty
    names or a hundred thousand. Names of three letters or fewer ("Xi") must match case.
    """

    def __init__(self, known: list[KnownEntity]):
        self.by_words: dict[str, KnownEntity] = {}
        self.exact: dict[str, KnownEntity] = {}
        self.longest = 1
        for entity in known:
            words = [name_word(w) for w in _WORD.findall(_fold(entity.name))]
            if not words:
                continue
            self.longest = max(self.longest, len(words))
            key = " ".join(words)
            if len(key) <= 3:
                self.exact.setdefault(key, entity)
            else:
                self.by_words.setdefault(key.lower(), entity)

    def find(self, text: str) -> tuple[list[KnownEntity], list[tuple[int, int]]]:
        """Return the entities named in ``text``, first mention first, and where the names are."""
        words = list(_WORD.finditer(_fold(text)))
        found, seen, spans, i = [], set(), [], 0
        while i < len(words):
            for size in range(min(self.longest, len(words) - i), 0, -1):
                key = " ".join(name_word(w.group()) for w in words[i:i + size])
                entity = self.exact.get(key) if len(key) <= 3 else self.by_words.get(key.lower())
                if entity is not None:
                    spans.append((words[i].start(), words[i + size - 1].end()))
                    if entity.entity_id not in seen:
                        seen.add(entity.entity_id)
                        found.append(entity)
                    i += size
                    break
            else:
                i += 1
        return found, spans


@functools.lru_cache(maxsize=65536)
def name_word(word: str) -> str:
    """Return a word as names are matched: a Russian word by its stem, so every case of a name matches."""
    if len(word) > 3 and re.search("[а-яё]", word, re.IGNORECASE):
        stem = _russian_stemmer().stemWord(word.lower())
        return stem if word[:1].islower() else stem[:1].upper() + stem[1:]
    return word


@functools.cache
def _russian_stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("russian")


@functools.lru_cache(maxsize=4)
def _matcher(entities: tuple[KnownEntity, ...]) -> EntityMatcher:
    """Index the names once per set of known entities."""
    return EntityMatcher(list(entities))


def _fold(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'")


def _stem(word: str) -> str:
    word = word.lower()
    for suffix in _STEM_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _words(text: str) -> set[str]:
    return {_stem(w) for w in re.findall(r"[A-Za-z]+", text) if w.lower() not in _STOPWORDS}


def propose_metric(figure: figures.Figure, sentence: str, metrics: list[KnownMetric],
                   before: str = "") -> KnownMetric | None:
    """Propose the metric whose unit fits the figure and whose name and description the wording echoes.

    Nothing is proposed when the wording does not single one out.
    """
    try:
        dimension = figures.dimension_of(figure.unit)
    except figures.FigureError:
        return None
    fitting = [m for m in metrics if m.dimension == dimension
               and proposing.counted_thing_fits(figure, f"{m.name} {m.description}", before)]
    words = _words(sentence) | _words(figure.noun)
    scored = sorted(((len(words & _words(f"{m.name} {m.description}")), m) for m in fitting),
                    key=lambda pair: -pair[0])
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


# --- Figures -------------------------------------------------------------------------------------

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
_FUNCTION_WORDS = {
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
_MONTH_BEFORE = re.compile(rf"\b(?:{MONTHS}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s*$")
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


def _find_figures(sentence: str, name_spans: list[tuple[int, int]]) -> list[tuple[int, int, str, figures.Figure]]:
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
        if identifier and identifier.group().strip(" .#:").lower() not in _FUNCTION_WORDS and not \
                _MONTH_BEFORE.search(before):
            continue  # "Python 3", "chmod 400", "Windows 10", "page 3"
        if _MONTH_BEFORE.search(before):
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


def _not_prose(sentence: str) -> bool:
    """Say whether a line is a table row, a list fragment, a heading or page furniture rather than a sentence."""
    if sentence.lstrip().startswith(("|", "^", "- ^", "* ^")) or sentence.count(" | ") >= 2:  # tables, references
        return True
    if furniture.is_furniture(sentence):
        return True
    words = len(sentence.split()) + len(re.findall(f"[{_HAN}]", sentence)) // 2  # Chinese writes no spaces
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


# --- Claim types, check-worthiness and what is not a claim ------------------------------------------

CLAIM_TYPES = {
    "quantity": "quantity", "percentage": "percentage or rate", "money": "money", "range": "range",
    "date": "date or dated event", "ranking": "ranking or superlative", "comparison": "comparison",
    "trend": "trend", "place": "place or existence", "attribution": "attribution",
    "fact": "factual statement",
}
_YEAR_OR_CENTURY = (rf"(?:(?:{MONTHS})\s+(?:\d{{1,2}},?\s+)?)?\b(?:1[5-9]\d\d|20\d\d)s?\b|"
                    r"\b\d{1,2}(?:st|nd|rd|th)[ -]century\b|\b(?:first|second|latter|last|early|late|mid)\s+"
                    r"(?:half\s+of\s+the\s+)?\d{1,2}(?:st|nd|rd|th)\s+century\b")
_CUES = {
    "date": re.compile(_YEAR_OR_CENTURY, re.IGNORECASE),
    "ranking": re.compile(
        r"\b(?:the\s+|'s\s+|’s\s+)(?:(?:world|country|nation|region|continent)['’]s\s+)?"
        r"(?:(?:second|third|fourth|fifth)[- ])?(?:largest|biggest|smallest|highest|lowest|leading|top|"
        r"first(?!\s+(?:few|time|was|is|of|inch|step|thing|two|three|half|place)\b)|"
        r"only|closest|oldest|newest|fastest|richest|poorest|longest|shortest|greatest|"
        r"most\s+\w+|least\s+\w+)\b|\bby\s+far\s+the\s+\w+|\bone\s+of\s+the\s+(?:leading|largest|biggest|"
        r"most\s+\w+|top)\b|\bnumber\s+one\b|\brank(?:s|ed)?\s+(?:first|second|third|\d+)", re.IGNORECASE),
    "comparison": re.compile(
        r"\b(?!rather\b|other\b)\w{2,}er\s+(?:from\s+\w+\s+)?than\b(?!\s+(?:\$|€|£)?\d)|\b(?:more|less|fewer)\s+\w+(?:\s+\w+)?\s+than\b(?!\s+(?:\$|€|£)?\d)|"
        r"\btwice\s+as\b|\b(?:more|less|fewer)\s+\w+(?:\s+\w+){1,3}\s+than\s+(?:from\s+)?any\s+other\b|\b(?:three|four|five|ten)\s+times\s+as\b|\bcompared\s+(?:with|to)\b|"
        r"\bcomparable\s+to\b|\bthan\s+any\s+other\b|\b(?:outnumber|exceed|surpass|overtake)\w*|"
        r"\b(?:double|triple)\s+(?:the|that)\b|\bthan\s+ever\b", re.IGNORECASE),
    "trend": re.compile(
        r"\b(?:ris(?:es|ing|en)|rose|increas(?:es|ed|ing)|grow(?:s|n)|grew|has\s+been\s+growing|fell|falls|fallen|"
        r"falling|declin(?:es|ed|ing)|dropp(?:ed|ing)|doubl(?:ed|ing)|tripl(?:ed|ing)|surg(?:ed|ing)|soar(?:ed|ing)|"
        r"plummet(?:ed|ing)?|shr(?:a|u)nk|expand(?:ed|ing)|increasingly|more\s+and\s+more|busier|peak(?:ed|ing)|"
        r"record\s+(?:high|low|levels?)|unprecedented|jump(?:ed)?|climb(?:ed|ing)|slump(?:ed)?|halved|"
        r"becoming|has\s+become|have\s+become)\b", re.IGNORECASE),
    "place": re.compile(
        r"\b(?:home\s+to|located\s+(?:in|at|on|along|near)|lies?\s+(?:in|on|at|along)|situated|"
        r"border(?:s|ing)\b|capital\s+of|boasts?|possess(?:es)?|"
        r"reserves|deposits|(?:has|have|had)\s+set\s+up|established|divided\s+between|placed\s+under|headquartered|"
        r"based\s+in|stationed|part\s+of|belongs?\s+to|held\s+in|took\s+place|in\s+the\s+city\s+of|"
        r"known\s+as|formerly|once\s+[A-Z]\w+|"
        r"from\s+(?:[\w-]+\s+){0,4}[A-Z]\w+\s+to\s+(?:[\w-]+\s+){0,3}[A-Z]\w+|through\s+[A-Z]\w+\s+to|(?:summit|meeting|talks|conference|visit)\s+in\s+[A-Z]\w+)\b"),
    "attribution": re.compile(
        r"(?:\b(?!(?:He|She|It|They|We|I|You|That|This|There|But|And)\b)[A-Z][\w.-]+|"
        r"\b(?:officials?|ministry|ministers?|police|spokes(?:man|woman|person)|authorities|government|agency|"
        r"report|study|survey|data|statement|court|department|company|committee|council))"
        r"(?:\s+[\w.-]+){0,3}?\s+(?:said|says|stated|told|announced|noted|claimed|reported|declared|wrote|"
        r"confirmed|denied|admitted|estimated)\b|\baccording\s+to\b|\bin\s+a\s+statement\b"),
}
# How much each kind of claim is worth checking, before the sentence's other signals.
_TYPE_WEIGHTS = {"money": 0.75, "percentage": 0.75, "range": 0.7, "quantity": 0.7, "date": 0.5, "ranking": 0.55,
                 "comparison": 0.45, "trend": 0.45, "place": 0.35, "attribution": 0.3, "fact": 0.4}
_NOT_CLAIMS = {
    "question": re.compile(r"\?[\"”’)]*\s*$"),
    "first person": re.compile(r"\b(?:I|I'm|I’m|I've|we|We|we're|we’re|us|our|Our|ours|my|My|let's|let’s|Let's|"
                               r"Let’s|let\s+us)\b"),
    "addressed to the reader": re.compile(r"\b(?:you|your|you're|you’re|you'll|you’ll|yourself)\b", re.IGNORECASE),
    "prediction": re.compile(
        r"\b(?:will|won't|won’t|would|(?:he|she|it|they|that|there)['’]ll|(?:is|are|was|were)\s+(?:un)?likely\s+to|"
        r"(?:un)?likely\s+to\s+happen|"
        r"going\s+to|is\s+set\s+to|expected\s+to|expects?\s+(?:\w+\s+){1,3}to|plans?\s+to|forecast|"
        r"(?:may|might|could)\s+(?:well\s+|even\s+|soon\s+|one\s+day\s+|eventually\s+)?(?:become|see|tear|lead|fracture))\b",
        re.IGNORECASE),
    "hedged": re.compile(
        r"\b(?:perhaps|possibly|probably|likely|seems?|appears?\s+to|arguably|apparently|allegedly|"
        r"might|may|could|suggests?)\b", re.IGNORECASE),
    "opinion": re.compile(
        r"\b(?:should|must|ought\s+to|undeniably|clearly|obviously|cannot\s+be\s+overstated|formidable|"
        r"well-documented|ticking\s+time\s+bomb|bromance|marriage\s+of\s+convenience|sore\s+spot|"
        r"rational(?:ly)?|irrational|better\s+off|illustrates|demonstrates?|relentless|shameful|disgrace\w*|"
        r"outrageous|ridiculous|absurd|terrible|wonderful|brilliant|deserves?|in\s+my\s+view|i\s+think|"
        r"we\s+believe|the\s+answer\s+is|needs?\s+to|has\s+to|have\s+to)\b", re.IGNORECASE),
}
_PENALTIES = {"question": 0.6, "first person": 0.45, "addressed to the reader": 0.45, "prediction": 0.3, "hedged": 0.2,
              "opinion": 0.35}
# Opening words that join a sentence to the one before: dropped from a statement meant to stand alone.
_CONNECTIVES = re.compile(
    r"^(?:(?:and|but|yet|so|also|still|however|furthermore|moreover|besides|nevertheless|nonetheless|meanwhile|"
    r"indeed|thus|therefore|hence|instead|in\s+addition|in\s+fact|as\s+a\s+result|by\s+contrast|"
    r"on\s+the\s+other\s+hand|at\s+the\s+same\s+time|even\s+so|after\s+all|then|now)\b,?\s+)+",
    re.IGNORECASE)
# "VLADIVOSTOK —", "VLADIVOSTOK, Russia (Reuters) —", "MOSCOW (AP) -"
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'’-]{2,}(?:,\s+[A-Z][\w .'’-]+?)?)\s*(?:\((?P<agency>[\w .&-]+)\)\s*)?[—–-]{1,2}\s+")
# "…, said Foreign Minister Sergei Lavrov." / "…, according to the Kremlin." (the speaker after the verb)
_ATTRIBUTION_SAID_TAIL = re.compile(
    r",\s+(?:said|says|told\s+\w+|according\s+to)\s+(?:the\s+)?[A-Z][\w’'.-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w’'.-]*)*"
    r"(?:,\s+[^,.;]{3,80})?(?P<end>[.!\"”]*)$")
_ATTRIBUTION_TAIL = re.compile(
    r",?\s+(?:(?:\w+\s+){0,4}(?:officials?|ministry|ministers?|spokes(?:man|woman|person)|police|"
    r"authorities|analysts?|experts?|sources?|reports?|statement|he|she|they|the\s+\w+|[A-Z]\w+(?:\s+[A-Z]\w+)*)\s+"
    r"(?:said|says|told\s+\w+|announced|reported|stated|noted|added)(?:\s+(?:on|in|last|this)\s+\w+)?"
    r"(?:\s+(?:in\s+a\s+statement|on\s+\w+))?)(?P<end>[.!\"”]*)$")
_ATTRIBUTION_HEAD = re.compile(
    r"^(?:(?:\w+\s+){0,4}(?:officials?|ministry|ministers?|spokes(?:man|woman|person)|police|authorities|"
    r"analysts?|experts?|sources?|[A-Z]\w+(?:\s+[A-Z]\w+)*)\s+(?:said|say|says|told\s+\w+|announced|reported|stated)"
    r"(?:\s+(?:on|in|last|this)\s+\w+)?\s+that\s+|according\s+to\s+[^,]{2,60},\s+)", re.IGNORECASE)


_ROLE_NOUNS = (r"(?i:Minister|President|Vice[- ]President|Prime\s+Minister|Secretary|Spokes(?:man|woman|person)|"
               r"Ambassador|Chairman|Chairwoman|Chair|Director|Governor|Premier|Chancellor|Mayor|General|Admiral|"
               r"Senator|Envoy|Adviser|Advisor|Chief|Head|Professor|Analyst|Leader|Commander|Deputy|CEO|Editor)")
# Capitalised role words before a name: "Foreign Minister", "Deputy Prime Minister", "Kremlin spokesman".
_ROLE_THEN_NAME = re.compile(
    rf"^(?P<role>(?:[A-Z][\w’'-]*\s+){{0,3}}{_ROLE_NOUNS}(?:\s+of\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)?)"
    r"\s+(?P<name>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})$")
_ORGANISATION_WORDS = re.compile(
    r"\b(?:Kremlin|White\s+House|Ministry|Department|Office|Agency|Institute|Council|Committee|Commission|"
    r"Government|Bank|Company|Corporation|Group|University|Service|Embassy|Parliament|Duma|Senate|Congress|"
    r"Inc|Ltd|Reuters|Xinhua|TASS|Gazprom|CNPC|Rosneft|Army|Navy|Police|Court|Party|Union|Association|"
    r"Foundation|Times|News|Post|Agency)\b")
_NOT_A_CLAIMANT = re.compile(
    r"^(?:he|she|they|it|we|officials?|analysts?|experts?|sources?|reports?|critics|observers|residents|"
    r"some|many|others|people|the\s+(?:report|study|survey|data|statement|officials?|analysts?|experts?|sources?))$",
    re.IGNORECASE)
_WHO = (r"(?P<who>(?:the\s+)?[A-Z][\w’'.-]*(?:\s+(?:of\s+(?:the\s+)?)?(?:[A-Z][\w’'.-]*|spokes(?:man|woman|person)|"
        r"minister|secretary|ambassador|envoy|adviser|advisor|chief|spokesperson)){0,7})")
_ATTRIBUTIONS = (
    # "…, said Foreign Minister Sergei Lavrov." / "…, said Sergei Lavrov, Russia's foreign minister."
    re.compile(rf",\s+(?:said|says|told\s+\w+|according\s+to)\s+{_WHO}(?:,\s+(?P<apposition>[^,.;]{{3,80}}))?[.!\"”]*$"),
    # "…, Foreign Minister Sergei Lavrov said." / "…, the Kremlin said on Monday."
    re.compile(rf",\s+{_WHO}\s+(?:said|says|told\s+\w+|announced|stated|noted|added)(?:\s+(?:on|in|last|this)\s+\w+)?"
               r"[.!\"”]*$"),
    # "Foreign Minister Sergei Lavrov said that …" / "According to the Kremlin, …"
    re.compile(rf"^{_WHO}\s+(?:said|says|told\s+\w+|announced|stated)(?:\s+(?:on|in|last|this)\s+\w+)?\s+that\s+"),
    re.compile(rf"^according\s+to\s+{_WHO}(?:,\s+(?P<apposition>[^,]{{3,80}}))?,\s+", re.IGNORECASE),
)


@dataclass(frozen=True)
class Attribution:
    """Who a sentence says made its claim: a name, their role as worded, and whether a person or organisation."""

    name: str
    role: str
    kind: str  # "person" or "organisation" (claims.models.Entity.Kind values)
    entity_id: int | None = None  # the known entity the name matched, if any


def attribution_of(sentence: str, matcher: EntityMatcher | None = None) -> Attribution | None:
    """Read who made the claim from its sentence's attribution; None when it names nobody in particular.

    "said Foreign Minister Sergei Lavrov" gives Sergei Lavrov (person), role "Foreign Minister";
    "according to the Kremlin" gives Kremlin (organisation). A known entity or alias (person or
    organisation) wins over the guess, so "Lavrov" finds the entity an editor already recorded.
    """
    text = DATELINE.sub("", " ".join(sentence.split()))
    for pattern in _ATTRIBUTIONS:
        found = pattern.search(text)
        if found is None:
            continue
        who = re.sub(r"^the\s+", "", found["who"].strip(), flags=re.IGNORECASE).strip(" ,.")
        if not who or _NOT_A_CLAIMANT.match(who):
            return None
        role, name = "", who
        split = _ROLE_THEN_NAME.match(who)
        if split:
            role, name = split["role"], split["name"]
        apposition = (found.groupdict().get("apposition") or "").strip()
        if apposition and not role:
            role = apposition[:1].upper() + apposition[1:]
        if re.fullmatch(_ROLE_NOUNS, name):
            return None  # a role without a name ("the Minister said"): nobody to name
        # Newsroom style names people by surname on second mention ("Peskov said"): a person unless
        # the name says organisation ("the Kremlin", "the Foreign Ministry").
        kind = "organisation" if _ORGANISATION_WORDS.search(name) else "person"
        if matcher is not None:
            known, _spans = matcher.find(name)
            known = [k for k in known if k.kind in ("person", "organisation")]
            if known:
                return Attribution(known[0].canonical_name, role, known[0].kind, known[0].entity_id)
        return Attribution(name, role, kind)
    return None


def statement_from(sentence: str) -> str:
    """Make a sentence stand alone: drop its dateline, its attribution and the connective that opens it."""
    text = DATELINE.sub("", sentence.strip())
    text = _CONNECTIVES.sub("", text)
    text = _ATTRIBUTION_HEAD.sub("", text)
    text = _ATTRIBUTION_SAID_TAIL.sub(lambda m: "." if not m["end"] else m["end"].replace(",", ""), text)
    text = _ATTRIBUTION_TAIL.sub(lambda m: "." if not m["end"] else m["end"].replace(",", ""), text)
    text = _CONNECTIVES.sub("", text)
    text = re.sub(r",\s+(?:however|though|moreover|furthermore|also)\s*,", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s+(?:however|though),\s+", " ", text, flags=re.IGNORECASE)
    text = text.strip()
    if text and not re.search(r"[.!?][\"”’)]*$", text):
        text += "."
    return text[:1].upper() + text[1:] if text else sentence.strip()


@dataclass(frozen=True)
class SentenceReading:
    """What kinds of claim a sentence makes, the words that say so, and why it may not be a claim."""

    cues: dict[str, str]  # claim type -> the words that made it one
    refusals: dict[str, str]  # kind of non-claim -> the words that made it one

    @property
    def reason(self) -> str:
        return "; ".join(f"{kind}: “{words}”" for kind, words in self.refusals.items())


def read_sentence(sentence: str) -> SentenceReading:
    """Find the claim cues and non-claim cues in a sentence."""
    cues = {}
    for claim_type, pattern in _CUES.items():
        for match in pattern.finditer(sentence):
            if claim_type == "date" and _in_name(sentence, match.start()):
                continue  # "Vostok 2022", "Power of Siberia 2": a name, not a date
            cues[claim_type] = match.group().strip()
            break
    refusals = {}
    for kind, pattern in _NOT_CLAIMS.items():
        match = pattern.search(sentence)
        if match:
            refusals[kind] = match.group().strip()
    if "prediction" in refusals and refusals.get("hedged") == refusals["prediction"]:
        del refusals["hedged"]  # one "may" is one reason
    return SentenceReading(cues, refusals)


def _in_name(sentence: str, start: int) -> bool:
    """Say whether the word before ``start`` is a capitalised name word (not "In", "Since", a month)."""
    before = re.search(r"([A-Z][\w+-]*)\s+$", sentence[:start])
    return bool(before) and before[1].lower() not in _FUNCTION_WORDS and not _MONTH_BEFORE.search(sentence[:start])


def _score(claim_type: str, reading: SentenceReading, entity_count: int, sentence: str) -> float:
    """Return a check-worthiness score in [0, 1]: what kind of claim, how specific, minus hedges and opinion."""
    score = _TYPE_WEIGHTS[claim_type]
    score += 0.05 * min(3, len([t for t in reading.cues if t != claim_type]))
    score += 0.05 * min(2, entity_count)
    names = re.findall(r"(?<=\s)[A-Z][a-z]+", sentence)
    score += 0.02 * min(5, len(names))
    score -= sum(_PENALTIES[kind] for kind in reading.refusals)
    return round(max(0.0, min(1.0, score)), 2)


def _figure_type(figure: figures.Figure, kind: str) -> str:
    if kind == "date":
        return "date"
    if figure.currency:
        return "money"
    if figure.range_end is not None:
        return "range"
    if figure.unit.removesuffix(figures.PER_YEAR) in {"%", "pp"}:
        return "percentage"
    return "quantity"


def _sentence_type(reading: SentenceReading) -> str | None:
    """Return the claim type a sentence without figures makes, or None when it claims nothing checkable."""
    for claim_type in ("ranking", "comparison", "trend", "date", "place", "attribution"):
        if claim_type in reading.cues:
            return claim_type
    return None


def _proposable(reading: SentenceReading, sentence: str) -> bool:
    """Say whether a sentence without figures is worth proposing: a checkable cue and no reason against."""
    if len(sentence.split()) < 6 or not re.search(r"[.!\"”’)]\s*$", sentence):
        return False  # headings, captions, menu lines
    if "question" in reading.refusals:
        return False
    against = set(reading.refusals)
    if not against:
        return True
    if against == {"first person"}:
        # "We import more steel from China than from any other country": a speaker's own checkable
        # claim; proposed, ranked down with the reason, when it ranks, compares or dates something.
        return bool({"ranking", "comparison", "date"} & set(reading.cues))
    if {"first person", "addressed to the reader"} & against or {"hedged", "prediction"} <= against:
        return False  # "we may see…", "Perhaps … will be reopened one day"
    # A dated event or a ranking survives modal and evaluative words around it ("In February 2022,
    # Russia became …, and … is not going to fade away"): proposed, scored down, with the reason.
    if "date" in reading.cues:
        years = [int(y) for y in re.findall(r"\b(1[5-9]\d\d|20\d\d)\b", sentence)]
        if "prediction" in against and years and min(years) > date.today().year:
            return False  # "Analysts expect volumes to double by 2030": a forecast, not a dated event
        return against <= {"hedged", "prediction", "opinion"}
    return "ranking" in reading.cues and against <= {"hedged", "opinion"}  # a future ranking is a prediction


def extract(text: str, *, entities: list[KnownEntity] = (), metrics: list[KnownMetric] = (),
            matcher: EntityMatcher | None = None, include_refused: bool = False, detector=None) -> list[Candidate]:
    """Return the candidate claims in ``text``, most check-worthy first (``matcher``: entities already indexed).

    Every sentence is read: each figure in it is a candidate; a sentence without figures is one when
    it dates an event, ranks, compares, tells a trend, places something or attributes a statement.
    Opinions, predictions, hedged and first-person sentences and questions without figures are left
    out (``include_refused`` keeps them, scored 0, with the reason), unless the trained model
    (``detector``, else the one trained from the shipped corpus) finds them a factual claim. In a
    transcript, each turn's speaker is the claimant of what they say.
    """
    matcher = matcher or _matcher(tuple(entities))
    candidates: list[Candidate] = []
    paragraph_entities: list[KnownEntity] = []
    previous_end = 0
    turns = speech.turns(text)
    prose = [(s, e) for s, e in speech.without_labels(sentences(text), turns) if not _not_prose(text[s:e])]
    learned = learning.sentence_scores([text[s:e] for s, e in prose], detector)
    for (s_start, s_end), p_claim in zip(prose, learned):
        sentence, turn = text[s_start:s_end], speech.turn_at(turns, s_start)
        if "\n" in text[previous_end:s_start]:
            paragraph_entities = []  # a new paragraph: earlier sentences no longer say who is meant
        previous_end = s_end
        if turn is not None and turn.moderator:
            continue  # a moderator's welcome and questions: nobody's claim
        # A dateline says where the reporter was, not what the claim is about: its place is no subject.
        dateline = DATELINE.match(sentence)
        found_here, name_spans = matcher.find(
            " " * dateline.end() + sentence[dateline.end():] if dateline else sentence)
        reading = read_sentence(sentence)
        language = languages.sentence_language(sentence)
        found_figures = (_find_figures(sentence, name_spans) if language == "en" else
                         languages.find_figures(sentence, name_spans, language))
        if language != "en":
            p_claim = None  # the model reads English: other languages keep the rules' own judgement
        made = [_candidate(text, s_start, s_end, sentence, f_start, f_end, figure_text, figure, found_here,
                           paragraph_entities, metrics, reading=reading)
                for f_start, f_end, figure_text, figure in found_figures]
        if not made:
            made = _without_figures(text, (s_start, s_end), found_here, paragraph_entities, metrics, reading,
                                    p_claim, include_refused)
        made = made if p_claim is None else learning.weigh(made, p_claim, reading.refusals)
        _attribute(made, sentence, matcher, turn)
        candidates.extend(made)
        paragraph_entities = _merge(paragraph_entities, found_here)
    candidates.sort(key=lambda c: (-c.score, c.figure_start))
    return candidates


def _without_figures(text, span, found, earlier, metrics, reading, p_claim, include_refused) -> list[Candidate]:
    """Return the candidate a sentence without figures makes: a dated event, a typed statement, or a fact."""
    s_start, s_end = span
    sentence = text[s_start:s_end]
    date = _DATE.search(sentence)
    if text[max(0, s_start - 40):s_start].lower().rstrip().endswith("updated:"):
        return []  # "Last updated: February 12, 2026": page furniture
    claim_type = _sentence_type(reading)
    if claim_type is None or not (_proposable(reading, sentence) or include_refused):
        if p_claim is None or not learning.proposable(p_claim, reading.refusals, sentence):
            return []
        # No rule cue, but the model reads a factual claim ("I voted against that amendment").
        return [_statement_candidate(text, s_start, s_end, sentence, "fact", found, earlier, reading)]
    if date and claim_type == "date":
        figure = figures.parse_figure(date["year"])
        candidate = _candidate(text, s_start, s_end, sentence, date.start(), date.end(), date["year"], figure,
                               found, earlier, metrics, kind="date", reading=reading)
        candidate.worded = candidate.period_label = date.group()
    else:
        candidate = _statement_candidate(text, s_start, s_end, sentence, claim_type, found, earlier, reading)
    if not _proposable(reading, sentence):
        candidate.score = 0.0
    return [candidate]


def _attribute(made: list[Candidate], sentence: str, matcher: EntityMatcher, turn: speech.Turn | None) -> None:
    """Give the candidates their claimant: the sentence's attribution, else the turn's speaker.

    A speaker's first-person claim gets a statement in the third person for the editor to start from.
    """
    if not made:
        return
    claimant = attribution_of(sentence, matcher)
    spoken = claimant is None and turn is not None and bool(turn.name)
    if spoken:
        claimant = _speaker(turn, matcher)
    for candidate in made:
        candidate.claimant = claimant
        if claimant is not None and claimant.entity_id is not None:
            # The speaker made the claim; it is about something else.
            candidate.entities = [e for e in candidate.entities if e[0] != claimant.entity_id]
        if spoken and speech.FIRST_PERSON.search(sentence):
            candidate.statement = speech.third_person(candidate.statement, claimant.name)


def _speaker(turn: speech.Turn, matcher: EntityMatcher) -> Attribution:
    """Return a turn's speaker as a claimant: a known person or organisation by name or alias, else a new person."""
    known, _spans = matcher.find(turn.name)
    known = [k for k in known if k.kind in ("person", "organisation")]
    if known:
        return Attribution(known[0].canonical_name, turn.role, known[0].kind, known[0].entity_id)
    return Attribution(turn.name, turn.role, "person")


def _statement_candidate(text, s_start, s_end, sentence, claim_type, found, earlier, reading) -> Candidate:
    """Build a candidate without a figure: it becomes a draft claim without a metric."""
    subjects = list(found) or list(earlier)
    return Candidate(
        quote=sentence, start=s_start, end=s_end, figure_text="", figure_start=s_start, figure_end=s_end,
        value=None, unit="", qualifier=str(figures.Qualifier.EXACT), kind="statement",
        entities=[(e.entity_id, e.canonical_name) for e in subjects],
        prefix=text[max(0, s_start - 32):s_start], suffix=text[s_end:s_end + 32],
        claim_type=claim_type, cues=dict(reading.cues), reason=reading.reason,
        score=_score(claim_type, reading, len(found), sentence), statement=statement_from(sentence),
    )


def _period(sentence: str, figure_end: int) -> tuple[str, date | None, date | None]:
    match = _PERIOD_AFTER.match(sentence[figure_end:]) or _PERIOD_LEADING.match(sentence)
    if not match:
        return "", None, None
    year, prep = int(match["year"]), match["prep"].lower()
    if prep == "since":
        return match["label"], date(year, 1, 1), None
    if prep in {"by", "as of"}:
        return match["label"], None, date(year, 12, 31)
    return match["label"], date(year, 1, 1), date(year, 12, 31)



def _merge(first: list[KnownEntity], second: list[KnownEntity]) -> list[KnownEntity]:
    seen = {e.entity_id for e in first}
    return first + [e for e in second if e.entity_id not in seen]


def _candidate(text, s_start, s_end, sentence, f_start, f_end, figure_text, figure, found, earlier, metrics,
               kind=None, reading: SentenceReading | None = None) -> Candidate:
    """Build a candidate; its subjects come from its sentence, else from earlier in its paragraph."""
    metric = propose_metric(figure, sentence, list(metrics), before=sentence[:f_start])
    subjects = list(found) or list(earlier)
    if metric and metric.subject_kinds:
        # Keep the entities a claim of this metric is usually about (treaties for areas ceded).
        fitting = [e for e in found if e.kind in metric.subject_kinds] or [
            e for e in earlier if e.kind in metric.subject_kinds]
        subjects = fitting or subjects
    label, period_start, period_end = ("", None, None) if kind == "date" else _period(sentence, f_end)
    if kind is None:
        kind = ("part_of_total" if figure.total is not None else
                "count" if figure.unit == figures.COUNT else "quantity")
    prefix, suffix = text[max(0, s_start - 32):s_start], text[s_end:s_end + 32]
    reading = reading or read_sentence(sentence)
    claim_type = _figure_type(figure, kind)
    return Candidate(
        quote=sentence, start=s_start, end=s_end, figure_text=figure_text, figure_start=s_start + f_start,
        figure_end=s_start + f_end, value=figure.value, unit=figure.unit, qualifier=str(figure.qualifier),
        kind=kind, count_noun=figure.noun, total=figure.total,
        entities=[(e.entity_id, e.canonical_name) for e in subjects],
        metric=(metric.metric_id, metric.name) if metric else None,
        new_metric="" if metric or kind == "date" else proposing.suggested_metric(figure),
        period_label=label, period_start=period_start, period_end=period_end, prefix=prefix, suffix=suffix,
        claim_type=claim_type, cues={claim_type: figure_text, **reading.cues}, reason=reading.reason,
        score=_score(claim_type, reading, len(found), sentence), statement=statement_from(sentence),
    )
