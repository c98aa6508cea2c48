"""Claim matching ("Said before"): `python -m bench.matching_pairs` (a `make bench` section, no corpus).

Scores the wording signal of ``claims.matching`` (the figure signal is the conflict detector's key,
measured in bench.detection) on two sets, at the threshold in use and around it:

- the seed claims: each appearance's quote against every seed statement; a pair is a repeat when
  the quote is one of that claim's own. Quotes are the source's words and statements the editors',
  so this is the hard case: a reworded repeat.
- the team's labelled pairs (bench/data/matching_pairs.tsv): rewordings of one claim, and claims that
  share most words but not the claim (another figure, subject or direction).
"""
from __future__ import annotations

import sys
from pathlib import Path

DATA = Path(__file__).parent / "data"


def team_pairs() -> list[tuple[str, str, bool]]:
    rows = []
    for line in (DATA / "matching_pairs.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            first, second, same = line.split("\t")
            rows.append((first, second, same.strip() == "1"))
    return rows


def seed_pairs() -> list[tuple[str, str, bool]]:
    from seeding import seed_data

    statements = [(claim["slug"], claim["statement"]) for claim in seed_data.CLAIMS]
    return [(quote, statement, slug == claim["slug"]) for claim in seed_data.CLAIMS
            for _source, quote, _figure in claim["appearances"] for slug, statement in statements]


def score(pairs, threshold: float) -> dict:
    from claims.matching import similarity

    said = [(similarity(first, second) >= threshold, same) for first, second, same in pairs]
    true_positive = sum(1 for guess, same in said if guess and same)
    guessed, actual = sum(g for g, _ in said), sum(s for _, s in said)
    return {"precision": true_positive / guessed if guessed else 1.0,
            "recall": true_positive / actual if actual else 1.0, "found": true_positive, "repeats": actual}


def main() -> None:
    from bench.common import setup_django

    setup_django()
    from claims.matching import NEAR_IDENTICAL

    sets = {"team's labelled pairs": team_pairs(), "seed quotes × statements": seed_pairs()}
    for name, pairs in sets.items():
        print(f"\nClaim matching, {name}: {len(pairs)} pairs, {sum(s for *_, s in pairs)} repeats")
        print(f"{'threshold':>10} {'precision':>10} {'recall':>8} {'found':>6}")
        for threshold in (0.5, 0.6, 0.7, NEAR_IDENTICAL, 0.8, 0.9):
            result = score(pairs, threshold)
            mark = " ← in use" if threshold == NEAR_IDENTICAL else ""
            print(f"{threshold:>10.2f} {result['precision']:>10.2f} {result['recall']:>8.2f} "
                  f"{result['found']:>3}/{result['repeats']}{mark}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
