"""Import throughput: articles per second through capture, snapshot, re-anchoring and candidates."""
import html
import random
import sys
import time
from pathlib import Path

from bench.common import median_ms, p95_ms

ARTICLES = 60


def _articles(rng: random.Random) -> list[tuple[str, str]]:
    """Make distinct articles from the seed files (figures varied), half as pasted text, half as HTML."""
    from django.conf import settings

    from seeding import seed_data

    texts = []
    for filename in seed_data.SEED_FILES.values():
        path = Path(settings.CROSSCHECK_SEED_ARTICLES_DIR) / filename
        if path.exists():
            texts.append(path.read_text(encoding="utf-8"))
    if not texts:
        return []
    articles = []
    for n in range(ARTICLES):
        text = rng.choice(texts).replace("11 exercises", f"{rng.randint(2, 40)} exercises")
        text = text.replace("over 40 times", f"over {rng.randint(10, 90)} times") + f"\n\nArticle number {n}."
        if n % 2:
            body = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip())
            articles.append(("html", f"<html><head><title>Article {n}</title></head><body><article>{body}"
                                     "</article></body></html>"))
        else:
            articles.append(("text", text))
    return articles


def run(size: int) -> list[dict]:
    from imports import candidates, capture, services

    rng = random.Random(5)
    articles = _articles(rng)
    if not articles:
        print("  imports skipped: the seed articles are not in CROSSCHECK_SEED_ARTICLES_DIR", file=sys.stderr)
        return []
    entities, metrics = services.known_entities(), services.known_metrics()
    candidates.extract("Warm-up: 5 square miles of 9 zorks.")  # word lists and pint load once per process
    totals, extraction, found = [], [], 0
    started_all = time.perf_counter()
    for kind, content in articles:
        started = time.perf_counter()
        captured = capture.from_html(content) if kind == "html" else capture.from_text(content)
        result = services.import_captured(captured, title=f"Benchmark article {len(totals)} ({kind})")
        totals.append(time.perf_counter() - started)
        found += len(result.candidates)
        started = time.perf_counter()
        candidates.extract(captured.text, entities=entities, metrics=metrics)
        extraction.append(time.perf_counter() - started)
    elapsed = time.perf_counter() - started_all
    return [{
        "claims": f"{size:,}", "articles": len(articles), "known entity names": f"{len(entities):,}",
        "articles/s": f"{len(articles) / elapsed:.1f}",
        "import per article, median (ms)": f"{median_ms(totals):.0f}", "p95 (ms)": f"{p95_ms(totals):.0f}",
        "candidate extraction, median (ms)": f"{median_ms(extraction):.0f}",
        "candidates per article": f"{found / len(articles):.1f}",
    }]
