"""Speech transcripts: who speaks each turn, and a first-person claim restated in the third person.

Layouts read: "HOLLIS: words", "SENATOR HOLLIS: words", "MR. BRENNAN: words", "Hollis (D-Ohio):
words", "[HOLLIS] words", and interview "Q:" / "A:" turns. A text is a transcript when at least two
of its lines open with a speaker label; each turn runs until the next label, over any number of
paragraphs. The speaker of a turn is the claimant of the claims made in it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Labels in capitals ("SEN. HOLLIS", "MODERATOR"), or a capitalised name of up to four words followed
# by a colon; mixed-case labels count only in a text that has enough of them (see turns()).
_LABEL = re.compile(
    r"^[ \t]*(?:\[(?P<bracketed>[A-Z][A-Z .'’-]{1,40})\]\s*|"
    r"(?P<label>(?:(?:MR|MRS|MS|DR|SEN|REP|GOV|GEN|PROF|SENATOR|GOVERNOR|PRESIDENT|SECRETARY|MAYOR|"
    r"REPRESENTATIVE|VICE PRESIDENT)\.?\s+)?[A-Z][A-Z'’-]*(?:\s+[A-Z][A-Z'’-]+){0,3}|"
    r"(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Senator|Governor|President|Mayor)\.?\s+)?[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2})"
    r"(?:\s*\([^)\n]{1,40}\))?:[ \t]+)(?=\S)", re.MULTILINE)
# Labels that name no claimant: the reporter's questions, the audience, the transcript's own notes.
_NOBODY = re.compile(r"^(?:Q|A|QUESTION|ANSWER|AUDIENCE|CROWD|UNIDENTIFIED(?:\s+\w+)?|NOTE|EDITOR'?S NOTE|"
                     r"UPDATE|PHOTO|SOURCE|CAPTION|READ MORE|WATCH|LISTEN|RELATED|CORRECTION|TRANSCRIPT|"
                     r"(?:\(?)CROSSTALK|APPLAUSE|LAUGHTER)$", re.IGNORECASE)
_MODERATORS = re.compile(r"^(?:MODERATOR|HOST|INTERVIEWER|ANCHOR|PANELIST|Q|QUESTION)$", re.IGNORECASE)
_TITLES = {"MR": "", "MRS": "", "MS": "", "DR": "Dr.", "SEN": "Senator", "SENATOR": "Senator", "REP": "Representative",
           "REPRESENTATIVE": "Representative", "GOV": "Governor", "GOVERNOR": "Governor", "GEN": "General",
           "PROF": "Professor", "PRESIDENT": "President", "SECRETARY": "Secretary", "MAYOR": "Mayor",
           "VICE PRESIDENT": "Vice President"}
# Mixed-case words that open ordinary lines with a colon ("Note: …", "Update: …").
_NOT_NAMES = {"note", "update", "photo", "source", "caption", "correction", "editor", "warning", "summary",
              "background", "context", "transcript", "read more", "related", "watch", "listen", "video", "image",
              "credit", "tags", "topics", "share", "advertisement", "sponsored", "live", "breaking", "analysis",
              "opinion", "comment", "question", "answer", "example", "result", "results", "date", "time", "location"}


@dataclass(frozen=True)
class Turn:
    start: int  # where the label starts
    body: int  # where the words start, after the label
    end: int  # where the next turn starts (or the text ends)
    name: str  # the speaker's name as a claimant ("Hollis"), "" when the label names nobody
    role: str  # a title the label gives ("Senator"), or ""
    moderator: bool = False


def turns(text: str) -> list[Turn]:
    """Return the speaker turns of a transcript, in order; [] when the text is not one."""
    found = []
    for match in _LABEL.finditer(text):
        label = (match["bracketed"] or match["label"] or "").strip()
        if label.lower() in _NOT_NAMES or len(label) < 1:
            continue
        found.append((match.start(), match.end(), label))
    capitals = [f for f in found if f[2].upper() == f[2]]
    if len(capitals) >= 2:
        found = capitals  # a capitals transcript: a mixed-case "Hollis:" in it is a word, not a label
    elif len(found) < 3 or len({f[2] for f in found}) < 2:
        return []
    result = []
    for i, (start, body, label) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(text)
        name, role = _speaker(label)
        result.append(Turn(start, body, end, name, role, bool(_MODERATORS.match(label))))
    return result


def _speaker(label: str) -> tuple[str, str]:
    """Turn a label into a claimant's name and role: "SEN. JANE HOLLIS" gives ("Jane Hollis", "Senator")."""
    if _NOBODY.match(label) or _MODERATORS.match(label):
        return "", ""
    words = label.replace(".", ". ").split()
    role = ""
    for size in (2, 1):
        title = " ".join(words[:size]).rstrip(".").upper()
        if len(words) > size and title in _TITLES:
            role, words = _TITLES[title], words[size:]
            break
    name = " ".join(w.strip(".") if w.isupper() else w for w in words)
    if name.isupper():
        name = " ".join(part.capitalize() if "’" not in part and "'" not in part else part.title() for part in name.split())
    return name, role


