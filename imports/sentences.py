"""Split an article's text into sentences: paragraphs always end one; "U.S.", "Mr." and "г." do not."""
from __future__ import annotations

import re

MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "no", "vs", "etc", "e.g", "i.e", "jan", "feb", "mar", "apr", "jun",
                  "jul", "aug", "sep", "sept", "oct", "nov", "dec", "gen", "col", "lt", "sen", "rep", "gov", "prof",
                  "rt", "hon", "rev", "revd", "sr", "jr",  # "the Rt. Hon. Keith Mitchell", "Rev. Sharpton", "Jr."
                  # Russian: "г." (year, city), "ул." (street), "т. е.", "им." (named after)
                  "г", "гг", "ул", "им", "т.е", "т.к", "др", "проф", "ген", "св"}
# Chinese and Japanese end sentences with full-width marks and no space after them.
_SENTENCE_BREAK = re.compile(r"[.!?…][\"”’»)\]]*\s+(?=[\"“‘«(\[]?[A-Z0-9А-ЯЁ])|[。！？][」』”）]*\s*(?=\S)")

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
