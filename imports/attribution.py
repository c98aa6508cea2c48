"""Who a sentence says made a claim, and the sentence made to stand alone without its attribution."""
from __future__ import annotations

import re
from dataclasses import dataclass

from imports.naming import EntityMatcher

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
