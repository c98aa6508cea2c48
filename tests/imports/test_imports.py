"""Importing articles: capture (text, HTML, metadata, furniture) and fetching over loopback."""
import socket

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from imports import candidates, capture
from imports.capture import CaptureError
from seeding import seed_data
from tests.conftest import LEDGER_QUOTES, seed_article, team_article
from tests.imports.articles import ARTICLE_HTML, FURNITURE, LEDGER, LEDGER_EDITED, LEDGER_FURNITURE, LEDGER_REPOST
from tests.loopback import Route

# --- Capture -------------------------------------------------------------------------------------------

def test_html_gives_main_text_and_metadata_without_navigation():
    captured = capture.from_html(ARTICLE_HTML)
    assert captured.title == "Treaties and land"
    assert captured.authors == ["Jane Doe"] and captured.site_name == "Daily Example"
    assert str(captured.published_on) == "2024-11-05"
    assert "over 900,000 square kilometers" in captured.text
    assert "Sign In" not in captured.text and "You Might Also Like" not in captured.text
    assert "All rights reserved" not in captured.text


def test_broken_html_is_still_read_and_html_without_text_is_refused():
    broken = "<html><body><div><p>" + ARTICLE_HTML.split("<article>")[1].split("</article>")[0].replace("</p>", "")
    assert "150,000 square miles" in capture.from_html(broken).text
    with pytest.raises(CaptureError, match="no article text"):
        capture.from_html("<html><body><nav>Home</nav></body></html>")
    with pytest.raises(CaptureError, match="empty"):
        capture.from_html("   ")


@pytest.mark.parametrize("name", [LEDGER, LEDGER_EDITED, LEDGER_REPOST])
def test_text_keeps_the_article_and_drops_the_furniture(name):
    captured = capture.from_text(team_article(name))
    for furniture in LEDGER_FURNITURE:
        assert furniture not in captured.text, furniture
    assert captured.text.startswith(("Few borders", "Editor's note"))
    assert "Read It All" not in captured.text and "Five Maps" not in captured.text and "Lost your" not in captured.text
    for _slug, quote, _figure in LEDGER_QUOTES[:1] + LEDGER_QUOTES[3:4]:
        assert quote in captured.text, quote  # the quotes every version carries survive the clean-up
    if name == LEDGER:
        assert all(quote in captured.text for _slug, quote, _figure in LEDGER_QUOTES)
        assert captured.text.endswith("in a hurry to reopen the question.")


def test_text_metadata_comes_from_the_page_header():
    captured = capture.from_text(team_article(LEDGER))
    assert captured.title == "Where the Amur Bends: Counting the Land the Qing Gave Away"  # repeated in the header
    assert captured.authors == ["Mara Lindqvist"]
    assert str(captured.published_on) == "2026-03-03"
    assert str(capture.from_text(team_article(LEDGER_EDITED)).updated_on) == "2026-03-09"
    repost = capture.from_text(team_article(LEDGER_REPOST))
    assert repost.title == "Where the Amur Bends" and str(repost.published_on) == "2026-03-05"


@pytest.mark.parametrize("source_key", [seed_data.TULLY, seed_data.CAPEK])
def test_seed_text_keeps_the_article_and_drops_the_furniture(source_key):
    captured = capture.from_text(seed_article(source_key))
    for furniture in FURNITURE:
        assert furniture not in captured.text, furniture
    for _key, quote, _figure in (a for row in seed_data.CLAIMS for a in row["appearances"] if a[0] == source_key):
        assert quote in captured.text, quote  # every quote the seed records survives the clean-up


def test_seed_text_metadata_comes_from_the_page_header():
    captured = capture.from_text(seed_article(seed_data.CAPEK))
    assert captured.title == seed_data.CAPEK_TITLE
    assert captured.authors == ["Filip Capek"]
    assert str(captured.updated_on) == "2026-02-12"
    assert str(capture.from_text(seed_article(seed_data.TULLY)).published_on) == "2025-01-19"


@pytest.mark.parametrize("data, message", [
    (b"", "is empty"), (b"   \n  ", "is empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary file"),
    (b"Sign In\nShare\n11 Min Read\n", "no article text"),
])
def test_bad_input_is_refused_with_a_reason(data, message):
    with pytest.raises(CaptureError, match=message):
        capture.from_bytes(data, name="upload")


@given(st.text(max_size=400))
@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_text_either_imports_or_gives_a_capture_error(text):
    try:
        captured = capture.from_text(text)
    except CaptureError:
        return
    for candidate in candidates.extract(captured.text):
        assert captured.text[candidate.start:candidate.end] == candidate.quote


HARD_WRAPPED = """Treaties and land

The 1858 Treaty of Aigun and the 1860 Convention of Peking together
surrendered over 900,000 square kilometers to Russia, according to the
historians who have studied the maps drawn by both courts at the time.

Another 150,000 square miles were lost under the 1864 Treaty of
Tarbagatai, which moved the border in the west by several hundred
kilometers and left many villages on the other side of the line.
"""


def test_hard_wrapped_text_is_joined_into_paragraphs():
    captured = capture.from_text(HARD_WRAPPED)
    assert "Peking together surrendered over 900,000 square kilometers to Russia" in captured.text
    assert [c.figure_text for c in sorted(candidates.extract(captured.text), key=lambda c: c.figure_start)][:2] == [
        "over 900,000 square kilometers", "Another 150,000 square miles"]
    html = "<html><body><article><pre>" + HARD_WRAPPED + "</pre></article></body></html>"
    assert "900,000 square kilometers" in capture.from_html(html).text


