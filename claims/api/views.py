"""The REST API: published data for everyone, drafts and workflow actions for staff, through the services."""
import csv

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from claims import pagecache, services
from claims.api import serializers as s
from claims.api.errors import PreconditionFailed
from claims.api.filters import AppearanceFilter, ClaimFilter, ConflictFilter, SourceFilter
from claims.claimreview import claim_review
from claims.models import Appearance, Claim, ClaimStatus, Conflict, ConflictMember, Entity, Metric
from claims.readers import with_published_versions
from claims.views import _public_conflicts
from project.security import lockout_response
from sources.models import Publisher, Source

IF_MATCH = OpenApiParameter("If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
                            description="The ETag you read; a stale one answers 412 and changes nothing.")


def is_staff_reader(request) -> bool:
    """Staff with view permission read everything; everyone else reads what is public."""
    return bool(request.user.is_authenticated and request.user.is_staff and request.user.has_perm("claims.view_claim"))


class PublicReadCacheMixin:
    """Answer anonymous reads from the shared cache, under the version every visible change bumps.

    Runs inside DRF's dispatch, after authentication and throttling, so cached answers still count
    against a client's rate; the data is cached, and rendered for each request's format.
    """

    def _from_cache(self, request, produce):
        if (not settings.CROSSCHECK_PAGE_CACHE_SECONDS or request.auth is not None
                or request.user.is_authenticated):
            return produce()
        key = pagecache.key_for(request._request, kind="api")
        stored = pagecache.cache.get(key)
        if stored is not None:
            data, etag = stored
            if etag and request.headers.get("If-None-Match") == etag:
                return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
            return Response(data, headers={"ETag": etag} if etag else None)
        response = produce()
        if response.status_code == 200:
            pagecache.cache.set(key, (response.data, response.get("ETag")), settings.CROSSCHECK_PAGE_CACHE_SECONDS)
        return response

    def list(self, request, *args, **kwargs):
        return self._from_cache(request, lambda: super(PublicReadCacheMixin, self).list(request, *args, **kwargs))

    def retrieve(self, request, *args, **kwargs):
        return self._from_cache(request, lambda: super(PublicReadCacheMixin, self).retrieve(request, *args, **kwargs))


class ETagMixin:
    """Strong ETags from the row's version; conditional GET (304) and If-Match (412) for writes."""

    def etag_for(self, instance) -> str:
        stamp = getattr(instance, "updated_at", None)
        view = "staff" if is_staff_reader(self.request) else "public"
        return f'"{instance.pk}-{stamp.timestamp() if stamp else 0}-{view}"'

    def check_if_match(self, instance) -> None:
        expected = self.request.headers.get("If-Match")
        if expected and expected != "*" and expected not in {t.strip() for t in expected.split(",")} & {self.etag_for(instance)}:
            raise PreconditionFailed()

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        etag = self.etag_for(instance)
        if request.headers.get("If-None-Match") == etag:
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        return Response(self.get_serializer(instance).data, headers={"ETag": etag})

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        instance = getattr(self, "_written", None)
        if instance is not None and "ETag" not in response:
            response["ETag"] = self.etag_for(instance)
        return response


def claim_queryset(request):
    """Claims with everything the serializer shows, in a fixed number of queries."""
    claims = Claim.objects.all() if is_staff_reader(request) else Claim.objects.public()
    return claims.select_related("metric").prefetch_related(
        "subjects",
        Prefetch("appearances", queryset=Appearance.objects.select_related("source__publisher").order_by("id")),
        Prefetch("conflict_memberships", to_attr="open_memberships",
                 queryset=ConflictMember.objects.filter(conflict__status=Conflict.Status.OPEN)),
    )


