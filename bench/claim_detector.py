"""The claim detector measured: ClaimBuster's sentences, the corpus's held-out part, the seed articles, news pages.

`python -m bench.claim_detector` (also part of `python -m bench --only detection`). ClaimBuster's
labelled debate sentences (../shared/peer-data/claimbuster/, GPL-3.0) are read in place, for
measuring only: nothing from them is copied or trained on. Absent, that table is skipped with a
loud line, and the others still run.
"""
import json
import sys
from pathlib import Path

from bench import news_pages
from bench.common import peer_data_absent

# Targets from issue #24 (docs/editors/claim-detector.md reports against them).
TARGETS = {"claimbuster f1": 0.85, "claimbuster precision": 0.85, "seed quotes proposed": 1.0, "seed furniture": 0}
# Page furniture in the seed articles' reposts: never a candidate.
SEED_FURNITURE = ["Sign In", "Min Read", "Subscribe", "Read It All", "See Also", "Visited", "5 + 6", "Privacy Policy",
                  "You Might Also Like", "Font Resizer", "Last updated", "All Rights"]


def _figures(label: str, hits: int, proposed: int, claims: int, total: int) -> dict:
    precision = hits / proposed if proposed else 0.0
    recall = hits / claims if claims else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"set": label, "sentences": total, "claims": claims, "proposed": proposed,
            "precision": f"{precision:.3f}", "recall": f"{recall:.3f}", "F1": f"{f1:.3f}"}


def proposed_lines(lines: list[str], detector=None) -> list[bool]:
    """Import ``lines`` as one article (a paragraph each); say which have a candidate's quote in them."""
    from imports import candidates

    text, spans, offset = [], [], 0
    for line in lines:
        line = " ".join(line.split())
        spans.append((offset, offset + len(line)))
        text.append(line)
        offset += len(line) + 1
    found = candidates.extract("\n".join(text), detector=detector)
    starts = sorted(c.start for c in found)
    hit, i = [], 0
    for start, end in spans:
        while i < len(starts) and starts[i] < start:
            i += 1
        hit.append(i < len(starts) and starts[i] < end)
    return hit


def _peer_claimbuster() -> Path | None:
    from django.conf import settings

    path = Path(settings.CROSSCHECK_SEED_ARTICLES_DIR).parent / "peer-data" / "claimbuster" / "train.json"
    return path if path.exists() else None


def claimbuster_rows(detector=None) -> list[dict]:
    """Return the detector's figures on ClaimBuster's labelled debate sentences: rules alone, model alone, both."""
    from imports.detector import model, store

    path = _peer_claimbuster()
    if path is None:
        message = "claim detector on ClaimBuster skipped: ../shared/peer-data/claimbuster/train.json is absent"
        peer_data_absent(message)
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    lines, labels = [row["text"] for row in data], [int(row["label"]) for row in data]
    detector = detector or store.active()
    rows = []
    hit = proposed_lines(lines, detector)
    both = _figures(f"rules + model ({detector.version})", sum(h and y for h, y in zip(hit, labels)), sum(hit),
                    sum(labels), len(lines))
    met = float(both["F1"]) >= TARGETS["claimbuster f1"] and float(both["precision"]) >= TARGETS["claimbuster precision"]
    rows.append({**both, "target": f"F1 ≥ {TARGETS['claimbuster f1']}, precision ≥ "
                                  f"{TARGETS['claimbuster precision']}: {'met' if met else 'missed'}"})
    alone = model.measure(detector, [model.Example(s, y) for s, y in zip(lines, labels)])
    rows.append({"set": "model alone (score ≥ 0.5)", "sentences": len(lines), "claims": sum(labels),
                 "proposed": "", "precision": f"{alone['precision']:.3f}", "recall": f"{alone['recall']:.3f}",
                 "F1": f"{alone['f1']:.3f}"})
    return rows


def corpus_rows(detector=None) -> list[dict]:
    """Return the figures on the corpus's held-out templates: the model alone, and rules + model."""
    from imports.detector import model, store

    detector = detector or store.active()
    held_out = [e for e in model.corpus() if e.held_out]
    alone = model.measure(detector, held_out)
    hit = proposed_lines([e.sentence for e in held_out], detector)
    both = _figures("held-out corpus, rules + model", sum(h and e.label for h, e in zip(hit, held_out)), sum(hit),
                    alone["claims"], len(held_out))
    return [{"set": "held-out corpus, model alone", "sentences": len(held_out), "claims": alone["claims"],
             "proposed": "", "precision": f"{alone['precision']:.3f}", "recall": f"{alone['recall']:.3f}",
             "F1": f"{alone['f1']:.3f}"}, both]


def seed_rows(detector=None) -> list[dict]:
    """Return how many of the seed claims' quotes are proposed, and how many candidates are furniture."""
    from django.conf import settings

    from imports import candidates, capture
    from seeding import seed_data

    rows = []
    for key, name in seed_data.SEED_FILES.items():
        path = Path(settings.CROSSCHECK_SEED_ARTICLES_DIR) / name
        if not path.exists():
            print(f"  seed article {path} absent: skipped", file=sys.stderr)
            continue
        text = capture.from_text(path.read_text(encoding="utf-8")).text
        found = candidates.extract(text, detector=detector)
        quotes = {q for claim in seed_data.CLAIMS for source, q, _ in claim["appearances"] if source == key}
        spans = [(c.start, c.end) for c in found]
        located = [text.find(q) for q in quotes]
        proposed = sum(1 for at, q in zip(located, quotes)
                       if at >= 0 and any(s < at + len(q) and at < e for s, e in spans))
        furniture = [c.quote[:40] for c in found if any(f in c.quote for f in SEED_FURNITURE)]
        rows.append({"article": key, "seed quotes": len(quotes), "proposed": proposed,
                     "quotes not in this text": sum(at < 0 for at in located), "candidates": len(found),
                     "furniture proposed": len(furniture), "which": " | ".join(furniture),
                     "target": "met" if proposed == len(quotes) and len(furniture) <= TARGETS["seed furniture"]
                     else "missed"})
    return rows


def run(size: int | None = None) -> list[dict]:
    """Print the three tables and return every row."""
    from bench.common import print_table

    rows = []
    for title, table in (("claim detector on ClaimBuster's labelled sentences (peer data, measuring only)",
                          claimbuster_rows()),
                         ("claim detector on the corpus's held-out templates", corpus_rows()),
                         ("claim detector on the seed articles", seed_rows())):
        if table:
            print_table(title, table)
        rows += [{"table": title, **row} for row in table]
    title = "claim detector on real news pages"
    return rows + [{"table": title, **row} for row in news_pages.run()]


if __name__ == "__main__":
    from bench.common import setup_django

    setup_django()
    run()
