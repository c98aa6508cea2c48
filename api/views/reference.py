"""Sources, publishers, entities, aliases and metrics, written through the reference services."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from api import serializers as s
from api.filters import EntityFilter, SourceFilter
from api.idempotency import IdempotentPostMixin
from api.views.common import IF_MATCH, ETagMixin
from claims import selectors, services


class ReferenceViewSet(IdempotentPostMixin, ETagMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Reference data staff create and edit but never delete (sources, publishers, entities, metrics).

    Writes go through ``services.reference_save``, which decides who may change what readers see.
    """

    lookup_value_regex = "[0-9]+"  # other ids never reach the database: they are a JSON 404
    http_method_names = ["get", "post", "patch", "head", "options"]
    readable = None  # a selectors function: what a client may read

    def get_queryset(self):
        return type(self).readable(self.request.user).order_by("pk")

    def perform_create(self, serializer):
        instance = serializer.Meta.model(**serializer.validated_data)
        serializer.instance = services.reference_save(instance=instance, user=self.request.user)

    def perform_update(self, serializer):
        instance = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(instance, name, value)
        services.reference_save(instance=instance, user=self.request.user)

    @extend_schema(parameters=[IF_MATCH])
    def partial_update(self, request, *args, **kwargs):
        instance = self.get_object()
        with self.if_match_under_lock(instance.pk):
            instance.refresh_from_db()  # the values the lock protects, not the ones read before it
            serializer = self.get_serializer(instance, data=request.data, partial=True)
            serializer.is_valid(raise_exception=True)
            self.perform_update(serializer)
        return self.written(self.representation(self.get_queryset().get(pk=instance.pk)))

    @extend_schema(parameters=[IF_MATCH])
    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)


class PublisherViewSet(ReferenceViewSet):
    serializer_class = s.PublisherSerializer
    readable = selectors.publishers_for


class SourceViewSet(ReferenceViewSet):
    serializer_class = s.SourceSerializer
    filterset_class = SourceFilter
    readable = selectors.sources_for

    def get_queryset(self):
        return super().get_queryset().select_related("publisher")


class EntityViewSet(ReferenceViewSet):
    serializer_class = s.EntitySerializer
    filterset_class = EntityFilter
    readable = selectors.entities_for

    def get_queryset(self):
        return super().get_queryset().prefetch_related(
            Prefetch("aliases", queryset=selectors.aliases_for(self.request.user)))

    def list(self, request, *args, **kwargs):
        if not request.query_params.get("q", "").strip():
            return super().list(request, *args, **kwargs)
        # A ranked search is one page of the best matches: cursor pages would re-sort them by id.
        size = self.paginator.get_page_size(request)
        found = self.filter_queryset(self.get_queryset())[:size]
        return Response({"next": None, "previous": None,
                         "results": self.get_serializer(found, many=True).data})


class AliasViewSet(mixins.DestroyModelMixin, ReferenceViewSet):
    """Other names of entities, under the same rules as other reference data (and deletable while unseen)."""

    serializer_class = s.EntityAliasSerializer
    readable = selectors.aliases_for
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    @extend_schema(parameters=[IF_MATCH])
    def destroy(self, request, *args, **kwargs):
        alias = self.get_object()
        with self.if_match_under_lock(alias.pk):
            services.reference_delete(instance=alias, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MetricViewSet(ReferenceViewSet):
    serializer_class = s.MetricSerializer
    readable = selectors.metrics_for
