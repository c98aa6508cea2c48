"""Appearances: evidence of a claim in a source, proposed and reviewed through the services."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action

from api import serializers as s
from api.filters import AppearanceFilter
from api.idempotency import IdempotentPostMixin
from api.views.common import IF_MATCH, ETagMixin
from claims import selectors, services
from claims.models import Appearance


class AppearanceViewSet(IdempotentPostMixin, ETagMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                        viewsets.GenericViewSet):
    """Where claims appear. Evidence added to a published claim waits for an editor (approve / reject)."""
    lookup_value_regex = "[0-9]+"  # other ids never reach the database: they are a JSON 404

    serializer_class = s.AppearanceSerializer
    queryset = Appearance.objects.none()
    filterset_class = AppearanceFilter
    service_checked_actions = {"approve", "reject"}

    def get_queryset(self):
        return selectors.evidence_for(self.request.user).order_by("id")

    def perform_create(self, serializer):
        serializer.instance = services.appearance_add(user=self.request.user, **serializer.validated_data)

    def _review(self, request, pk, approve: bool):
        appearance = get_object_or_404(self.get_queryset(), pk=pk)
        body = s.EvidenceReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with self.if_match_under_lock(pk):
            services.evidence_review(appearance=appearance, user=request.user, approve=approve,
                                     **body.validated_data)
        return self.written(self.representation(Appearance.objects.get(pk=pk)))

    @extend_schema(request=s.EvidenceReviewSerializer, responses=s.AppearanceSerializer, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve pending evidence (four eyes): readers see it from now on."""
        return self._review(request, pk, approve=True)

    @extend_schema(request=s.EvidenceReviewSerializer, responses=s.AppearanceSerializer, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Reject pending evidence, saying why."""
        return self._review(request, pk, approve=False)