def turn_at(turns_: list[Turn], offset: int) -> Turn | None:
    """Return the turn that holds ``offset``, or None (before the first label, or not a transcript)."""
    for turn in turns_:
        if turn.start <= offset < turn.end:
            return turn
    return None


def without_labels(spans: list[tuple[int, int]], turns_: list[Turn]) -> list[tuple[int, int]]:
    """Start each sentence after its speaker label, so a quote is the speaker's words alone."""
    bodies = {t.start: t.body for t in turns_}
    out = []
    for start, end in spans:
        for label_start, body in bodies.items():
            if label_start <= start < body:
                start = body
                break
        if start < end:
            out.append((start, end))
    return out


FIRST_PERSON = re.compile(r"\b(?:I|I['’](?:m|ve|d|ll)|[Ww]e|[Ww]e['’](?:re|ve|d|ll)|[Mm]y|[Oo]ur|[Mm]e|[Uu]s)\b")
# Spoken openers dropped from a statement meant to stand alone.
_OPENERS = re.compile(r"^(?:(?:well|look|now|so|and|but|you\s+know|frankly|listen|first(?:\s+of\s+all)?|second(?:ly)?|"
                      r"the\s+fact\s+is|let\s+me\s+say\s+this|i['’]ll\s+tell\s+you|remember|senator|governor|"
                      r"mr\.\s+\w+)\s*[,:]?\s+)+", re.IGNORECASE)
_SUBJECT_VERBS = [  # (first person, third person for "X", third person for "X's government")
    (r"I['’]m|I\s+am", "{x} is"), (r"I['’]ve", "{x} has"), (r"I\s+have", "{x} has"), (r"I['’]d", "{x} would"),
    (r"I['’]ll", "{x} will"), (r"I\s+was", "{x} was"), (r"I", "{x}"),
    (r"[Ww]e['’]re|[Ww]e\s+are", "{g} is"), (r"[Ww]e['’]ve|[Ww]e\s+have", "{g} has"), (r"[Ww]e\s+were", "{g} was"),
    (r"[Ww]e['’]d", "{g} would"), (r"[Ww]e['’]ll", "{g} will"), (r"[Ww]e", "{g}"),
    (r"[Mm]y", "{x}'s"), (r"[Oo]ur", "{x}'s"), (r"[Mm]e", "{x}"), (r"[Uu]s", "{x}"),
]
_PRESENT = r"\b(?P<x>{x}) (?P<verb>support|oppose|believe|know|want|do|say|think|favou?r|back|agree)\b"


def third_person(statement: str, name: str) -> str:
    """Restate a speaker's first-person claim about ``name``'s record in the third person.

    "We cut the deficit by 60 percent." by Hollis gives "Hollis's government cut the deficit by
    60%."; "I voted against that amendment." gives "Hollis voted against that amendment." A
    suggestion for the editor, who knows whether "we" meant a government, a party or a campaign.
    """
    if not name or not FIRST_PERSON.search(statement):
        return statement
    text = _OPENERS.sub("", statement.strip())
    for pattern, replacement in _SUBJECT_VERBS:
        text = re.sub(rf"\b(?:{pattern})\b", replacement.format(x=name, g=f"{name}'s government"), text)
    text = re.sub(_PRESENT.format(x=re.escape(name)),
                  lambda m: f"{m['x']} {m['verb']}{'es' if m['verb'] == 'do' else 's'}", text)
    text = re.sub(r"(\d)\s+percent\b", r"\1%", text)
    return text[:1].upper() + text[1:]