@pytest.mark.parametrize("text, sentence", [
    ("1858年，清朝与俄国签订了《瑷珲条约》，黑龙江以北约六十万平方公里的土地划归俄国。"
     "两年后，《北京条约》又将乌苏里江以东约四十万平方公里的土地割让给俄国。", "1858年，清朝与俄国签订了《瑷珲条约》"),
    ("1858年、清とロシアはアイグン条約を結び、アムール川以北の約六十万平方キロメートルの土地がロシア領となった。"
     "その二年後、北京条約によってウスリー川以東の土地も割譲された。", "1858年、清とロシアはアイグン条約を結び"),
])
def test_text_without_spaces_between_words_is_prose(text, sentence):
    captured = capture.from_text(text)
    assert captured.text.startswith(sentence)
    assert capture.from_html(f"<html><body><article><p>{text}</p></article></body></html>").text.startswith(sentence)
    assert len(candidates.sentences(captured.text)) == 2


def test_a_page_that_starts_with_a_php_warning_is_read_without_it():
    warning = ("<br />\n<b>Warning</b>:  include(/var/www/header.php): failed to open stream: No such file or "
               "directory in <b>/var/www/index.php</b> on line <b>12</b><br />\n")
    captured = capture.from_html(warning + ARTICLE_HTML)
    assert "Warning" not in captured.text and "over 900,000 square kilometers" in captured.text
    text = capture.from_text("Warning: include(header.php): failed to open stream in /var/www/index.php on line 12\n"
                             + HARD_WRAPPED)
    assert "Warning" not in text.text and "900,000" in text.text


@pytest.mark.parametrize("byline, authors", [
    ("By Jane Doe", ["Jane Doe"]),
    ("BY JANE DOE", ["Jane Doe"]),
    ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
    ("By Jane Doe, John Roe & Ana de Souza", ["Jane Doe", "John Roe", "Ana de Souza"]),
    ("By Jane Doe | Reuters", ["Jane Doe"]),
    ("By the way, nothing here is a byline at all.", []),
])
def test_bylines_fill_the_authors(byline, authors):
    assert capture.parse_byline(byline) == authors
    if authors:
        captured = capture.from_text(f"{byline}\n\n" + HARD_WRAPPED.split("\n\n", 1)[1])
        assert captured.authors == authors
        html = f"<html><body><article><p>{byline}</p>" + "".join(
            f"<p>{p}</p>" for p in HARD_WRAPPED.split("\n\n")[1:]) + "</article></body></html>"
        assert capture.from_html(html).authors == authors


def test_a_dateline_fills_the_place_and_leaves_the_statement():
    text = ("VLADIVOSTOK — Russia opened the port of Vladivostok to Chinese transit cargo in 2023, officials "
            "said on Tuesday, in a move that traders welcomed.")
    captured = capture.from_text(text)
    assert captured.place == "VLADIVOSTOK"
    (candidate,) = candidates.extract(captured.text)
    assert candidate.statement.startswith("Russia opened the port of Vladivostok")
    assert "VLADIVOSTOK" not in candidate.statement


# --- Fetching over loopback -------------------------------------------------------------------------

def test_fetch_reads_html_and_follows_a_redirect(loopback):
    loopback.routes["/old"] = Route(status=301, headers={"Location": "/article"})
    loopback.routes["/article"] = Route(ARTICLE_HTML.encode())
    captured = capture.fetch(loopback.url + "/old")
    assert captured.title == "Treaties and land" and captured.url == loopback.url + "/article"


def test_fetch_reads_plain_text(loopback):
    loopback.routes["/a.txt"] = Route(team_article(LEDGER).encode(), content_type="text/plain; charset=utf-8")
    fetched = capture.fetch(loopback.url + "/a.txt")
    assert "approximately 150,000 square miles" in fetched.text and "Sign In" not in fetched.text


@pytest.mark.parametrize("route, message", [
    (Route(status=404, body=b"gone"), "HTTP 404"),
    (Route(status=500, body=b"oops"), "HTTP 500"),
    (Route(b"\x89PNG", content_type="image/png"), "image/png, not HTML or text"),
    (Route(b"{}", content_type="application/json"), "not HTML or text"),
    (Route(b"x" * 5000), "over the 4,096-byte limit"),
    (Route(b"x" * 5000, send_length=False), "over the 4,096-byte limit"),
    (Route(ARTICLE_HTML.encode(), delay=2.5), "did not answer within 1 s"),
    (Route(status=302), "redirected without a Location"),
])
def test_fetch_failures_are_clear(loopback, settings, route, message):
    settings.CROSSCHECK_IMPORT_MAX_BYTES = 4096
    loopback.routes["/page"] = route
    with pytest.raises(CaptureError, match=message):
        capture.fetch(loopback.url + "/page")


def test_fetch_stops_after_too_many_redirects(loopback, settings):
    settings.CROSSCHECK_IMPORT_MAX_REDIRECTS = 3
    for n in range(10):
        loopback.routes[f"/r{n}"] = Route(status=302, headers={"Location": f"/r{n + 1}"})
    with pytest.raises(CaptureError, match="redirected more than 3 times"):
        capture.fetch(loopback.url + "/r0")
    assert len(loopback.hits) == 4


def test_fetch_refuses_closed_ports_schemes_and_private_addresses(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CROSSCHECK_IMPORT_ALLOW_PRIVATE_ADDRESSES = True
    with pytest.raises(CaptureError, match="connection refused"):
        capture.fetch(f"http://127.0.0.1:{port}/")
    with pytest.raises(CaptureError, match="not an http"):
        capture.fetch("file:///etc/passwd")
    settings.CROSSCHECK_IMPORT_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(CaptureError, match="private or local address"):
        capture.fetch(f"http://127.0.0.1:{port}/")
