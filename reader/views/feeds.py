"""The Atom feed of published claims, corrections and conflicts opened, decided or closed, and the site icon."""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple
from urllib.parse import urljoin, urlparse

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed

from claims import selectors
from claims.models import ChangeEvent, Claim, Review
from pagecache import cachetags
from pagecache.answers import record
from project.site import site_url


class ClaimFeed(Feed):
    """Atom feed of published claims, public corrections and conflicts' changes (RFC 4287: ids are tag: URIs)."""

    feed_type = Atom1Feed
    title = "Crosscheck: published claims, corrections and conflicts"
    subtitle = "Claims checked by the newsroom, every public correction, and disagreements opened, decided or closed."
    item_guid_is_permalink = False

    def get_object(self, request, *args, **kwargs):
        # The site's address names the feed's tag: URIs; passed along rather than kept on the shared instance.
        return site_url()

    # Links are absolute on the same address as the ids and as webhooks' (CROSSCHECK_SITE_URL): Django
    # would otherwise put the request's host on them, and a feed fetched through an internal name or a
    # CDN origin would link readers there.
    def link(self, site):
        return urljoin(site, reverse("claim-list"))

    def feed_url(self, site):
        return urljoin(site, reverse("feed"))

    def feed_guid(self, site):
        return f"tag:{_host(site)},{FEED_TAG_DATE}:feed"

    def author_name(self):
        return settings.CROSSCHECK_PUBLISHER_NAME

    def author_link(self, site):
        return settings.CROSSCHECK_PUBLISHER_URL or site

    def items(self, site):
        host = _host(site)
        record(cachetags.LIST_CLAIMS, cachetags.LIST_CONFLICTS)
        claims = list(
            selectors.public_claims().select_related("metric").order_by("-last_approved_at")[:30]
        )
        items = [FeedItem("claim", claim.last_approved_at, claim, None, host, site) for claim in claims]
        reviews = list(selectors.public_corrections().filter(is_correction=True).select_related("claim")
                       .order_by("-created_at")[:30])
        items += [FeedItem("correction", review.created_at, review.claim, review, host, site) for review in reviews]
        items += _conflict_items(host, site)
        return sorted(items, key=lambda item: item.when, reverse=True)[:50]

    def item_title(self, item):
        if item.kind == "conflict":
            return f"{item.event.get_kind_display()}: {item.event.conflict.title}"
        if item.kind == "correction":
            return f"Correction: {item.claim.statement}"
        return f"{item.claim.check_label}: {item.claim.statement}"

    def item_description(self, item):
        if item.kind == "conflict":
            return item.event.public_note
        if item.kind == "correction":
            return item.review.public_note
        return f"Verdict: {item.claim.get_verdict_display()}. {item.claim.stated_figure}".strip()

    def item_link(self, item):
        if item.kind == "conflict":
            # A closed conflict's page is gone for readers: its entry links to the list of conflicts.
            return urljoin(item.site, reverse("conflict-detail", args=[item.event.conflict_id]) if item.shown
                           else reverse("conflict-list"))
        return urljoin(item.site, reverse("claim-detail", args=[item.claim.slug]))

    def item_guid(self, item):
        if item.kind == "conflict":
            return f"tag:{item.host},{FEED_TAG_DATE}:conflict-{item.event.conflict_id}/event-{item.event.pk}"
        # One id per publication or correction, stable across renders: tag:host,date:claim-42/correction-7.
        which = f"correction-{item.review.pk}" if item.review else f"published-{item.when:%Y%m%dT%H%M%S%fZ}"
        return f"tag:{item.host},{FEED_TAG_DATE}:claim-{item.claim.pk}/{which}"

    def item_pubdate(self, item):
        return item.when

    def item_updateddate(self, item):
        return item.when


# The date in the feed's tag: URIs (RFC 4151): any day the site's host name was the newsroom's.
FEED_TAG_DATE = "2024"


def _host(site: str) -> str:
    return urlparse(site).hostname or "localhost"


class FeedItem(NamedTuple):
    kind: str
    when: object
    claim: Claim | None
    review: Review | None
    host: str
    site: str
    event: ChangeEvent | None = None
    shown: bool = True  # a conflict event's conflict: do readers still see it


def _conflict_items(host: str, site: str) -> list[FeedItem]:
    """Return the latest conflict events of the change feed (recorded only for what readers saw)."""
    events = list(ChangeEvent.objects.filter(kind__in=ChangeEvent.CONFLICT_KINDS).select_related("conflict")
                  .order_by("-id")[:30])
    shown = set(selectors.public_conflict_rows().filter(pk__in={e.conflict_id for e in events})
                .values_list("pk", flat=True))
    return [FeedItem("conflict", e.created_at, None, None, host, site, e, e.conflict_id in shown) for e in events]


def favicon(request):
    """Serve the site icon at /favicon.ico, where browsers and feed readers look for it."""
    response = HttpResponse(FAVICON_PATH.read_bytes(), content_type="image/x-icon")
    patch_cache_control(response, public=True, max_age=7 * 24 * 3600)
    return response


FAVICON_PATH = Path(settings.BASE_DIR) / "static" / "favicon.ico"
