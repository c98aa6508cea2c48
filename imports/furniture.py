"""Page furniture that capture leaves in an article's text: never a claim, whatever its words say.

Each rule reads the form of a line, not its subject, so it holds on any site: a copyright or
permission credit, a rights notice, a contact or follow-us line, an app advert, a run of share
buttons, a link to another article ("MORE: …", "Read more: …"), a labelled caption ("Photo: …"),
a note on the page itself ("Editor's note: …", "The following are …"), a series blurb
("Welcome to …, our look back at …").
"""
from __future__ import annotations

import re

_SOCIAL = r"(?:Facebook|Twitter|X|Instagram|WhatsApp|Telegram|LinkedIn|Pinterest|Reddit|TikTok|YouTube|Threads|Email|Print)"
_LINES = (
    # Copyright and rights notices: "Copyright © 2018 by …", "© 2024 …", "All rights reserved."
    re.compile(r"^\W*(?:copyright\s*(?:©|\(c\)|(?:19|20)\d\d|by\b)|©|\(c\)\s*(?:19|20)\d\d)", re.IGNORECASE),
    re.compile(r"\ball\s+rights\s+reserved\b", re.IGNORECASE),
    re.compile(r"^\W*(?:reprint|reproduc|republish|copy|distribut|redistribut)\w*\b.{0,80}\bwithout\b.{0,40}"
               r"\bpermission\b", re.IGNORECASE),
    # Permission and source credits: "Used with permission of …", "Excerpted from …", "From the book …"
    re.compile(r"^\W*(?:reprinted|reproduced|republished|used|excerpted|adapted)\s+(?:\w+\s+){0,3}?"
               r"(?:with|by)\s+(?:the\s+)?(?:kind\s+)?permission\b", re.IGNORECASE),
    re.compile(r"^\W*(?:excerpted|adapted|reprinted|reproduced|republished)\s+from\b", re.IGNORECASE),
    re.compile(r"^\W*from\s+the\s+(?:new\s+|forthcoming\s+)?(?:book|novel|memoir)\b(?!['’])", re.IGNORECASE),
    # Follow-us lines and app adverts: "Follow The Gleaner on Twitter …", "download the … apps for iOS"
    re.compile(rf"^\W*follow\s+(?:[\w@'’.-]+\s+){{1,5}}on\s+{_SOCIAL}\b", re.IGNORECASE),
    re.compile(r"\bdownload\s+(?:the|our)\s+(?:[\w'’-]+\s+){0,4}apps?\s+(?:for|on|from)\s+"
               r"(?:iOS|Android|iPhone|the\s+App\s+Store|Google\s+Play)\b|\bdownload\s+our\s+(?:[\w'’-]+\s+){0,3}apps?\b",
               re.IGNORECASE),
    re.compile(r"\b(?:sign\s+up|subscribe)\s+(?:for|to)\s+our\s+(?:[\w'’-]+\s+){0,3}newsletters?\b", re.IGNORECASE),
    # Share buttons run into the text: three network names in a row ("Share Facebook Twitter WhatsApp")
    re.compile(rf"\b(?:Share\s+)?{_SOCIAL}(?:\s+{_SOCIAL}){{2,}}\b"),
    # Links to other articles: "MORE: …", "Read more: …", "Related: …", "See also: …"
    re.compile(r"^\W*(?:MORE|WATCH|LISTEN|RELATED|ALSO READ|READ MORE|READ ALSO|SEE ALSO)\s*:"),
    re.compile(r"^\W*(?:read\s+more|read\s+also|also\s+read|related|see\s+also|recommended|more\s+on\s+this)\s*:",
               re.IGNORECASE),
    # Labelled captions and credits: "Photo: …", "Header image: …", "Pictured: …"
    re.compile(r"^\W*(?:(?:header|featured|top|main|lead|cover)\s+(?:image|photo)|photo(?:graph)?|image|picture|"
               r"pictured|caption|photo\s+credit|image\s+credit|credit|illustration)\s*:", re.IGNORECASE),
    # Notes on the page itself: "Editor's note: …", "The following are …", "… for identification purposes only."
    re.compile(r"^\W*editor['’]?s\s+note\s*:", re.IGNORECASE),
    re.compile(r"^\W*(?:[A-Z][A-Z .'’-]{2,}\s*[—–-]{1,2}\s*)?the\s+following\s+(?:is|are)\b", re.IGNORECASE),
    re.compile(r"\bfor\s+identification\s+purposes\s+only\b", re.IGNORECASE),
    re.compile(r"^\W*welcome\s+to\s+(?:\S+\s+){1,6}our\s+", re.IGNORECASE),  # a series blurb
)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")


def is_furniture(sentence: str) -> bool:
    """Say whether a line is page furniture (a credit, notice, contact line, share run, teaser or caption)."""
    text = " ".join(sentence.split())
    if _EMAIL.search(text) and len(text.split()) <= 20:
        return True  # "Contact us at news@… or call …": a short line giving an address is a contact line
    return any(pattern.search(text) for pattern in _LINES)
