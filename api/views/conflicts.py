"""Conflicts: comparable claims whose figures cannot both be true, and editors' decisions on them."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action

from api import serializers as s
from api.filters import ConflictFilter
from api.idempotency import IdempotentPostMixin
from api.views.common import IF_MATCH, ETagMixin
from claims import selectors, services
from claims.conflicts import conflict_sides
from claims.models import Conflict


class ConflictViewSet(IdempotentPostMixin, ETagMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Conflicts between claims; editors explain, resolve or reopen them."""
    lookup_value_regex = "[0-9]+"  # other ids never reach the database: they are a JSON 404

    serializer_class = s.ConflictSerializer
    queryset = Conflict.objects.none()
    filterset_class = ConflictFilter
    service_checked_actions = {"resolve", "explain", "reopen"}

    def get_queryset(self):
        return selectors.conflicts_for(self.request.user)

    def representation(self, conflict) -> dict:
        members = list(conflict.members.all())
        # Numbered on the published figures, as readers see them, before staff's drafted corrections are laid over.
        conflict.sides = conflict_sides(members, shown=lambda member: selectors.is_public_claim(member.claim))
        selectors.for_reader(self.request.user, [m.claim for m in members])
        for member in members:
            # The evidence prefetched under each claim is what this client may read (selectors.conflicts_for).
            member.claim.shown_sources = list({a.source_id: a.source for a in member.claim.appearances.all()}.values())
        return super().representation(conflict)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response([self.representation(conflict) for conflict in page])

    def _decide(self, request, pk, decide):
        conflict = get_object_or_404(self.get_queryset(), pk=pk)
        body = s.ConflictDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with self.if_match_under_lock(pk):
            decide(conflict, body.validated_data)
        return self.written(self.representation(self.get_queryset().get(pk=pk)))

    @extend_schema(request=s.ConflictDecisionSerializer, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        """Rank the claims (preferred / normal / deprecated, reasons required) and resolve."""
        return self._decide(request, pk, lambda conflict, data: services.conflict_resolve(
            conflict=conflict, note=data["note"], user=request.user,
            ranks={r["claim"]: (r["rank"], r["reason"]) for r in data["ranks"]}))

    @extend_schema(request=s.ConflictDecisionSerializer, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def explain(self, request, pk=None):
        """Both figures can stand, for the reason given."""
        return self._decide(request, pk, lambda conflict, data: services.conflict_explain(
            conflict=conflict, note=data["note"], user=request.user))

    @extend_schema(request=s.ConflictDecisionSerializer, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Reopen an explained or resolved conflict."""
        return self._decide(request, pk, lambda conflict, data: services.conflict_reopen(
            conflict=conflict, note=data["note"], user=request.user))
