"""The REST API: published data for everyone, drafts and workflow actions for staff, through the services.

What each client may read comes from ``claims.selectors``; every write goes through ``claims.services``.
"""
from api.views.auth import TokenView
from api.views.claims import ClaimViewSet, claim_queryset
from api.views.common import etag_of
from api.views.conflicts import ConflictViewSet
from api.views.evidence import AppearanceViewSet
from api.views.exports import ChangeFeedView, claimreview_feed, claims_csv, spreadsheet_safe
from api.views.reference import AliasViewSet, EntityViewSet, MetricViewSet, PublisherViewSet, SourceViewSet

__all__ = ["AliasViewSet", "AppearanceViewSet", "ChangeFeedView", "ClaimViewSet", "ConflictViewSet", "EntityViewSet",
           "MetricViewSet", "PublisherViewSet", "SourceViewSet", "TokenView", "claim_queryset", "claimreview_feed",
           "claims_csv", "etag_of", "spreadsheet_safe"]
