"""Readers' pages of sources (with their quotes marked) and entities."""
from __future__ import annotations

from django.db.models import OuterRef, Prefetch, Subquery
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe

from claims import selectors
from claims.models import AnchorStatus, Entity
from pagecache.answers import record
from project.paths import path_to
from project.prepared import Prepared
from reader.views.common import _cards, _moved_or_missing, _public_response, card_rows
from sources.models import Source

# What the source page shows, read as values through compiled queries (project.prepared): which
# sources, evidence and captures readers see is still the selectors' rule, built into the SQL.
SOURCE_COLUMNS = ("id", "title", "slug", "url", "authors", "kind", "language", "published_on", "updated_at_source",
                  "date_note", "archive_url", "publisher_id", "publisher__name", "original_id", "original__slug",
                  "original__title", "original__publisher_id", "original__publisher__name")


def _source(slug):
    shown = selectors.shown_snapshots().filter(source=OuterRef("pk"))
    return selectors.public_sources().filter(slug=slug).annotate(
        shown_snapshot_id=Subquery(shown.values("id")[:1]), shown_text=Subquery(shown.values("text")[:1]),
    ).values(*SOURCE_COLUMNS, "shown_snapshot_id", "shown_text")


_SOURCE = Prepared(_source, slug=str)
_QUOTES = Prepared(lambda source_id: selectors.public_appearances().filter(source_id=source_id)
                   .order_by("start_offset", "id").values("claim_id", "quote", "quote_translation", "snapshot_id",
                                                          "start_offset", "end_offset", "anchor", "claim__slug",
                                                          "claim__statement"), source_id=int)
_COPIES = Prepared(lambda source_id: selectors.public_sources().filter(original_id=source_id)
                   .values("id", "slug", "title", "publisher_id", "publisher__name"), source_id=int)
_KINDS = dict(Source._meta.get_field("kind").flatchoices)
_LANGUAGES = dict(Source._meta.get_field("language").flatchoices)


def source_detail(request, slug):
    """Show a source, whether it reposts another, its public claims, and its text with quotes marked."""
    rows = _SOURCE(slug=slug)
    if not rows:
        return _moved_or_missing(Source, "source-detail", slug)
    source = rows[0]
    appearances, copies = _QUOTES(source_id=source["id"]), _COPIES(source_id=source["id"])
    _record_source_page(source, appearances, copies)
    source["kind_label"] = str(_KINDS.get(source["kind"], source["kind"]))
    source["language_label"] = str(_LANGUAGES.get(source["language"], source["language"]))
    text, snapshot_id = source["shown_text"], source["shown_snapshot_id"]
    return _public_response(render(request, "reader/source_detail.html", {
        "source": source, "appearances": appearances, "copies": copies,
        "highlighted": _highlight(text, appearances, snapshot_id) if snapshot_id is not None else "",
    }))


def _record_source_page(source: dict, appearances: list[dict], copies: list[dict]) -> None:
    """Tag the page with every row it shows (values rows tag nothing by themselves)."""
    record(f"source:{source['id']}", *(f"source:{row['original_id']}" for row in [source] if row["original_id"]),
           *(f"publisher:{source[key]}" for key in ("publisher_id", "original__publisher_id") if source[key]),
           *(f"claim:{row['claim_id']}" for row in appearances), *(f"source:{row['id']}" for row in copies),
           *(f"publisher:{row['publisher_id']}" for row in copies if row["publisher_id"]))


def _highlight(text: str, appearances: list[dict], snapshot_id: int | None = None) -> str:
    """Escape the snapshot text and mark each quote, linked to its claim."""
    spans = []
    for appearance in appearances:
        if appearance["snapshot_id"] == snapshot_id and appearance["start_offset"] is not None \
                and appearance["anchor"] != AnchorStatus.MISSING:
            start, end = appearance["start_offset"], appearance["end_offset"]  # a fuzzy anchor differs from the quote
        else:
            start = text.find(appearance["quote"])
            end = start + len(appearance["quote"])
        if start < 0:
            continue
        if all(end <= s or start >= e for s, e, _ in spans):
            spans.append((start, end, appearance))
    out, position = [], 0
    for start, end, appearance in sorted(spans, key=lambda span: span[0]):
        out.append(escape(text[position:start]))
        url = path_to("claim-detail", appearance["claim__slug"])
        out.append(f'<mark><a href="{escape(url)}" title="{escape(appearance["claim__statement"])}">'
                   f'{escape(text[start:end])}</a></mark>')
        position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above


def entity_detail(request, slug):
    """Show an entity, its aliases and every public claim about it."""
    entity = selectors.public_entities().prefetch_related(
        Prefetch("aliases", queryset=selectors.public_aliases())).filter(slug=slug).first()
    if entity is None:
        return _moved_or_missing(Entity, "entity-detail", slug)
    claims = card_rows(_cards(selectors.public_claims().filter(subjects=entity)).order_by("-last_approved_at", "-id"))
    made = card_rows(_cards(selectors.public_claims().filter(claimant=entity)).order_by("-last_approved_at", "-id"))
    return _public_response(render(request, "reader/entity_detail.html", {
        "entity": entity, "claims": claims, "claims_made": made}))
