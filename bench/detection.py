"""Claim detection, figure reading and capture, measured on labelled sets (no database needed).

- Detection: recall and precision of proposed sentences on the team's labelled articles
  (bench/detection_data.py), per style and overall.
- Figures: share of labelled figure phrases read as labelled (value, unit, range) or refused with
  the labelled reason.
- The claim detector (bench/claim_detector.py): ClaimBuster's sentences, the corpus's held-out part
  and the seed articles.
- Capture: on trafilatura's evaluation pages (../shared/peer-data/trafilatura-eval, used in place,
  never copied), the share of must-keep snippets kept and must-drop snippets dropped, next to
  trafilatura's own extract() with its defaults on the same pages.
"""
import json
import sys
from decimal import Decimal
from pathlib import Path

from bench import claim_detector
from bench.detection_data import ARTICLES, FIGURES, HELD_OUT, article_text

# Targets the performance page (docs/developers/performance.md) reports against.
TARGETS = {"recall": 0.90, "precision": 0.85, "figures": 1.0, "keep": "trafilatura's", "drop": 0.90}


def _percent(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "—"


def detection_rows(articles: dict = ARTICLES, label: str = "all") -> list[dict]:
    """Return recall and precision of proposed sentences per style and overall."""
    from imports import candidates

    rows, totals = [], [0, 0, 0, 0]
    for style, lines in articles.items():
        text = article_text(lines)
        proposed = {c.quote for c in candidates.extract(text)}
        claims = [line for line, claim in lines if claim]
        found = [line for line in claims if any(line in quote or quote in line for quote in proposed)]
        right = [quote for quote in proposed if any((quote in line or line in quote) for line in claims)]
        missed = [line for line in claims if line not in found]
        wrong = [quote for quote in proposed if quote not in right]
        totals = [totals[0] + len(found), totals[1] + len(claims), totals[2] + len(right), totals[3] + len(proposed)]
        rows.append({"set": style, "claims": len(claims), "proposed": len(proposed),
                     "recall": _percent(len(found), len(claims)), "precision": _percent(len(right), len(proposed)),
                     "missed": " | ".join(m[:50] for m in missed), "wrongly proposed": " | ".join(w[:50] for w in wrong)})
    rows.append({"set": label, "claims": totals[1], "proposed": totals[3], "recall": _percent(totals[0], totals[1]),
                 "precision": _percent(totals[2], totals[3]), "missed": "", "wrongly proposed": ""})
    return rows


def figure_rows() -> list[dict]:
    """Return how many labelled figure phrases are read (or refused) as labelled."""
    from claims import figures

    right, wrong = 0, []
    for text, expected in FIGURES:
        try:
            figure = figures.parse_figure(text)
            got = (figure.value, figure.unit, figure.range_end)
        except figures.FigureError as exc:
            got = str(exc)
        if isinstance(expected, str):
            ok = isinstance(got, str) and got.startswith(expected) or isinstance(got, str) and expected in got
        else:
            value, unit, top = expected
            ok = not isinstance(got, str) and got == (Decimal(value), unit, None if top is None else Decimal(top))
        right += ok
        if not ok:
            wrong.append(f"{text!r} → {got}")
    return [{"figure phrases": len(FIGURES), "read right": right, "accuracy": _percent(right, len(FIGURES)),
             "wrong": " | ".join(wrong)}]


def _peer_pages() -> Path | None:
    from django.conf import settings

    root = Path(settings.CROSSCHECK_SEED_ARTICLES_DIR).parent / "peer-data" / "trafilatura-eval"
    return root if (root / "evaldata.json").exists() else None


def capture_rows() -> list[dict]:
    """Return keep and drop rates of capture and of trafilatura's extract() on the peer evaluation pages."""
    import trafilatura

    from imports import capture

    root = _peer_pages()
    if root is None:
        print("  capture skipped: ../shared/peer-data/trafilatura-eval is absent", file=sys.stderr)
        return []
    data = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))

    def normalised(text: str) -> str:
        return " ".join(text.split())

    counts = {"Crosscheck capture": [0, 0, 0, 0, 0], "trafilatura extract()": [0, 0, 0, 0, 0]}
    for url, item in data.items():
        html = capture.decode((root / "pages" / item["file"]).read_bytes())
        try:
            ours = capture.from_html(html, url=url).text
        except capture.CaptureError:
            ours = ""
            counts["Crosscheck capture"][4] += 1
        theirs = trafilatura.extract(html) or ""
        for name, text in (("Crosscheck capture", ours), ("trafilatura extract()", theirs)):
            flat = normalised(text)
            tally = counts[name]
            tally[0] += sum(normalised(s) in flat for s in item["with"])
            tally[1] += len(item["with"])
            tally[2] += sum(normalised(s) not in flat for s in item["without"])
            tally[3] += len(item["without"])
    return [{"extractor": name, "pages": len(data), "kept (must keep)": _percent(t[0], t[1]),
             "dropped (must drop)": _percent(t[2], t[3]), "pages refused": t[4]} for name, t in counts.items()]


def peer_candidate_rows() -> list[dict]:
    """Return how many candidates the detector proposes on the peer pages, by type (unlabelled: for review)."""
    from collections import Counter

    from imports import candidates, capture

    root = _peer_pages()
    if root is None:
        return []
    data = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    types, pages = Counter(), 0
    for url, item in data.items():
        try:
            text = capture.from_html(capture.decode((root / "pages" / item["file"]).read_bytes()), url=url).text
        except capture.CaptureError:
            continue
        pages += 1
        types.update(c.claim_type for c in candidates.extract(text))
    total = sum(types.values())
    return [{"pages": pages, "candidates": total, "per page": f"{total / pages:.1f}",
             **{candidates.CLAIM_TYPES[t]: n for t, n in types.most_common()}}]


def run(size: int | None = None) -> list[dict]:
    """Print the three tables and return every row (for bench/results/detection.json)."""
    from bench.common import print_table

    tables = {"claim detection (labelled articles)": detection_rows(),
              "claim detection (held-out articles, never tuned on)": detection_rows(HELD_OUT, "all held out"),
              "figure reading (labelled phrases)":
              figure_rows(), "capture (trafilatura's evaluation pages)": capture_rows(),
              "candidates on trafilatura's evaluation pages (unlabelled)": peer_candidate_rows()}
    rows = []
    for title, table in tables.items():
        if table:
            print_table(title, table)
        rows += [{"table": title, **row} for row in table]
    return rows + claim_detector.run()
