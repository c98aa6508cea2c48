"""Readers' pages of sources (with their quotes marked) and entities."""
from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from claims import selectors
from claims.models import AnchorStatus, Entity
from reader.views.common import _cards, _moved_or_missing, _public_response
from sources.models import Source


def source_detail(request, slug):
    """Show a source, whether it reposts another, its public claims, and its text with quotes marked."""
    source = selectors.public_sources().select_related("publisher", "original").filter(slug=slug).first()
    if source is None:
        return _moved_or_missing(Source, "source-detail", slug)
    appearances = list(
        selectors.public_appearances().filter(source=source).select_related("claim").order_by("start_offset", "id")
    )
    snapshot = selectors.shown_snapshot(source)  # the latest capture an editor approved
    return _public_response(render(request, "reader/source_detail.html", {
        "source": source, "appearances": appearances,
        "highlighted": _highlight(snapshot.text, appearances, snapshot.pk) if snapshot else "",
        "copies": list(selectors.public_sources().filter(original=source).select_related("publisher")),
    }))


def _highlight(text: str, appearances, snapshot_id: int | None = None) -> str:
    """Escape the snapshot text and mark each quote, linked to its claim."""
    spans = []
    for appearance in appearances:
        if appearance.snapshot_id == snapshot_id and appearance.start_offset is not None \
                and appearance.anchor != AnchorStatus.MISSING:
            start, end = appearance.start_offset, appearance.end_offset  # a fuzzy anchor differs from the quote
        else:
            start = text.find(appearance.quote)
            end = start + len(appearance.quote)
        if start < 0:
            continue
        if all(end <= s or start >= e for s, e, _ in spans):
            spans.append((start, end, appearance.claim))
    out, position = [], 0
    for start, end, claim in sorted(spans, key=lambda span: span[0]):
        out.append(escape(text[position:start]))
        url = reverse("claim-detail", args=[claim.slug])
        out.append(f'<mark><a href="{escape(url)}" title="{escape(claim.statement)}">{escape(text[start:end])}</a></mark>')
        position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above


def entity_detail(request, slug):
    """Show an entity, its aliases and every public claim about it."""
    entity = selectors.public_entities().prefetch_related(
        Prefetch("aliases", queryset=selectors.public_aliases())).filter(slug=slug).first()
    if entity is None:
        return _moved_or_missing(Entity, "entity-detail", slug)
    claims = list(
        _cards(selectors.public_claims().filter(subjects=entity)).order_by("-last_approved_at", "-id")
    )
    made = list(
        _cards(selectors.public_claims().filter(claimant=entity)).order_by("-last_approved_at", "-id")
    )
    return _public_response(render(request, "reader/entity_detail.html", {
        "entity": entity, "claims": claims, "claims_made": made}))
