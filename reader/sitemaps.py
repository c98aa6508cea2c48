"""The sitemap: every public page, so search engines find verdicts; nothing unpublished."""
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from claims import selectors
from pagecache import cachetags
from pagecache.answers import record


class ClaimSitemap(Sitemap):
    changefreq = "weekly"
    limit = 10_000

    def items(self):
        record(cachetags.LIST_CLAIMS)
        return selectors.public_claims().only("slug", "last_approved_at").order_by("-last_approved_at", "-id")

    def location(self, item):
        return reverse("claim-detail", args=[item.slug])

    def lastmod(self, item):
        return item.last_approved_at


class SourceSitemap(Sitemap):
    limit = 10_000

    def items(self):
        record(cachetags.LIST_SOURCES)
        return selectors.public_sources().only("slug").order_by("slug")

    def location(self, item):
        return reverse("source-detail", args=[item.slug])


class EntitySitemap(Sitemap):
    limit = 10_000

    def items(self):
        record(cachetags.LIST_ENTITIES)
        return selectors.public_entities().only("slug").order_by("slug")

    def location(self, item):
        return reverse("entity-detail", args=[item.slug])


class ConflictSitemap(Sitemap):
    limit = 10_000

    def items(self):
        record(cachetags.LIST_CONFLICTS)
        return selectors.public_conflicts().order_by("pk").values_list("pk", flat=True)

    def location(self, item):
        return reverse("conflict-detail", args=[item])


class PageSitemap(Sitemap):
    def items(self):
        return ["home", "claim-list", "conflict-list", "methodology"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"pages": PageSitemap, "claims": ClaimSitemap, "sources": SourceSitemap, "entities": EntitySitemap,
            "conflicts": ConflictSitemap}
