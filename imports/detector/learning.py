"""How the learned score joins the rules: which sentences it adds, which figures it drops, the order.

The rules stay where they are exact (figures, units, dates, attributions); the model judges what
rules cannot: whether a sentence with no cue word is a factual claim ("He has raised taxes several
times"), and whether a figure sits in a promise or an opinion ("100% will get it if I'm president").
"""
from __future__ import annotations

import re

from imports.detector import model

# Chosen on the team corpus's held-out templates, rules and model together (never on peers' data:
# ClaimBuster only measures the result), PROPOSE then on the 42 judged news pages, the development set
# (0.5 -> 0.6: held-out 0.865 -> 0.858); the figures for each choice are in docs/editors/claim-detector.md.
PROPOSE = 0.6  # a sentence with no rule cue is proposed on the model's word from this score
FIGURE_FLOOR = 0.1  # a figure in a sentence the model scores under this is dropped ("100% will get it")
STATEMENT_FLOOR = 0.2  # a rule-typed sentence without a figure ("…became the first…") needs this much
LEARNED_SHARE = 0.5  # how much of a candidate's score is the model's
# "Let's not forget that…", "let us remember": rhetoric steering the listener, not a claim made.
_EXHORTATION = re.compile(r"\blet(?:['’]s|\s+us)\b", re.IGNORECASE)


def sentence_scores(sentences: list[str], detector: model.Detector | None = None) -> list[float]:
    """Score every sentence at once (one call into the model per article)."""
    return (detector or model.base()).scores(sentences)


def proposable(score: float, refusals: dict[str, str], sentence: str) -> bool:
    """Say whether a sentence the rules found no cue in is proposed on the model's word alone.

    Only a first-person reason may stand against it (a speaker's own record is what fact-checkers
    check most); an opinion, prediction, hedge or question the rules found keeps it out.
    """
    if score < PROPOSE or set(refusals) - {"first person"} or _EXHORTATION.search(sentence):
        return False
    return len(sentence.split()) >= 6 and bool(re.search(r"[.!\"”’)]\s*$", sentence))


def weigh(made: list, score: float, refusals: dict[str, str]) -> list:
    """Give a sentence's candidates the learned score, blended into their own; drop those the model doubts.

    Figures are exact and rarely wrong, so only a sentence the model all but rules out loses them;
    a sentence the rules typed by a cue word alone ("first", "rose", "home to") needs more.
    """
    made = [c for c in made if score >= (FIGURE_FLOOR if c.has_figure and c.kind != "date" else STATEMENT_FLOOR)
            or c.claim_type == "fact"]
    for candidate in made:
        candidate.learned = round(score, 2)
        if candidate.claim_type == "fact":
            candidate.cues = {"fact": f"learned score {score:.2f}", **candidate.cues}
        if candidate.score > 0:  # a refused candidate kept for review stays at 0
            candidate.score = round((1 - LEARNED_SHARE) * candidate.score + LEARNED_SHARE * score, 2)
    return made
