"""What the reader pages share: paginators that avoid counting, cache headers, claim cards."""
from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import F, Prefetch
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property

from claims import selectors

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
CARD_COLUMNS = ("slug", "statement", "verdict", "status", "last_approved_at", "value", "unit", "qualifier",
                "count_noun", "figure_text")


def _cards(claims):
    """Shape claims for list cards: verdict, open-disagreement badge, first source and date, in fixed queries.

    Lists read only the columns a card shows (``CARD_COLUMNS``), and of each piece of evidence only
    its source's address, title, publisher and date: a page of cards compiles and reads a third of
    the columns a claim has.
    """
    # The badge is a prefetch of the shown claims' memberships, not an EXISTS per row: PostgreSQL planned
    # that as one hash of every open public conflict's members, which grows with the corpus.
    return claims.only(*CARD_COLUMNS).prefetch_related(
        Prefetch("appearances", to_attr="shown_appearances", queryset=selectors.approved_evidence().select_related(
            "source__publisher").only("claim", "source__slug", "source__title", "source__published_on",
                                      "source__publisher__name").order_by(
            F("source__published_on").asc(nulls_last=True), "id")),
        Prefetch("conflict_memberships", queryset=selectors.open_public_conflict_members().only(
            "claim", "conflict"), to_attr="open_conflict_memberships"),
    )


def _evidence_shown():
    """Approved evidence with its source, first published first (prefetched under public claims)."""
    return selectors.approved_evidence().select_related("source__publisher", "source__original").order_by(
        F("source__published_on").asc(nulls_last=True), "id")


def _moved_or_missing(model, view_name: str, slug: str):
    """Answer an address readers once used with a 301 to where the page lives now, or 404."""
    moved = selectors.moved_address(model, slug)
    if moved is None:
        raise Http404("No page here.")
    return _public_response(HttpResponsePermanentRedirect(reverse(view_name, args=[moved])))
