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

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from claims import figures
from imports import languages, proposing, speech
from imports.attribution import DATELINE, Attribution, attribution_of, statement_from
from imports.detector import learning
from imports.figure_finding import find_figures, not_prose
from imports.naming import EntityMatcher, KnownEntity, KnownMetric, matcher_for, propose_metric
from imports.reading import (
    CLAIM_TYPES,
    SentenceReading,
    figure_type,
    proposable,
    read_sentence,
    sentence_type,
    worthiness,
)
from imports.sentences import MONTHS, sentences

_PERIOD_AFTER = re.compile(
    rf"^[^.;:–—]{{0,60}}?\b(?P<label>(?P<prep>since|in|by|as of|during)\s+(?:(?:{MONTHS})\s+)?(?P<year>1[5-9]\d\d|20\d\d))\b"
)
_PERIOD_LEADING = re.compile(
    rf"^(?P<label>(?P<prep>Since|In|By|As of)\s+(?:(?:{MONTHS})\s+)?(?P<year>1[5-9]\d\d|20\d\d)),"
)
_DATE = re.compile(rf"\b(?:(?:{MONTHS})\s+(?:\d{{1,2}},\s+)?(?P<year>1[5-9]\d\d|20\d\d))\b")


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
    matcher = matcher or matcher_for(tuple(entities))
    candidates: list[Candidate] = []
    paragraph_entities: list[KnownEntity] = []
    previous_end = 0
    turns = speech.turns(text)
    prose = [(s, e) for s, e in speech.without_labels(sentences(text), turns) if not not_prose(text[s:e])]
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
        found_figures = (find_figures(sentence, name_spans) if language == "en" else
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
    claim_type = sentence_type(reading)
    if claim_type is None or not (proposable(reading, sentence) or include_refused):
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
    if not proposable(reading, sentence):
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
        score=worthiness(claim_type, reading, len(found), sentence), statement=statement_from(sentence),
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
    claim_type = figure_type(figure, kind)
    return Candidate(
        quote=sentence, start=s_start, end=s_end, figure_text=figure_text, figure_start=s_start + f_start,
        figure_end=s_start + f_end, value=figure.value, unit=figure.unit, qualifier=str(figure.qualifier),
        kind=kind, count_noun=figure.noun, total=figure.total,
        entities=[(e.entity_id, e.canonical_name) for e in subjects],
        metric=(metric.metric_id, metric.name) if metric else None,
        new_metric="" if metric or kind == "date" else proposing.suggested_metric(figure),
        period_label=label, period_start=period_start, period_end=period_end, prefix=prefix, suffix=suffix,
        claim_type=claim_type, cues={claim_type: figure_text, **reading.cues}, reason=reading.reason,
        score=worthiness(claim_type, reading, len(found), sentence), statement=statement_from(sentence),
    )
