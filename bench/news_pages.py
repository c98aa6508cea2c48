"""The claim detector on real news pages, against the team's own judgement of each candidate.

`python -m bench.news_pages` (also part of `python -m bench --only detection`). The pages are
trafilatura's evaluation pages (../shared/peer-data/trafilatura-eval, read in place, never copied);
the news pages among them are listed in bench/data/news_pages.txt, and the team's judgement of every
candidate sentence proposed on them is in bench/data/news_page_judgements.tsv, keyed by a hash of
page and sentence (no sentence is stored). Each page is captured and its candidates extracted as an
import does; a candidate is wrong when the team judged its sentence not a checkable claim.
Candidates nobody has judged yet (after a change to the detector) are counted and listed with their
keys, to be judged and added. The pages are a development set (the detector's written corpus and its
proposing and ticking thresholds were chosen on them), not an independent test.
"""
import hashlib
import json
from collections import Counter
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
TARGET = 1.0  # issue #24: at most one wrong candidate in ten on real news pages


def sentence_key(page: str, sentence: str) -> str:
    """Return the key a judgement is stored under: a hash of the page's file name and the normalised sentence."""
    return hashlib.sha256(f"{page}\n{' '.join(sentence.split()).casefold()}".encode()).hexdigest()[:16]


def _rows(name: str) -> list[list[str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def news_pages() -> list[str]:
    """Return the file names of the news pages judged."""
    return [row[0] for row in _rows("news_pages.txt")]


def judgements() -> dict[tuple[str, str], tuple[str, str]]:
    """Return (page, key) -> (label, why): "claim", or the kind of wrong candidate."""
    rows = _rows("news_page_judgements.tsv")
    return {(page, key): (label, why) for page, key, label, why in rows[1:]}


def _peer_root() -> Path | None:
    from django.conf import settings

    root = Path(settings.CROSSCHECK_SEED_ARTICLES_DIR).parent / "peer-data" / "trafilatura-eval"
    return root if (root / "evaldata.json").exists() else None


def page_candidates(root: Path, detector=None) -> dict[str, list]:
    """Capture every news page as an import does and return its candidates."""
    from imports import candidates, capture

    urls = {item["file"]: url for url, item in json.loads((root / "evaldata.json").read_text("utf-8")).items()}
    found = {}
    for page in news_pages():
        html = capture.decode((root / "pages" / page).read_bytes())
        try:
            text = capture.from_html(html, url=urls.get(page, "")).text
        except capture.CaptureError:
            text = ""
        found[page] = candidates.extract(text, detector=detector) if text else []
    return found


def _per_ten(wrong: int, judged: int) -> str:
    return f"{10 * wrong / judged:.1f}" if judged else "—"


def _starts_ticked(candidate) -> bool:
    from imports import proposing

    return proposing.starts_ticked(candidate, set())


def measure(found: dict[str, list], judged: dict, ticked=_starts_ticked) -> tuple[list[dict], list, Counter]:
    """Return a row per page and overall, the unjudged sentences (page, key, sentence), and wrong ones by kind.

    "start ticked" counts the candidates the review offers ticked (what an editor accepts by default).
    """
    rows, unjudged, kinds = [], [], Counter()
    totals = Counter()
    for page, candidates in found.items():
        sentences = {c.quote: sentence_key(page, c.quote) for c in candidates}
        labels = [judged.get((page, sentences[c.quote]), ("", ""))[0] for c in candidates]
        wrong = [label for label in labels if label not in ("", "claim")]
        kinds.update(wrong)
        unjudged += [(page, key, quote) for quote, key in sentences.items() if (page, key) not in judged]
        claims_judged = {key for (p, key), (label, _) in judged.items() if p == page and label == "claim"}
        lost = len(claims_judged - set(sentences.values()))
        on = [label for c, label in zip(candidates, labels) if ticked(c)]
        count = {"candidates": len(candidates), "sentences": len(sentences), "judged wrong": len(wrong),
                 "unjudged": labels.count(""), "judged claims no longer proposed": lost, "start ticked": len(on),
                 "ticked wrong": sum(label not in ("", "claim") for label in on)}
        totals.update(count)
        rows.append({"page": page, **count,
                     "wrong per ten": _per_ten(len(wrong), len(candidates) - labels.count(""))})
    judged_candidates = totals["candidates"] - totals["unjudged"]
    per_ten = 10 * totals["judged wrong"] / judged_candidates if judged_candidates else 0.0
    verdict = "met" if per_ten <= TARGET else "missed"
    if totals["unjudged"]:
        verdict += f" ({totals['unjudged']} unjudged: judge them)"
    rows.append({"page": f"all {len(found)} news pages", **totals, "wrong per ten": f"{per_ten:.1f}",
                 "target": f"≤ {TARGET:g} wrong in ten: {verdict}",
                 "ticked wrong per ten": _per_ten(totals["ticked wrong"], totals["start ticked"])})
    return rows, unjudged, kinds


def _by_proposer(found: dict[str, list], judged: dict) -> str:
    """Say how many wrong candidates the rules typed and how many the model alone proposed ("factual statement")."""
    counts = Counter()
    for page, candidates in found.items():
        for c in candidates:
            label = judged.get((page, sentence_key(page, c.quote)), ("", ""))[0]
            origin = "the model alone" if c.claim_type == "fact" else "a rule"
            counts[origin, "all"] += 1
            counts[origin, "wrong"] += label not in ("", "claim")
    return ", ".join(f"{origin} {counts[origin, 'wrong']} of {counts[origin, 'all']}"
                     for origin in ("a rule", "the model alone"))


def run(size: int | None = None, detector=None) -> list[dict]:
    """Print the table (and the unjudged sentences, to be judged); return its rows."""
    from bench.common import peer_data_absent, print_table

    root = _peer_root()
    if root is None:
        message = "claim detector on news pages skipped: ../shared/peer-data/trafilatura-eval is absent"
        peer_data_absent(message)
        return []
    found = page_candidates(root, detector)
    judged = judgements()
    rows, unjudged, kinds = measure(found, judged)
    print_table("claim detector on real news pages (the team's judgement of each candidate)", rows)
    print("  wrong candidates by kind: " + ", ".join(f"{kind} {n}" for kind, n in kinds.most_common()))
    print("  wrong candidates by who proposed them: " + _by_proposer(found, judged))
    if unjudged:
        print(f"\n  {len(unjudged)} proposed sentences not judged yet (add them to bench/data/news_page_judgements.tsv):")
        for page, key, sentence in unjudged:
            print(f"  {page}\t{key}\t{' '.join(sentence.split())}")
    return rows


if __name__ == "__main__":
    from bench.common import setup_django

    setup_django()
    run()
