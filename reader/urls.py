from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from pagecache.answers import cached_page
from reader import views
from reader.sitemaps import SITEMAPS

urlpatterns = [
    path("", cached_page(views.home), name="home"),
    path("claims/", cached_page(views.claim_list), name="claim-list"),
    path("claims/<slug:slug>/", cached_page(views.claim_detail), name="claim-detail"),
    path("sources/<slug:slug>/", cached_page(views.source_detail), name="source-detail"),
    path("entities/<slug:slug>/", cached_page(views.entity_detail), name="entity-detail"),
    path("conflicts/", cached_page(views.conflict_list), name="conflict-list"),
    path("conflicts/<int:pk>/", cached_page(views.conflict_detail), name="conflict-detail"),
    path("methodology/", cached_page(views.methodology), name="methodology"),
    # Not cached: the form carries a CSRF token, and a post must reach the view.
    path("report/", views.report, name="report"),
    path("report/thanks/", views.report_thanks, name="report-thanks"),
    path("feed/", cached_page(views.ClaimFeed()), name="feed"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sitemap.xml", cached_page(sitemap_views.index), {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
         name="sitemap"),
    path("sitemap-<section>.xml", cached_page(sitemap_views.sitemap), {"sitemaps": SITEMAPS},
         name="sitemap-section"),
]
