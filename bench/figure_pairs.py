"""A labelled set of figure pairs, and how well the interval rule sorts them: `python -m bench.figure_pairs`.

Each pair is two wordings of the same quantity, as an editor would see them side by side in two
sources, with the editor's judgement (do they contradict each other?) and why. The team wrote them
from the kinds of figure the seed articles and reference works give; they are the yardstick for the
round-number rule in claims/figures/intervals.py (ROUND_NUMBER_SHARE), printed for several candidate shares.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass

CONTRADICT, AGREE = True, False


@dataclass(frozen=True)
class Pair:
    first: str
    second: str
    unit: str  # the unit both are compared in
    contradict: bool
    why: str


PAIRS = [
    Pair("a further 100,000 square miles", "154,000 square miles", "sq mi", CONTRADICT,
         "a reference figure half as large again: the round 100,000 is not a ±50% band"),
    Pair("100,000 square miles", "104,000 square miles", "sq mi", AGREE, "within the rounding of a round figure"),
    Pair("100,000 square miles", "120,000 square miles", "sq mi", CONTRADICT, "a fifth larger"),
    Pair("350,000 square miles", "900,000 km²", "sq mi", AGREE, "900,000 km² is 347,492 sq mi, rounded to 350,000"),
    Pair("over 900,000 km²", "910,000 km²", "km²", AGREE, "more than 900,000"),
    Pair("250,000 square miles", "910,000 km²", "sq mi", CONTRADICT, "910,000 km² is 351,000 sq mi"),
    Pair("250,000 square miles", "over 900,000 km²", "sq mi", CONTRADICT, "the seed articles' disagreement"),
    Pair("approximately 150,000 square miles", "160,000 square miles", "sq mi", AGREE, "within 'approximately'"),
    Pair("approximately 150,000 square miles", "200,000 square miles", "sq mi", CONTRADICT, "a third more"),
    Pair("about 400,000 km²", "154,000 square miles", "km²", AGREE, "154,000 sq mi is 398,858 km²"),
    Pair("400,000 km²", "420,000 km²", "km²", AGREE, "5% apart: within a round figure's rounding"),
    Pair("600 km", "620 km", "km", AGREE, "620 is within 5% of a round 600"),
    Pair("600 km", "700 km", "km", CONTRADICT, "a sixth more"),
    Pair("1,000 km", "1,040 km", "km", AGREE, "rounded to the thousand"),
    Pair("1,000 km", "1,300 km", "km", CONTRADICT, "30% more"),
    Pair("2 million km²", "2.05 million km²", "km²", AGREE, "rounded to the million"),
    Pair("2 million km²", "2.4 million km²", "km²", CONTRADICT, "a fifth more"),
    Pair("1.5 million km²", "1.55 million km²", "km²", AGREE, "the last digit's rounding"),
    Pair("1.5 million km²", "1.7 million km²", "km²", CONTRADICT, "two tenths of a million apart"),
    Pair("38 billion cubic meters a year", "50 billion cubic meters a year", "m³/yr", CONTRADICT,
         "Power of Siberia's capacity against the second line's"),
    Pair("up to 50 billion cubic meters annually", "38 billion cubic meters a year", "m³/yr", AGREE, "below the cap"),
    Pair("38 billion cubic meters a year", "38.5 billion cubic meters a year", "m³/yr", AGREE, "rounding of 38"),
    Pair("nearly 200 km²", "190 km²", "km²", AGREE, "nearly: just under"),
    Pair("nearly 200 km²", "230 km²", "km²", CONTRADICT, "over the figure 'nearly' approaches"),
    Pair("350 km²", "335 km²", "km²", CONTRADICT, "stated to the ten, 15 apart"),
    Pair("350 km²", "352 km²", "km²", AGREE, "within the last digit"),
    Pair("11 exercises", "11 exercises", "count", AGREE, "the same count"),
    Pair("11 exercises", "12 exercises", "count", CONTRADICT, "exact counts stay exact"),
    Pair("about 40 times", "42 times", "count", AGREE, "about widens a count"),
    Pair("over 40 times", "42 times", "count", AGREE, "more than 40"),
    Pair("40 times", "42 times", "count", CONTRADICT, "two counts of meetings"),
    Pair("5,000 km²", "5,200 km²", "km²", AGREE, "a round 5,000 within 5%"),
    Pair("5,000 km²", "6,000 km²", "km²", CONTRADICT, "a fifth more"),
    Pair("300 km²", "310 km²", "km²", AGREE, "a round 300"),
    Pair("300 km²", "400 km²", "km²", CONTRADICT, "a third more"),
    Pair("approximately 1,000 km", "1,090 km", "km", AGREE, "approximately: within a tenth"),
    Pair("approximately 1,000 km", "1,300 km", "km", CONTRADICT, "well beyond 'approximately'"),
]


def classify(pair: Pair) -> bool:
    """Say whether the interval rule finds the two figures contradictory."""
    from claims import figures

    a, b = (_convert(figures.parse_figure(text), pair.unit) for text in (pair.first, pair.second))
    low = lambda i: float("-inf") if i.lower is None else i.lower  # noqa: E731
    high = lambda i: float("inf") if i.upper is None else i.upper  # noqa: E731
    return high(a) < low(b) or high(b) < low(a)


def _convert(parsed, unit):
    from claims import figures

    interval = figures.figure_interval(parsed.value, parsed.unit, parsed.qualifier)
    convert = lambda v: None if v is None else figures.convert(v, parsed.unit, unit)  # noqa: E731
    return figures.Interval(convert(interval.lower), convert(interval.upper))


def score() -> dict:
    """Return precision and recall of "contradict" on the labelled pairs, and the pairs judged wrongly."""
    found = [(pair, classify(pair)) for pair in PAIRS]
    true_positive = sum(1 for pair, said in found if said and pair.contradict)
    said = sum(1 for _, s in found if s)
    actual = sum(1 for pair in PAIRS if pair.contradict)
    return {"pairs": len(PAIRS), "precision": true_positive / said if said else 1.0,
            "recall": true_positive / actual if actual else 1.0,
            "wrong": [pair for pair, s in found if s != pair.contradict]}


def main() -> None:
    from bench.common import setup_django

    setup_django()
    from claims.figures import intervals

    chosen = intervals.ROUND_NUMBER_SHARE
    print(f"Figure pairs: {len(PAIRS)} labelled ({sum(p.contradict for p in PAIRS)} contradict)")
    print(f"{'round-number share':>20} {'precision':>10} {'recall':>8}  wrongly judged")
    for share in (0.5, 0.25, 0.10, 0.05, 0.025, 0.01):
        intervals.ROUND_NUMBER_SHARE = share
        result = score()
        mark = " ← the rule in use" if share == chosen else ""
        wrong = "; ".join(f"{p.first} / {p.second}" for p in result["wrong"][:3])
        print(f"{share:>20.1%} {result['precision']:>10.2f} {result['recall']:>8.2f}  {wrong}{mark}")
    intervals.ROUND_NUMBER_SHARE = chosen
    sys.stdout.flush()


if __name__ == "__main__":
    main()
