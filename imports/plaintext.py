"""The shape of plain text copied from a page: furniture lines, bylines, datelines, hard wrapping, prose.

No database and no fetching: ``capture`` uses these to keep an article's text and drop the rest.
"""
from __future__ import annotations

import re

# Lines that are page furniture wherever they appear.
FURNITURE = re.compile(
    r"""^(?:
        \d+\s*min(?:ute)?s?\s+read
      | share(?:\s+this(?:\s+article)?)?
      | sign\s+in(?:\s+to\s+your\s+account)?
      | (?:have\s+an\s+existing\s+account\?\s*)?sign\s+in
      | log\s*in | register | subscribe | accept | loading | watch: | advertisement
      | \d+\s*[-+×x*]\s*\d+\s*=\s*\??        # newsletter captchas: "5 + 6 ="
      | reading:.* | last\s+updated:.* | font\s*resizer.*
      | (?:facebook|twitter|x|email|copy\s+link|print|whatsapp|linkedin|reddit)(?:\s+(?:facebook|twitter|x|email|copy\s+link|print|whatsapp|linkedin|reddit))*
      | [©@].* | .*all\s+rights\s+reserved\.?
      | visited\s+\d+\s+times?.*
      | by\s+using\s+this\s+site.* | username\s+or\s+email.* | password | lost\s+your\s+password\??
      | welcome\s+back!? | quick\s+links | categories | newsletters?
      | [•·▪●◦*-]\s*.{0,40}                    # menu bullets
      | [a-z0-9’'?,.-]+(?:-[a-z0-9’'?,.-]+){2,}  # URL slugs
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# Headings after which the rest of the page is not the article.
END_MARKERS = re.compile(
    r"^(?:read\s+it\s+all|read\s+more|see\s+also|you\s+might\s+also\s+like|related(?:\s+articles)?|"
    r"more\s+stories|share\s+this\s+article|subscribe\s+to\s+our\s+newsletter|recommended)\b.*$",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*$")
BYLINE = re.compile(r"^[Bb]y\s+([A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+){0,3})$")
NAME = r"[A-Z][\w.’'-]+(?:\s+(?:[A-Z][\w.’'-]+|de|van|von|der|da|di|la|le|bin|al))*"
BYLINE_FULL = re.compile(
    rf"^(?:by|BY|By)\s+(?P<names>{NAME}(?:\s*(?:,|\band\b|&)\s*{NAME})*)"
    r"(?:\s*(?:,|\||–|—|-)\s*(?:[A-Z][\w.&’' -]{1,40}))?\s*$")


def parse_byline(line: str) -> list[str]:
    """Return the authors a byline names ("By Jane Doe and John Roe, Reuters" → Jane Doe, John Roe)."""
    match = BYLINE_FULL.match(line.strip())
    if not match or len(line) > 120:
        return []
    names = [n.strip() for n in re.split(r"\s*(?:,|\band\b|&)\s*", match["names"]) if n.strip()]
    # An all-capitals byline ("BY JANE DOE") is written as a name.
    return [n.title() if n.isupper() else n for n in names if len(n.split()) <= 4]
DATE_LINE = re.compile(
    r"^(?P<updated>last\s+updated:\s*)?(?P<date>(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\s+\d{1,2},\s+\d{4})", re.IGNORECASE,
)
MIN_PROSE_WORDS = 12


def normalise_text(text: str) -> str:
    """Normalise line endings and blank lines; keep every character of the lines themselves."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = [line.strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
CJK_SENTENCE_END = re.compile(r"[。！？][」』”）)]*")


def is_prose(line: str) -> bool:
    """Say whether a line reads as prose: enough words (two CJK characters count as one) and a sentence end."""
    cjk = len(CJK.findall(line))
    words = len(line.split()) + cjk // 2
    ends = bool(SENTENCE_END.search(line)) or bool(cjk and CJK_SENTENCE_END.search(line))
    return words >= MIN_PROSE_WORDS and ends


def unwrap(text: str) -> str:
    """Join hard-wrapped lines into paragraphs, when the text is hard-wrapped (most lines of similar width).

    A plain-text e-mail or a mailing-list archive breaks every line near 72 characters; paragraphs
    are the runs between blank lines then. Text that is not wrapped that way is returned as it is.
    """
    lines = text.split("\n")
    filled = [line for line in lines if line.strip()]
    if len(filled) < 4:
        return text
    wrapped = [line for line in filled if 40 <= len(line) <= 100]
    if len(wrapped) < 0.6 * len(filled) or max(len(line) for line in filled) > 110:
        return text
    # Wrapping breaks lines mid-sentence; one-line paragraphs of similar width end theirs.
    mid_sentence = [line for line in wrapped if not SENTENCE_END.search(line.rstrip())]
    if len(mid_sentence) < 0.5 * len(wrapped):
        return text
    paragraphs, current = [], []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)
