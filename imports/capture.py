"""Turn a URL, an HTML document or pasted text into article text and metadata. No database.

HTML goes through trafilatura (main text, title, authors, date, site name). Plain text is kept,
minus the page furniture that copying a web page brings along: menus, share buttons, sign-in
boxes, "N Min Read", captchas, "You Might Also Like" lists. URLs are fetched with timeouts, a
size cap, a content-type check and a bounded number of redirects, each failure a CaptureError.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin

import charset_normalizer
import trafilatura
import urllib3
from django.conf import settings

from imports.attribution import DATELINE
from imports.plaintext import (
    BYLINE,
    DATE_LINE,
    END_MARKERS,
    FURNITURE,
    MIN_PROSE_WORDS,
    SENTENCE_END,
    is_prose,
    normalise_text,
    parse_byline,
    unwrap,
)
from project import http

HTML_TYPES = {"text/html", "application/xhtml+xml"}
TEXT_TYPES = {"text/plain"}
USER_AGENT = "Crosscheck-importer/1.0 (fact-checking; +https://github.com/crosscheck)"


class CaptureError(ValueError):
    """Input that cannot become a snapshot; the message says why in one line."""


@dataclass
class Captured:
    """Article text with what the input said about itself."""

    text: str
    raw: str
    media_type: str
    title: str = ""
    authors: list[str] = field(default_factory=list)
    published_on: date | None = None
    updated_on: date | None = None
    site_name: str = ""
    url: str = ""
    place: str = ""  # the dateline's place ("VLADIVOSTOK"), when the article opens with one


# --- Decoding -----------------------------------------------------------------------------------

def decode(data: bytes, charset: str | None = None, *, name: str = "input") -> str:
    """Decode bytes as text, refusing binary files (NUL bytes or no plausible encoding)."""
    if b"\x00" in data[:8192]:
        raise CaptureError(f"{name} is a binary file, not text or HTML")
    for encoding in filter(None, (charset, "utf-8")):
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise CaptureError(f"{name} is a binary file, not text or HTML")
    return str(best)


def looks_like_html(text: str) -> bool:
    """Tell HTML from plain text by its first tags."""
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or bool(
        re.search(r"<(html|head|body|article|p|div)[\s>]", head)
    )


# --- HTML -----------------------------------------------------------------------------------------

def from_html(html: str, *, url: str = "") -> Captured:
    """Extract the main text and metadata of an HTML page."""
    if not html.strip():
        raise CaptureError("the HTML is empty")
    try:
        # trafilatura's own defaults (tables kept) keep what its evaluation expects; favouring precision
        # lost a tenth of the article text on its evaluation pages. Comments are not the article.
        document = trafilatura.bare_extraction(
            strip_server_warnings(html), url=url or None, with_metadata=True, include_comments=False,
            include_tables=True,
        )
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        raise CaptureError(f"the HTML could not be read: {exc}") from exc
    text = normalise_text(strip_server_warnings(document.text if document is not None and document.text else ""))
    if not _has_prose(text):
        raise CaptureError("no article text found in the HTML: no paragraph reads as prose")
    authors = [a.strip() for a in re.split(r";|\band\b", document.author or "") if a.strip()]
    text, byline_authors = _take_byline(text)
    text, place = _take_dateline(text)
    return Captured(
        text=text, raw=html, media_type="text/html", title=(document.title or "").strip(),
        authors=authors or byline_authors, published_on=_parse_date(document.date),
        site_name=(document.sitename or "").strip(), url=url, place=place,
    )


# PHP and other servers print warnings before the page when they fail half-way:
# "<b>Warning</b>:  include(header.php): failed to open stream … on line <b>12</b><br />".
_SERVER_WARNING = re.compile(
    r"\A(?:\s*(?:<br\s*/?>)?\s*(?:<b>)?(?:PHP\s+)?(?:Warning|Notice|Deprecated|Strict Standards|Fatal error|"
    r"Parse error)(?:</b>)?:[^\n]*?(?:on line\s*(?:<b>)?\d+(?:</b>)?|$)[^\S\n]*(?:<br\s*/?>)?[^\S\n]*\n?)+",
    re.IGNORECASE | re.MULTILINE)


def strip_server_warnings(text: str) -> str:
    """Drop the server warnings a page starts with (a PHP "Warning: … on line 12"), keeping the rest."""
    return _SERVER_WARNING.sub("", text, count=1)


def _has_prose(text: str) -> bool:
    """Say whether any paragraph reads as prose, hard-wrapped or written without spaces (Chinese, Japanese).

    An extractor's paragraph may run on past its last sentence (a caption glued to it), so a paragraph
    with enough words and a sentence end anywhere in it counts.
    """
    return any(is_prose(paragraph) or (len(paragraph.split()) >= MIN_PROSE_WORDS
                                        and re.search(r"[.!?][\"”’)\]]*\s", paragraph))
               for paragraph in unwrap(text).split("\n"))


def _take_byline(text: str) -> tuple[str, list[str]]:
    """Take a byline ("By Jane Doe and John Roe") from the first lines of the text, as the authors."""
    lines = text.split("\n")
    for index, line in enumerate(lines[:4]):
        authors = parse_byline(line)
        if authors:
            rest = lines[:index] + lines[index + 1:]
            return normalise_text("\n".join(rest)), authors
    return text, []


def _take_dateline(text: str) -> tuple[str, str]:
    """Return the place of a dateline opening the first paragraph ("VLADIVOSTOK —"); the text stays as it is."""
    for line in text.split("\n")[:6]:
        match = DATELINE.match(line)
        if match and is_prose(line):
            return text, match["place"].strip().rstrip(",")
    return text, ""


def _parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def from_text(raw: str, *, title: str = "") -> Captured:
    """Keep the article in pasted or plain text: the run of prose between the page's furniture.

    Prose lines (long, ending like a sentence) mark the article; short lines between two of them
    (headings, one-line paragraphs) stay; everything before the first and after the last prose
    line, and every line after an end marker ("See Also", "You Might Also Like"), goes.
    """
    lines = unwrap(normalise_text(strip_server_warnings(normalise_text(raw)))).split("\n")
    if not any(line.strip() for line in lines):
        raise CaptureError("the text is empty")
    end = len(lines)
    prose = [i for i, line in enumerate(lines) if is_prose(line) and not FURNITURE.match(line)]
    first_prose = prose[0] if prose else 0
    for i, line in enumerate(lines):
        if i > first_prose and END_MARKERS.match(line):
            end = i
            break
    prose = [i for i in prose if i < end]
    if not prose:
        raise CaptureError("no article text found: the text has no sentences, only page furniture")
    header = lines[: prose[0]]
    kept = [line for line in lines[prose[0]: prose[-1] + 1] if not FURNITURE.match(line)]
    text = normalise_text("\n\n".join(line for line in kept if line))
    authors, published, updated = [], None, None
    for line in header:
        if byline := parse_byline(line):
            authors.extend(byline)
        elif dated := DATE_LINE.match(line):
            if dated["updated"]:
                updated = updated or _month_date(dated["date"])
            else:
                published = published or _month_date(dated["date"])
    if not authors:
        text, authors = _take_byline(text)
    return Captured(
        text=text, raw=raw, media_type="text/plain", title=title or _guess_title(header, kept),
        authors=authors, published_on=published, updated_on=updated, place=_take_dateline(text)[1],
    )


def _month_date(text: str) -> date | None:
    from datetime import datetime

    try:
        return datetime.strptime(" ".join(text.split()), "%B %d, %Y").date()
    except ValueError:
        return None


def _guess_title(header: list[str], body: list[str]) -> str:
    """Pick the heading repeated in the page header, else the first heading-like line."""
    def heading(line: str) -> bool:
        words = len(line.split()) + len(re.findall("[\u4e00-\u9fff]", line)) // 2  # Chinese writes no spaces
        return 3 <= words <= 20 and not SENTENCE_END.search(line) and not FURNITURE.match(line) \
            and not BYLINE.match(line) and not DATE_LINE.match(line)

    candidates = [line for line in header if heading(line)]
    repeated = [line for line in candidates if candidates.count(line) > 1]
    if repeated:
        return repeated[0]
    for line in body[:6] + candidates:
        if heading(line):
            return line
    first = (body or header or [""])[0]
    return first[:120].rsplit(" ", 1)[0] + "…" if len(first) > 120 else first


def from_bytes(data: bytes, *, name: str = "input", media_type: str = "", url: str = "", title: str = "") -> Captured:
    """Capture a file or a fetched body: HTML by its type or its first tags, otherwise text."""
    if not data.strip():
        raise CaptureError(f"{name} is empty")
    text = decode(data, name=name)
    if media_type in HTML_TYPES or (not media_type and looks_like_html(text)):
        captured = from_html(text, url=url)
        if title:
            captured.title = title
        return captured
    captured = from_text(text, title=title)
    captured.url = url
    return captured


# --- Fetching -------------------------------------------------------------------------------------

def fetch(url: str) -> Captured:
    """Fetch ``url`` and capture it, following at most a few redirects, within time and size limits."""
    url = url.strip()
    limit = settings.CROSSCHECK_IMPORT_MAX_BYTES
    timeout = settings.CROSSCHECK_IMPORT_TIMEOUT
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9"}
    deadline = time.monotonic() + timeout * 3  # a server dripping bytes cannot hold an import forever
    current = url
    for _hop in range(settings.CROSSCHECK_IMPORT_MAX_REDIRECTS + 1):
        try:
            response = http.send("GET", current, allow_private=settings.CROSSCHECK_IMPORT_ALLOW_PRIVATE_ADDRESSES,
                                 timeout=timeout, headers=headers, stream=True)
        except http.OutboundError as exc:
            raise CaptureError(str(exc)) from exc
        try:
            if response.status in {301, 302, 303, 307, 308}:
                location = response.headers.get("Location")
                if not location:
                    raise CaptureError(f"{current} redirected without a Location")
                current = urljoin(current, location)
                continue
            media_type, charset, body = _accept(response, current, limit, deadline)
        finally:
            response.release_conn()
        text = decode(body, charset, name=current)
        if media_type in HTML_TYPES:
            return from_html(text, url=current)
        captured = from_text(text)
        captured.url = current
        return captured
    raise CaptureError(f"{url} redirected more than {settings.CROSSCHECK_IMPORT_MAX_REDIRECTS} times")


def _accept(response, url: str, limit: int, deadline: float) -> tuple[str, str | None, bytes]:
    """Check a final answer's status, type and size, and read its body."""
    if response.status != 200:
        raise CaptureError(f"{url} answered HTTP {response.status} {response.reason or ''}".strip())
    media_type, charset = _content_type(response.headers.get("Content-Type", ""))
    if media_type not in HTML_TYPES | TEXT_TYPES:
        raise CaptureError(f"{url} is {media_type or 'of no stated type'}, not HTML or text")
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise CaptureError(f"{url} is {int(declared):,} bytes, over the {limit:,}-byte limit")
    return media_type, charset, _read_capped(response, limit, deadline, url)


def _read_capped(response, limit: int, deadline: float, url: str) -> bytes:
    chunks, size = [], 0
    try:
        for chunk in response.stream(64 * 1024):
            size += len(chunk)
            if size > limit:
                raise CaptureError(f"{url} is over the {limit:,}-byte limit")
            if time.monotonic() > deadline:
                raise CaptureError(f"{url} took too long to send its page")
            chunks.append(chunk)
    except urllib3.exceptions.TimeoutError as exc:
        raise CaptureError(f"{url} stopped sending within {settings.CROSSCHECK_IMPORT_TIMEOUT:g} s") from exc
    except urllib3.exceptions.HTTPError as exc:
        raise CaptureError(f"{url} broke off the download: {http.reason(exc)}") from exc
    return b"".join(chunks)


def _content_type(header: str) -> tuple[str, str | None]:
    media_type, _, params = header.partition(";")
    charset = re.search(r"charset=[\"']?([\w.:-]+)", params, re.IGNORECASE)
    return media_type.strip().lower(), charset[1] if charset else None
