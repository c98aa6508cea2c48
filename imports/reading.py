"""Read a sentence: the kinds of claim it makes, the words that say so, why it may not be one, and its score."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from claims import figures
from imports.figure_finding import FUNCTION_WORDS, MONTH_BEFORE
from imports.sentences import MONTHS

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
        r"confirmed|denied|admitted|estimated)\b|\baccording\s+to\b|\bin\s+a\s+statement\b|"
        # What a record says is attributed to it too: "as leaked documents suggest", "the data show".
        r"\b(?:documents?|records?|reports?|stud(?:y|ies)|surveys?|data|research|findings|evidence|polls?)"
        r"\s+(?:suggest(?:s|ed)?|show(?:s|ed|n)?|indicate(?:s|d)?)\b"),
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
    return bool(before) and before[1].lower() not in FUNCTION_WORDS and not MONTH_BEFORE.search(sentence[:start])


def worthiness(claim_type: str, reading: SentenceReading, entity_count: int, sentence: str) -> float:
    """Return a check-worthiness score in [0, 1]: what kind of claim, how specific, minus hedges and opinion."""
    score = _TYPE_WEIGHTS[claim_type]
    score += 0.05 * min(3, len([t for t in reading.cues if t != claim_type]))
    score += 0.05 * min(2, entity_count)
    names = re.findall(r"(?<=\s)[A-Z][a-z]+", sentence)
    score += 0.02 * min(5, len(names))
    score -= sum(_PENALTIES[kind] for kind in reading.refusals)
    return round(max(0.0, min(1.0, score)), 2)


def figure_type(figure: figures.Figure, kind: str) -> str:
    if kind == "date":
        return "date"
    if figure.currency:
        return "money"
    if figure.range_end is not None:
        return "range"
    if figure.unit.removesuffix(figures.PER_YEAR) in {"%", "pp"}:
        return "percentage"
    return "quantity"


def sentence_type(reading: SentenceReading) -> str | None:
    """Return the claim type a sentence without figures makes, or None when it claims nothing checkable."""
    for claim_type in ("ranking", "comparison", "trend", "date", "place", "attribution"):
        if claim_type in reading.cues:
            return claim_type
    return None


def proposable(reading: SentenceReading, sentence: str) -> bool:
    """Say whether a sentence without figures is worth proposing: a checkable cue and no reason against."""
    if len(sentence.split()) < 6 or not re.search(r"[.!\"”’)]\s*$", sentence):
        return False  # headings, captions, menu lines
    if "question" in reading.refusals:
        return False
    against = set(reading.refusals)
    if not against:
        return True
    if against == {"hedged"} and "attribution" in reading.cues:
        # "… may be designated core interests, as M. Taylor Fravel noted": the hedge is the source's,
        # and that the source said it is checkable. Proposed, scored down, with the reason.
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
