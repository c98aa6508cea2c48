"""Propose checkable claims in an article's text: sentences with figures, entities and a metric.

No database: the caller passes the known entities and metrics. Figures are found by quantulum3
(quantities with units, counts) and read by the project's own figure module, so a candidate's
value, unit and qualifier mean what they mean everywhere else in Crosscheck. Bare years, reading
times, ordinals, captcha sums and numbers without anything counted are not claims and are skipped.
"""
from __future__ import annotations

import functools
import re
import warnings
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from claims import figures

MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "no", "vs", "etc", "e.g", "i.e", "jan", "feb", "mar", "apr", "jun",
                  "jul", "aug", "sep", "sept", "oct", "nov", "dec", "gen", "col", "lt", "sen", "rep", "gov", "prof"}
_SENTENCE_BREAK = re.compile(r"[.!?…][\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_RATE = re.compile(r"\b(annually|a year|per year|each year|every year|per annum)\b", re.IGNORECASE)
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
    """A figure in a sentence that an editor may turn into a claim."""

    quote: str
    start: int
    end: int
    figure_text: str
    figure_start: int
    figure_end: int
    value: Decimal
    unit: str
    qualifier: str
    kind: str  # quantity, count, part_of_total or date
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
    worded: str = ""  # the figure as the text words it, when that differs from figure_text ("March 2023")

    @property
    def key(self) -> str:
        """Identify the candidate within one snapshot (its figure's offsets)."""
        return f"{self.figure_start}-{self.figure_end}"

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

_WORD = re.compile(r"\w+(?:['’]\w+)*")


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
            words = _WORD.findall(_fold(entity.name))
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
                key = " ".join(w.group() for w in words[i:i + size])
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


def propose_metric(figure: figures.Figure, sentence: str, metrics: list[KnownMetric]) -> KnownMetric | None:
    """Propose the metric whose unit fits the figure and whose name and description the wording echoes.

    Nothing is proposed when the wording does not single one out.
    """
    try:
        dimension = figures.dimension_of(figure.unit)
    except figures.FigureError:
        return None
    fitting = [m for m in metrics if m.dimension == dimension]
    words = _words(sentence) | _words(figure.noun)
    scored = sorted(((len(words & _words(f"{m.name} {m.description}")), m) for m in fitting),
                    key=lambda pair: -pair[0])
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


# --- Figures -------------------------------------------------------------------------------------

@functools.cache
def _quantity_parser():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser
    return parser


def _quantities(sentence: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _quantity_parser().parse(sentence)


def _worded_figure(sentence: str, start: int, end: int, unit_entity: str) -> tuple[int, int, str] | None:
    """Return the figure as worded (with its qualifier, counted noun or rate) and its span in ``sentence``."""
    before = _QUALIFIER_BEFORE.search(sentence[:start])
    if before:
        start = before.start()
    if unit_entity == "dimensionless" or unit_entity == "count":
        digits = re.search(r"\d[\d,.]*(?:\s+(?:thousand|million|billion|trillion)\b)?", sentence[start:end])
        end = start + digits.end() if digits else end
    rest = sentence[end:]
    if unit_entity == "dimensionless" or unit_entity == "count":
        of_total = _OF_TOTAL.match(rest)
        if of_total:
            end += of_total.end()
            rest = sentence[end:]
        clause = re.split(r"[,;:()–—]", sentence[start:])[0]
        try:
            figure = figures.parse_figure(clause)
        except figures.FigureError:
            return None
        if not figure.noun or figure.unit == figures.YEAR:
            return None  # a number that counts nothing named is not a checkable figure
        noun_words = figure.noun.split()
        words = re.match(r"\s*" + r"\s+".join(r"[\w-]+" for _ in noun_words), rest)
        if not words:
            return None
        end += words.end()
        return start, end, sentence[start:end]
    worded = sentence[start:end]
    rate = _RATE.search(re.split(r"[;:()–—]", rest)[0])
    if rate:
        worded = f"{worded} {rate.group()}"
    return start, end, worded


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


def _skipped(sentence: str, start: int, end: int, quantity) -> bool:
    surface = sentence[start:end]
    if not re.search(r"\d", surface):
        return True  # "half", "two years": words, not figures
    if _READING_TIME.match(sentence[start:].split(None, 1)[-1] if quantity.unit.entity.name == "time" else ""):
        return True
    if re.match(r"(?:st|nd|rd|th)\b", sentence[end:]):
        return True  # ordinals: "19th century"
    window = sentence[max(0, start - 3): end + 3]
    if _ARITHMETIC.search(window):
        return True  # "5 + 6 =": a captcha
    if quantity.unit.entity.name == "dimensionless" and re.fullmatch(r"1[5-9]\d\d|20\d\d", surface):
        return True  # a year ("the 1858 Treaty"), written without a thousands separator
    if quantity.unit.entity.name == "time":
        return True  # durations ("two years later", "11 min read") are not what Crosscheck checks
    return False


def extract(text: str, *, entities: list[KnownEntity] = (), metrics: list[KnownMetric] = (),
            matcher: EntityMatcher | None = None) -> list[Candidate]:
    """Return the candidate claims in ``text``, in reading order (``matcher``: entities already indexed)."""
    matcher = matcher or _matcher(tuple(entities))
    candidates: list[Candidate] = []
    paragraph_entities: list[KnownEntity] = []
    previous_end = 0
    for s_start, s_end in sentences(text):
        sentence = text[s_start:s_end]
        if "\n" in text[previous_end:s_start]:
            paragraph_entities = []  # a new paragraph: earlier sentences no longer say who is meant
        previous_end = s_end
        found_here, name_spans = matcher.find(sentence)
        spans = []
        for quantity in _quantities(sentence):
            q_start, q_end = quantity.span
            if _skipped(sentence, q_start, q_end, quantity):
                continue
            if any(q_start < e and s < q_end for s, e in name_spans):
                continue  # a number inside a name: "Power of Siberia 2", "Vostok 2022"
            worded = _worded_figure(sentence, q_start, q_end, quantity.unit.entity.name)
            if worded is None:
                continue
            f_start, f_end, figure_text = worded
            if any(f_start < e and s < f_end for s, e in spans):
                continue
            try:
                figure = figures.parse_figure(figure_text)
            except figures.FigureError:
                continue
            if figure.unit == figures.YEAR:
                continue  # bare years name a time, they do not claim a quantity
            spans.append((f_start, f_end))
            candidates.append(_candidate(text, s_start, s_end, sentence, f_start, f_end, figure_text, figure,
                                         found_here, paragraph_entities, metrics))
        for match in _DATE.finditer(sentence):
            if any(match.start() < e and s < match.end() for s, e in spans):
                continue
            if text[max(0, s_start - 40):s_start].lower().rstrip().endswith("updated:"):
                continue
            figure = figures.parse_figure(match["year"])
            spans.append((match.start(), match.end()))
            candidate = _candidate(text, s_start, s_end, sentence, match.start(), match.end(), match["year"], figure,
                                   found_here, paragraph_entities, metrics, kind="date")
            candidate.worded = candidate.period_label = match.group()
            candidates.append(candidate)
        paragraph_entities = _merge(paragraph_entities, found_here)
    candidates.sort(key=lambda c: c.figure_start)
    return candidates


def _merge(first: list[KnownEntity], second: list[KnownEntity]) -> list[KnownEntity]:
    seen = {e.entity_id for e in first}
    return first + [e for e in second if e.entity_id not in seen]


def _candidate(text, s_start, s_end, sentence, f_start, f_end, figure_text, figure, found, earlier, metrics,
               kind=None) -> Candidate:
    """Build a candidate; its subjects come from its sentence, else from earlier in its paragraph."""
    metric = propose_metric(figure, sentence, list(metrics))
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
    return Candidate(
        quote=sentence, start=s_start, end=s_end, figure_text=figure_text, figure_start=s_start + f_start,
        figure_end=s_start + f_end, value=figure.value, unit=figure.unit, qualifier=str(figure.qualifier),
        kind=kind, count_noun=figure.noun, total=figure.total,
        entities=[(e.entity_id, e.canonical_name) for e in subjects],
        metric=(metric.metric_id, metric.name) if metric else None,
        period_label=label, period_start=period_start, period_end=period_end, prefix=prefix, suffix=suffix,
    )
