"""What the reader pages share: paginators that avoid counting, cache headers, claim cards."""
from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property

from claims import selectors
from pagecache.answers import record
from project.prepared import Prepared
from reader.views.rows import ClaimRow, Row, split

PAGE_SIZE = 20


class CountedPaginator(Paginator):
    """Pages over a list whose length is known already (``selectors.public_totals``): no COUNT(*)."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # the cached_property's slot


class CappedPaginator(Paginator):
    """Pages over the first ``cap`` matches, counting no further (``capped`` says when there are more)."""

    def __init__(self, object_list, per_page, *, cap: int):
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def _matches(self) -> int:
        return self.object_list.order_by().values("pk")[:self.cap + 1].count()  # no annotation (a rank) computed

    @cached_property
    def count(self) -> int:
        return min(self._matches, self.cap)

    @property
    def capped(self) -> bool:
        return self._matches > self.cap


def _public_response(response):
    """Let browsers and shared caches keep public pages briefly.

    Validation is by ETag only (ConditionalGetMiddleware hashes the page): a page also shows other
    rows (conflicts, agreeing claims), so one row's Last-Modified could let a cache keep a stale page.
    """
    patch_cache_control(response, public=True, max_age=settings.CROSSCHECK_PAGE_MAX_AGE)
    return response


# What a claim card shows (reader/_claim_card.html), and all a list reads of each claim.
CARD_COLUMNS = ("id", "slug", "statement", "verdict", "status", "last_approved_at", "value", "unit", "qualifier",
                "count_noun", "figure_text")
# Each card's evidence (its first source is shown) and its open-disagreement badge, read as values
# through compiled queries (project.prepared) for the page's claims: a prefetch of the shown claims'
# memberships, not an EXISTS per row (PostgreSQL planned that as one hash of every open public
# conflict's members, which grows with the corpus).
_CARD_EVIDENCE = Prepared(lambda ids: selectors.approved_evidence().filter(claim_id__any=ids).order_by(
    F("source__published_on").asc(nulls_last=True), "id").values(
    "claim_id", "source_id", "source__slug", "source__title", "source__published_on", "source__publisher_id",
    "source__publisher__name"), ids=list)
_CARD_BADGES = Prepared(lambda ids: selectors.open_public_conflict_members().filter(claim_id__any=ids)
                        .values("claim_id", "conflict_id"), ids=list)


def _cards(claims, *annotations: str):
    """Return claims as list cards read them: only the columns a card shows (and ``annotations``), as values.

    ``card_rows`` adds each card's evidence and badge to the rows read.
    """
    return claims.values(*CARD_COLUMNS, *annotations)


def card_rows(rows) -> list[ClaimRow]:
    """Shape card rows with their first source and open-disagreement badge, in two queries at most.

    Of each piece of evidence only its source's address, title, publisher and date are read; the
    answer is tagged with every row shown (values rows tag nothing by themselves).
    """
    cards = [ClaimRow(row) for row in rows]
    if not cards:
        return cards
    ids = [card.id for card in cards]
    by_id = {card.id: card for card in cards}
    for card in cards:
        card.shown_appearances, card.open_conflict_memberships = [], []
    evidence, badges = _CARD_EVIDENCE(ids=ids), _CARD_BADGES(ids=ids)
    tags = [f"claim:{pk}" for pk in ids]
    for row in evidence:
        source = Row(split(row, "source__") | {"id": row["source_id"]})
        source.publisher = Row({"name": source.publisher__name}) if source.publisher_id is not None else None
        by_id[row["claim_id"]].shown_appearances.append(Row({"source": source}))
        tags += [f"source:{row['source_id']}", f"publisher:{row['source__publisher_id']}"]
    for row in badges:
        by_id[row["claim_id"]].open_conflict_memberships.append(row)
        tags.append(f"conflict:{row['conflict_id']}")
    record(*(tag for tag in tags if not tag.endswith(":None")))
    return cards


def _moved_or_missing(model, view_name: str, slug: str):
    """Answer an address readers once used with a 301 to where the page lives now, or 404."""
    moved = selectors.moved_address(model, slug)
    if moved is None:
        raise Http404("No page here.")
    return _public_response(HttpResponsePermanentRedirect(reverse(view_name, args=[moved])))
