from django.urls import path

from claims import views

urlpatterns = [
    path("", views.home, name="home"),
    path("claims/", views.claim_list, name="claim-list"),
    path("claims/<slug:slug>/", views.claim_detail, name="claim-detail"),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
    path("entities/<slug:slug>/", views.entity_detail, name="entity-detail"),
    path("conflicts/", views.conflict_list, name="conflict-list"),
    path("conflicts/<int:pk>/", views.conflict_detail, name="conflict-detail"),
    path("methodology/", views.methodology, name="methodology"),
    path("feed/", views.ClaimFeed(), name="feed"),
]
