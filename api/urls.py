from django.urls import include, path
from rest_framework.routers import DefaultRouter

from api import views

router = DefaultRouter()
router.register("claims", views.ClaimViewSet, basename="api-claim")
router.register("sources", views.SourceViewSet, basename="api-source")
router.register("publishers", views.PublisherViewSet, basename="api-publisher")
router.register("entities", views.EntityViewSet, basename="api-entity")
router.register("aliases", views.AliasViewSet, basename="api-alias")
router.register("metrics", views.MetricViewSet, basename="api-metric")
router.register("conflicts", views.ConflictViewSet, basename="api-conflict")
router.register("appearances", views.AppearanceViewSet, basename="api-appearance")

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    path("claimreviews.jsonl", views.claimreview_feed, name="api-claimreview-feed"),
    path("claims.csv", views.claims_csv, name="api-claims-csv"),
    path("changes/", views.ChangeFeedView.as_view(), name="api-changes"),
    path("", include(router.urls)),
]