class ClaimViewSet(PublicReadCacheMixin, ETagMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                   mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Claims. Anonymous clients read published claims (as last approved); staff read and write drafts."""
    lookup_value_regex = "[0-9]+"  # other ids never reach the database: they are a JSON 404

    serializer_class = s.ClaimSerializer
    filterset_class = ClaimFilter
    ordering_fields = ["published_at", "updated_at", "id"]
    queryset = Claim.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]
    service_checked_actions = {"submit", "approve", "request_changes", "reject", "reopen", "withdraw"}

    def get_queryset(self):
        return claim_queryset(self.request)

    def get_serializer_class(self):
        return s.ClaimWriteSerializer if self.action in {"create", "partial_update", "update"} else s.ClaimSerializer

    def list(self, request, *args, **kwargs):
        return self._from_cache(request, lambda: self._list(request))

    def _list(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        if not is_staff_reader(request):
            with_published_versions(page)
        return self.get_paginated_response(s.ClaimSerializer(page, many=True, context=self.get_serializer_context()).data)

    def get_object(self):
        claim = super().get_object()
        if not is_staff_reader(self.request):
            with_published_versions([claim])
        return claim

    def perform_create(self, serializer):
        data = serializer.validated_data
        self._written = services.claim_create(
            created_by=self.request.user, subjects=data.get("subjects", []), metric=data.get("metric"),
            **{k: v for k, v in data.items() if k not in {"subjects", "metric"}},
        )

    @extend_schema(request=s.ClaimWriteSerializer, responses={201: s.ClaimSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        claim = claim_queryset(request).get(pk=self._written.pk)
        return Response(s.ClaimSerializer(claim, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[IF_MATCH], request=s.ClaimWriteSerializer, responses=s.ClaimSerializer)
    def partial_update(self, request, *args, **kwargs):
        claim = get_object_or_404(Claim, pk=kwargs["pk"])
        self.check_object_permissions(request, claim)
        self.check_if_match(claim)
        serializer = s.ClaimWriteSerializer(claim, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        extra = {"subjects": data.pop("subjects")} if "subjects" in data else {}
        self._written = services.claim_update(claim=claim, user=request.user, expected_updated_at=claim.updated_at,
                                              **data, **extra)
        return Response(s.ClaimSerializer(claim_queryset(request).get(pk=claim.pk),
                                          context=self.get_serializer_context()).data)

    @extend_schema(parameters=[IF_MATCH], request=s.ClaimWriteSerializer, responses=s.ClaimSerializer)
    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    def _transition(self, request, pk, action_name):
        claim = get_object_or_404(claim_queryset(request), pk=pk)
        self.check_if_match(claim)
        body = s.TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        review = services.claim_transition(claim=claim, action=action_name, user=request.user,
                                           expected_updated_at=claim.updated_at, **body.validated_data)
        self._written = claim_queryset(request).get(pk=pk)
        return Response({"review": s.ReviewSerializer(review).data,
                         "claim": s.ClaimSerializer(self._written, context=self.get_serializer_context()).data})

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

    @extend_schema(responses={(200, "application/ld+json"): OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def claimreview(self, request, pk=None):
        """The claim as schema.org ClaimReview JSON-LD, as its reader page embeds it."""
        claim = Claim.objects.public().select_related("metric").prefetch_related(
            Prefetch("appearances", queryset=Appearance.objects.select_related("source__publisher"))).filter(pk=pk).first()
        if claim is None:
            raise NotFound()
        with_published_versions([claim])
        review = claim_review(claim, url=request.build_absolute_uri(claim.get_absolute_url()))
        if review is None:
            raise NotFound("This claim is not rated yet, so it has no ClaimReview.")
        return Response(review)

    @action(detail=True, methods=["get"])
    def reviews(self, request, pk=None):
        """The workflow log (staff only)."""
        if not is_staff_reader(request):
            raise NotFound()
        claim = get_object_or_404(Claim, pk=pk)
        return Response(s.ReviewSerializer(claim.reviews.select_related("actor"), many=True).data)


class AtomicWritesMixin:
    """Plain creates and updates in a savepoint: a refused write leaves nothing behind."""

    def perform_create(self, serializer):
        with transaction.atomic():
            super().perform_create(serializer)

    def perform_update(self, serializer):
        with transaction.atomic():
            super().perform_update(serializer)


class ReferenceViewSet(AtomicWritesMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Reference data staff create and edit but never delete (sources, publishers, entities, metrics)."""

    lookup_value_regex = "[0-9]+"  # other ids never reach the database: they are a JSON 404
    http_method_names = ["get", "post", "patch", "head", "options"]


class PublisherViewSet(ReferenceViewSet):
    serializer_class = s.PublisherSerializer
    queryset = Publisher.objects.order_by("name", "id")

    def get_queryset(self):
        if is_staff_reader(self.request):
            return Publisher.objects.all()
        return Publisher.objects.filter(sources__in=public_sources()).distinct()


def public_sources():
    """Sources readers may see: with an appearance of a public claim, or copied by such a source."""
    public = Q(appearances__claim__is_public=True) & ~Q(appearances__claim__status=ClaimStatus.WITHDRAWN)
    return Source.objects.filter(public | Q(copies__in=Source.objects.filter(public))).distinct()


class SourceViewSet(ReferenceViewSet):
    serializer_class = s.SourceSerializer
    queryset = Source.objects.none()
    filterset_class = SourceFilter

    def get_queryset(self):
        sources = Source.objects.all() if is_staff_reader(self.request) else Source.objects.filter(
            pk__in=public_sources().values("pk"))
        return sources.select_related("publisher")


class EntityViewSet(ReferenceViewSet):
    serializer_class = s.EntitySerializer
    queryset = Entity.objects.none()
    filterset_fields = ["kind"]

    def get_queryset(self):
        entities = Entity.objects.all() if is_staff_reader(self.request) else Entity.objects.filter(
            pk__in=Claim.objects.public().values("subjects"))
        return entities.prefetch_related("aliases")


class MetricViewSet(ReferenceViewSet):
    serializer_class = s.MetricSerializer
    queryset = Metric.objects.all()


class AppearanceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                        viewsets.GenericViewSet):
    """Where claims appear. New appearances go on drafts (or claims sent back) only."""
    lookup_value_regex = "[0-9]+"  # other ids never reach the database: they are a JSON 404

    serializer_class = s.AppearanceSerializer
    queryset = Appearance.objects.none()
    filterset_class = AppearanceFilter

    def get_queryset(self):
        appearances = Appearance.objects.all() if is_staff_reader(self.request) else Appearance.objects.filter(
            claim__in=Claim.objects.public())
        return appearances.order_by("id")

    def perform_create(self, serializer):
        data = serializer.validated_data
        if not data["claim"].is_editable:
            from claims.workflow import WorkflowError

            raise WorkflowError("Appearances are added to drafts or claims sent back; reopen the claim first.",
                                code="state")
        serializer.instance = services.appearance_add(user=self.request.user, **data)


