"""Write the detector's corpus from the team's templates and hand-written sentences.

Run `python -m imports.detector.writing.build` after changing a template: it rewrites
`imports/detector/corpus/generated.tsv` and `spoken.tsv` (seeded, so the same templates give the
same files). The hand-written sentences (`corpus/handwritten.tsv`) are kept as written.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

from imports.detector.model import held_out_group
from imports.detector.writing import vocab
from imports.detector.writing.negatives import NEGATIVE
from imports.detector.writing.positives import COMMODITIES, POSITIVE
from imports.detector.writing.spoken import SPOKEN_NEGATIVE, SPOKEN_POSITIVE
from imports.detector.writing.written import SLOTS as WRITTEN_SLOTS
from imports.detector.writing.written import WRITTEN_NEGATIVE, WRITTEN_POSITIVE

OUT = Path(__file__).resolve().parent.parent / "corpus" / "generated.tsv"
# The spoken templates go to a file of their own, so adding them left the first file as it was.
SPOKEN_OUT = OUT.with_name("spoken.tsv")
# And the written genres around news (essays, reviews, buying guides, explainers) to a third.
WRITTEN_OUT = OUT.with_name("written.tsv")
VARIANTS = {1: 14, 0: 26}  # fillings tried per template, by label; duplicates are dropped
SLOTS = {
    "person": vocab.PEOPLE, "surname": vocab.SURNAMES, "country": vocab.COUNTRIES, "place": vocab.PLACES,
    "state": vocab.STATES, "body": vocab.BODIES, "company": vocab.COMPANIES, "thing": vocab.THINGS,
    "amount": vocab.AMOUNTS, "percent": vocab.PERCENTS, "count": vocab.COUNTS, "year": vocab.YEARS,
    "recent": vocab.RECENT, "policy": vocab.POLICIES, "topic": vocab.TOPICS, "measure": vocab.MEASURES,
    "up": vocab.DIRECTIONS_UP, "down": vocab.DIRECTIONS_DOWN, "good": vocab.ADJECTIVES_GOOD,
    "bad": vocab.ADJECTIVES_BAD, "value": vocab.VALUES, "small": ["two", "three", "four", "five", "six", "7", "9"],
    "years_n": ["four", "eight", "two", "ten", "six", "12", "20"], "role": vocab.ROLES,
    "role_cap": [r[0].upper() + r[1:] for r in vocab.ROLES], "commodity": COMMODITIES, "weekday": vocab.WEEKDAYS,
    **WRITTEN_SLOTS,
}
# How each genre frames a sentence: spoken ones open with fillers, reported ones carry attributions.
SPOKEN_OPENERS = ["", "", "", "Well, ", "Look, ", "You know, ", "Now, ", "And ", "But ", "Let me say this: ",
                  "The fact is, ", "Senator, ", "Frankly, ", "I'll tell you, ", "Remember, "]
REPORTED_TAILS = ["", "", "", ", {person} said", ", according to {body}", ", officials said",
                  ", the report said", ", {surname} told reporters"]


def fill(template: str, rng: random.Random) -> str:
    """Fill every {slot} in ``template`` (a trailing digit picks again: {country2})."""
    def pick(match: re.Match) -> str:
        return rng.choice(SLOTS[match[1]])
    text = re.sub(r"\{([a-z_]+?)\d?\}", pick, template)
    return text[:1].upper() + text[1:]


def frame(template: str, genre: str, rng: random.Random) -> str:
    """Frame a template as its genre would: a spoken opener, or a reported attribution."""
    if genre in ("debate", "speech", "interview"):
        opener = rng.choice(SPOKEN_OPENERS)
        keep = template.startswith(("I ", "I'", "{")) or not opener
        return opener + (template if keep else template[:1].lower() + template[1:])
    tail = rng.choice(REPORTED_TAILS)
    if tail and template.endswith(".") and not template.startswith(("I ", "We ", "My ", "Our ")):
        return template[:-1] + tail + "."
    return template


def genres_for(kind: str) -> list[str]:
    """Return the genres a kind of sentence is written in."""
    if kind in ("furniture", "teaser"):
        return ["news", "feature"]
    if kind in WRITTEN_GENRES:
        return WRITTEN_GENRES[kind]
    if kind in ("first-person record", "intention", "rhetoric", "anecdote", "question", "vague report of speech",
                "spoken figure", *SPOKEN_NEGATIVE):
        return ["debate", "speech", "interview"]
    return ["news", "feature", "press release", "debate", "speech", "interview"]


WRITTEN_GENRES = {"essay argument": ["essay", "opinion column"], "review": ["review"], "shop listing": ["buying guide"],
                  "general explanation": ["explainer", "feature"], "vague reporting": ["news", "feature"],
                  "trivial detail": ["news", "feature", "essay"], "promotion": ["press release", "feature"],
                  "advice": ["buying guide", "feature", "news"], "reported act": ["news", "feature"],
                  "reported background": ["news", "feature"], "reported finding": ["news", "feature"]}
# Written prose is not framed: a reported tail ("…, officials said") would make an essay's verdict a report.
UNFRAMED = ("furniture", "teaser", "question", "rhetoric", "rhetorical question", "debate procedure",
            *WRITTEN_NEGATIVE)


def generate(seed: int = 24, positive: dict = POSITIVE, negative: dict = NEGATIVE, prefix: str = "",
             compounds: int = 1400, variants: dict = VARIANTS) -> list[tuple[int, str, str, str, str, str]]:
    """Return (label, kind, genre, why, template, sentence) rows, one per distinct sentence.

    The template's name goes with each row so the held-out part holds out whole templates: a
    model is measured on wordings it never saw, not on new fillings of the ones it learned.
    """
    rng = random.Random(seed)
    rows, seen = [], set()
    for label, groups in ((1, positive), (0, negative)):
        for kind, templates in groups.items():
            for number, template in enumerate(templates):
                for _ in range(variants[label]):
                    genre = rng.choice(genres_for(kind))
                    framed = template if kind in UNFRAMED else \
                        frame(template, genre, rng)
                    sentence = fill(framed, rng)
                    if sentence.lower() in seen:
                        continue
                    seen.add(sentence.lower())
                    rows.append((label, kind, genre, "" if label else kind, f"{prefix}{kind}:{number}", sentence))
    rows += _compounds(rows, rng, compounds)
    rng.shuffle(rows)
    return rows


CONNECTORS = [", and ", "; ", " — ", ", but ", ", and frankly ", ". And "]
def _compounds(rows: list, rng: random.Random, count: int) -> list:
    """Join pairs of spoken sentences, as debaters run them together; labelled as a claim when either is.

    A fact-checker checks the claim inside "I think it's a disgrace, and he voted against it twice":
    an opinion around a claim does not make it none, nor a claim an opinion around it.
    """
    spoken = [r for r in rows if r[2] in ("debate", "speech", "interview") and r[1] not in ("question", "rhetorical question")]
    out = []
    for _ in range(count):  # long spoken sentences joined from two: a claim anywhere in one makes it a claim
        first, second = rng.sample(spoken, 2)
        if held_out_group(first[4]) != held_out_group(second[4]):
            continue  # both parts from one side of the split: the held-out part stays unseen
        joiner = rng.choice(CONNECTORS)
        tail = second[5] if joiner.endswith(". And ") or second[5].startswith("I ") else \
            second[5][:1].lower() + second[5][1:]
        sentence = first[5].rstrip(".!") + joiner + tail
        label = max(first[0], second[0])
        why = "" if label else f"{first[3]} and {second[3]}"
        out.append((label, "compound", first[2], why, f"compound:{first[4]}+{second[4]}", sentence))
    return out


def write(path: Path = OUT, rows: list | None = None) -> int:
    """Write the generated corpus as TSV; return how many sentences."""
    rows = generate() if rows is None else rows
    lines = ["label\tkind\tgenre\twhy\ttemplate\tsentence"] + ["\t".join(map(str, row)) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(rows)


if __name__ == "__main__":
    print(f"wrote {write()} sentences to {OUT}")
    spoken = generate(seed=25, positive=SPOKEN_POSITIVE, negative=SPOKEN_NEGATIVE, prefix="spoken ", compounds=900)
    print(f"wrote {write(SPOKEN_OUT, spoken)} sentences to {SPOKEN_OUT}")
    written = generate(seed=26, positive=WRITTEN_POSITIVE, negative=WRITTEN_NEGATIVE, prefix="written ", compounds=0,
                       variants={1: 16, 0: 14})
    print(f"wrote {write(WRITTEN_OUT, written)} sentences to {WRITTEN_OUT}")
