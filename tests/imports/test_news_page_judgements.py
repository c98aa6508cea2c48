"""The team's judgements of candidates on news pages (bench/data): well formed, and counted as the bench says."""
import re
from types import SimpleNamespace

from bench import news_pages

LABELS = {"claim", "furniture", "teaser", "caption", "byline", "listing", "fragment", "opinion", "prediction",
          "vague", "trivial", "general", "advice"}


def test_every_judgement_names_a_listed_page_a_hashed_key_a_known_label_and_a_reason():
    pages = set(news_pages.news_pages())
    judged = news_pages.judgements()
    assert len(pages) >= 30 and len(judged) >= 500
    for (page, key), (label, why) in judged.items():
        assert page in pages and re.fullmatch(r"[0-9a-f]{16}", key)
        assert label in LABELS and why.strip()


def test_the_key_ignores_spacing_and_case_but_not_the_page():
    key = news_pages.sentence_key
    assert key("a.html", "The  port opened\nin 2019.") == key("a.html", "the port opened in 2019.")
    assert key("a.html", "The port opened in 2019.") != key("b.html", "The port opened in 2019.")


def test_wrong_unjudged_and_lost_claims_are_counted_per_page_and_overall():
    claim, notice, new = "The port opened in 2019.", "All rights reserved by the publisher.", "A bridge opened in 2022."
    key = news_pages.sentence_key
    judged = {("a.html", key("a.html", claim)): ("claim", "dated event"),
              ("a.html", key("a.html", notice)): ("furniture", "copyright line"),
              ("b.html", key("b.html", claim)): ("claim", "dated event")}
    found = {"a.html": [SimpleNamespace(quote=claim), SimpleNamespace(quote=notice), SimpleNamespace(quote=new)],
             "b.html": []}
    rows, unjudged, kinds = news_pages.measure(found, judged, ticked=lambda c: c.quote != new)
    assert rows[0]["judged wrong"] == 1 and rows[0]["unjudged"] == 1 and rows[0]["wrong per ten"] == "5.0"
    assert rows[1]["judged claims no longer proposed"] == 1
    assert rows[-1]["candidates"] == 3 and rows[-1]["wrong per ten"] == "5.0"
    assert rows[-1]["start ticked"] == 2 and rows[-1]["ticked wrong per ten"] == "5.0"
    assert rows[-1]["target"].startswith("≤ 1 wrong in ten: missed (1 unjudged")
    assert [u[2] for u in unjudged] == [new] and kinds == {"furniture": 1}
