"""Claims: published ones for everyone, drafts and workflow steps for staff, through the services."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.settings import api_settings

from api import flat
from api import serializers as s
from api.errors import Withdrawn
from api.filters import ClaimFilter
from api.idempotency import IdempotentPostMixin
from api.jsonld import CLAIM_REVIEW
from api.pages import ClaimPage
from api.renderers import DefaultMediaTypeNegotiation, JSONLDRenderer, JSONRenderer
from api.views.common import (
    IF_MATCH,
    ErrorsAsJSONMixin,
    ETagMixin,
    PublicReadCacheMixin,
    claimreview_claims,
    etag_of,
    is_staff_reader,
)
from claims import selectors, services
from claims.claimreview import claim_review
from claims.models import Claim

UNFILTERED = {"cursor", "page_size"}  # the paginator's own parameters
PLAIN_ACCEPT = {"*/*", "application/json"}


def claim_queryset(request):
    """Claims this client may read, with everything the serializer shows, in a fixed number of queries."""
    user = request.user
    return selectors.claims_for(user).select_related("metric", "claimant").prefetch_related(
        "subjects",
        Prefetch("appearances", queryset=selectors.evidence_for(user).select_related("source__publisher")
                 .order_by("id")),
        Prefetch("conflict_memberships", to_attr="open_memberships",
                 queryset=selectors.open_conflict_members_for(user)),
    )


def _missing(pk):
    """Say why a claim is not there: withdrawn (410, with its public note) or never readable (404)."""
    withdrawal = selectors.withdrawal_of(pk)
    return NotFound("No Claim matches the given query.") if withdrawal is None else Withdrawn(withdrawal)


class ClaimViewSet(ErrorsAsJSONMixin, IdempotentPostMixin, PublicReadCacheMixin, ETagMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                   mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Claims. Anonymous clients read published claims (as last approved); staff read and write drafts."""
    lookup_value_regex = "[0-9]+"  # other ids never reach the database: they are a JSON 404

    serializer_class = s.ClaimSerializer
    filterset_class = ClaimFilter
    ordering_fields = ["published_at", "updated_at", "id"]
    queryset = Claim.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]
    service_checked_actions = {"submit", "approve", "request_changes", "reject", "reopen", "withdraw"}

    read_serializer_class = s.ClaimSerializer

    def get_queryset(self):
        return claim_queryset(self.request)

    def perform_content_negotiation(self, request, force=False):
        # A read that asks for JSON or anything (most of the API's traffic) gets what DRF's negotiation
        # would choose, without building every renderer and parsing the header; anything else negotiates.
        if (self.action in {"list", "retrieve"} and request.META.get("HTTP_ACCEPT", "*/*") in PLAIN_ACCEPT
                and self.renderer_classes[0] is JSONRenderer and not self.format_kwarg and api_settings.URL_FORMAT_OVERRIDE not in request.query_params):
            return JSONRenderer(), JSONRenderer.media_type
        return super().perform_content_negotiation(request, force)

    def shown(self, claim):
        return selectors.for_reader(self.request.user, [claim])[0]

    def representation(self, instance) -> dict:
        # Staff read a published claim's correction drafted aside, in answers to writes as in reads.
        return super().representation(self.shown(instance))

    def get_serializer_class(self):
        return s.ClaimWriteSerializer if self.action in {"create", "partial_update", "update"} else s.ClaimSerializer

    def list(self, request, *args, **kwargs):
        return self._from_cache(request, lambda: self._list(request))

    def _list(self, request):
        # The flat read path (api.flat): the serializer's output from .values() rows; an unfiltered
        # list's page from SQL compiled once (api.pages), where no filter or ordering could apply.
        if request.query_params.keys() <= UNFILTERED:
            rows = self.paginate_queryset(ClaimPage(request.user))
        else:
            rows = self.paginate_queryset(
                self.filter_queryset(selectors.claims_for(request.user)).values(*flat.CLAIM_COLUMNS))
        return self.get_paginated_response(flat.represent(list(rows), user=request.user, request=request))

    def retrieve(self, request, *args, **kwargs):
        return self._from_cache(request, lambda: self._retrieve(request, kwargs[self.lookup_field]))

    def _retrieve(self, request, pk):
        rows = flat.claim_row(request.user, int(pk))
        if not rows:
            raise _missing(pk)
        data = flat.represent(rows, user=request.user, request=request)[0]
        etag = etag_of(data)
        if request.headers.get("If-None-Match") == etag:
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        return Response(data, headers={"ETag": etag})

    def get_object(self):
        return self.shown(super().get_object())

    def perform_create(self, serializer):
        data = serializer.validated_data
        return services.claim_create(
            created_by=self.request.user, subjects=data.get("subjects", []), metric=data.get("metric"),
            **{k: v for k, v in data.items() if k not in {"subjects", "metric"}},
        )

    @extend_schema(request=s.ClaimWriteSerializer, responses={201: s.ClaimSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        claim = claim_queryset(request).get(pk=self.perform_create(serializer).pk)
        response = self.written(self.representation(claim))
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(parameters=[IF_MATCH], request=s.ClaimWriteSerializer, responses=s.ClaimSerializer)
    def partial_update(self, request, *args, **kwargs):
        claim = get_object_or_404(Claim, pk=kwargs["pk"])
        self.check_object_permissions(request, claim)
        self.check_if_match(claim.pk)
        serializer = s.ClaimWriteSerializer(claim, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        extra = {"subjects": data.pop("subjects")} if "subjects" in data else {}
        services.claim_update(claim=claim, user=request.user, expected_updated_at=claim.updated_at, **data, **extra)
        return self.written(self.representation(claim_queryset(request).get(pk=claim.pk)))

    @extend_schema(parameters=[IF_MATCH], request=s.ClaimWriteSerializer, responses=s.ClaimSerializer)
    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    def _transition(self, request, pk, action_name):
        claim = get_object_or_404(claim_queryset(request), pk=pk)
        self.check_if_match(pk)
        body = s.TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        review = services.claim_transition(claim=claim, action=action_name, user=request.user,
                                           expected_updated_at=claim.updated_at, **body.validated_data)
        data = self.representation(claim_queryset(request).get(pk=pk))
        return Response({"review": s.ReviewSerializer(review).data, "claim": data}, headers={"ETag": etag_of(data)})

    def _transition_action(name, url_path):  # noqa: N805 - builds one @action per workflow step
        def step(self, request, pk=None):
            return self._transition(request, pk, name)

        # @action records the function's name as it decorates, so name it first.
        step.__name__ = name
        step.__doc__ = f"Workflow: {name.replace('_', ' ')}, with the same rules as the admin."
        result = inline_serializer(f"{name.title().replace('_', '')}Result",
                                   {"review": s.ReviewSerializer(), "claim": s.ClaimSerializer()})
        step = action(detail=True, methods=["post"], url_path=url_path, url_name=url_path)(step)
        return extend_schema(request=s.TransitionSerializer, parameters=[IF_MATCH], responses=result)(step)

    submit = _transition_action("submit", "submit")
    approve = _transition_action("approve", "approve")
    request_changes = _transition_action("request_changes", "request-changes")
    reject = _transition_action("reject", "reject")
    reopen = _transition_action("reopen", "reopen")
    withdraw = _transition_action("withdraw", "withdraw")

    # JSON-LD unless the client asks only for plain JSON (the same document).
    @extend_schema(responses={(200, "application/ld+json"): CLAIM_REVIEW, (200, "application/json"): CLAIM_REVIEW})
    @action(detail=True, methods=["get"], renderer_classes=[JSONLDRenderer, JSONRenderer],
            content_negotiation_class=DefaultMediaTypeNegotiation)
    def claimreview(self, request, pk=None):
        """The claim as schema.org ClaimReview JSON-LD, as its reader page embeds it."""
        claim = claimreview_claims().filter(pk=pk).first()
        if claim is None:
            raise _missing(pk)
        review = claim_review(claim)
        if review is None:
            raise NotFound("This claim is not rated yet, so it has no ClaimReview.")
        return Response(review)

    @extend_schema(responses=s.ReviewSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def reviews(self, request, pk=None):
        """The workflow log (staff only)."""
        claim = get_object_or_404(selectors.claims_for(request.user), pk=pk)
        if not is_staff_reader(request):
            raise NotFound()
        return Response(s.ReviewSerializer(claim.reviews.select_related("actor"), many=True).data)
