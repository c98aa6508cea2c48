"""The Atom feed of published claims and corrections, and the site icon."""
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
from claims.models import Claim, Review
from pagecache import cachetags
from pagecache.answers import record
from project.site import absolute


class ClaimFeed(Feed):
    """Atom feed of newly published claims and public corrections (RFC 4287: ids are tag: URIs)."""

    feed_type = Atom1Feed
    title = "Crosscheck: published claims and corrections"
    subtitle = "Claims checked by the newsroom, and every public correction."
    item_guid_is_permalink = False

    def get_object(self, request, *args, **kwargs):
        # The site's address names the feed's tag: URIs; passed along rather than kept on the shared instance.
        return absolute("/", request)

    # Links are absolute on the same address as the ids (CROSSCHECK_SITE_URL, else the request's host):
    # Django would otherwise put the request's host on them, and a feed fetched through an internal
    # name or a CDN origin would link readers there.
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
        record(cachetags.LIST_CLAIMS)
        claims = list(
            selectors.public_claims().select_related("metric").order_by("-last_approved_at")[:30]
        )
        items = [FeedItem("claim", claim.last_approved_at, claim, None, host, site) for claim in claims]
        reviews = list(selectors.public_corrections().filter(is_correction=True).select_related("claim")
                       .order_by("-created_at")[:30])
        items += [FeedItem("correction", review.created_at, review.claim, review, host, site) for review in reviews]
        return sorted(items, key=lambda item: item.when, reverse=True)[:50]

    def item_title(self, item):
        if item.kind == "correction":
            return f"Correction: {item.claim.statement}"
        return f"{item.claim.check_label}: {item.claim.statement}"

    def item_description(self, item):
        if item.kind == "correction":
            return item.review.public_note
        return f"Verdict: {item.claim.get_verdict_display()}. {item.claim.stated_figure}".strip()

    def item_link(self, item):
        return urljoin(item.site, reverse("claim-detail", args=[item.claim.slug]))

    def item_guid(self, item):
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
    claim: Claim
    review: Review | None
    host: str
    site: str


def favicon(request):
    """Serve the site icon at /favicon.ico, where browsers and feed readers look for it."""
    response = HttpResponse(FAVICON_PATH.read_bytes(), content_type="image/x-icon")
    patch_cache_control(response, public=True, max_age=7 * 24 * 3600)
    return response


FAVICON_PATH = Path(settings.BASE_DIR) / "static" / "favicon.ico"