class ConflictViewSet(ETagMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Conflicts between claims; editors explain, resolve or reopen them."""
    lookup_value_regex = "[0-9]+"  # other ids never reach the database: they are a JSON 404

    serializer_class = s.ConflictSerializer
    queryset = Conflict.objects.none()
    filterset_class = ConflictFilter
    service_checked_actions = {"resolve", "explain", "reopen"}

    def get_queryset(self):
        if is_staff_reader(self.request):
            return Conflict.objects.select_related("metric").prefetch_related(
                Prefetch("members", queryset=ConflictMember.objects.select_related("claim")))
        return _public_conflicts()

    def _decide(self, request, pk, decide):
        if not request.user.has_perm("claims.change_conflict"):
            raise PermissionDenied("You are not allowed to decide conflicts.")
        conflict = get_object_or_404(Conflict, pk=pk)
        self.check_if_match(conflict)
        body = s.ConflictDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        decide(conflict, body.validated_data)
        self._written = self.get_queryset().get(pk=pk)
        return Response(self.get_serializer(self._written).data)

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


def _rated_public_claims():
    return (Claim.objects.public().exclude(verdict=Claim.Verdict.NOT_YET_RATED).select_related("metric")
            .prefetch_related(Prefetch("appearances", queryset=Appearance.objects.select_related("source__publisher")))
            .order_by("id"))


def _in_chunks(queryset, size=500):
    """Iterate a queryset in primary-key chunks, with its prefetches, as published versions."""
    last = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last)[:size])
        if not chunk:
            return
        with_published_versions(chunk)
        yield from chunk
        last = chunk[-1].pk


@extend_schema(responses={(200, "application/jsonl"): OpenApiTypes.STR})
@api_view(["GET"])
@permission_classes([AllowAny])
def claimreview_feed(request):
    """Every rated, public claim as ClaimReview JSON-LD, one per line (JSON Lines)."""
    import json

    def lines():
        for claim in _in_chunks(_rated_public_claims()):
            review = claim_review(claim, url=request.build_absolute_uri(claim.get_absolute_url()))
            yield json.dumps(review, ensure_ascii=False) + "\n"

    return StreamingHttpResponse(lines(), content_type="application/jsonl; charset=utf-8")


class _Echo:
    def write(self, value):
        return value


CSV_COLUMNS = ["id", "url", "statement", "subjects", "metric", "figure_text", "value", "unit", "qualifier",
               "canonical_value", "canonical_unit", "lower", "upper", "period_start", "period_end", "verdict",
               "sources", "published_at", "last_approved_at"]


@extend_schema(responses={(200, "text/csv"): OpenApiTypes.STR})
@api_view(["GET"])
@permission_classes([AllowAny])
def claims_csv(request):
    """Every public claim as CSV (as last approved), streamed."""
    writer = csv.writer(_Echo())
    claims = Claim.objects.public().select_related("metric").prefetch_related(
        "subjects", Prefetch("appearances", queryset=Appearance.objects.select_related("source"))).order_by("id")

    def rows():
        yield writer.writerow(CSV_COLUMNS)
        for claim in _in_chunks(claims):
            yield writer.writerow([
                claim.pk, request.build_absolute_uri(claim.get_absolute_url()), claim.statement,
                "; ".join(subject.name for subject in claim.subjects.all()), claim.metric.name if claim.metric else "",
                claim.figure_text, claim.value if claim.value is not None else "", claim.unit, claim.qualifier,
                claim.canonical_value if claim.canonical_value is not None else "",
                claim.metric.canonical_unit if claim.metric else "",
                "" if claim.canonical_lower is None else claim.canonical_lower,
                "" if claim.canonical_upper is None else claim.canonical_upper,
                claim.period_start or "", claim.period_end or "", claim.verdict,
                "; ".join(a.source.url or a.source.title for a in claim.appearances.all()),
                claim.published_at.isoformat(), claim.last_approved_at.isoformat(),
            ])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="crosscheck-claims.csv"'
    return response


class TokenView(ObtainAuthToken):
    """Exchange a username and password for an API token. Rate-limited against guessing."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(request=AuthTokenSerializer, responses={200: inline_serializer("Token", {
        "token": serializers.CharField()})})
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        valid = serializer.is_valid()
        if getattr(request, "axes_locked_out", False):
            # django-axes marks the DRF request, which its middleware never sees: answer the lockout here.
            return lockout_response(request._request)
        if not valid:
            if set(serializer.errors) - {"non_field_errors"}:
                raise exceptions.ValidationError(serializer.errors)
            raise exceptions.AuthenticationFailed("Unable to log in with those credentials.")
        token, _ = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})
