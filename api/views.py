"""The REST API: published data for everyone, drafts and workflow actions for staff, through the services.

What each client may read comes from ``claims.selectors``; every write goes through ``claims.services``.
"""
import csv
import hashlib
import json
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_vary_headers
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from api import flat
from api import serializers as s
from api.errors import PreconditionFailed, PreconditionRequired
from api.filters import AppearanceFilter, ClaimFilter, ConflictFilter, EntityFilter, SourceFilter
from api.idempotency import IdempotentPostMixin
from api.throttling import ScopedRateThrottle
from claims import selectors, services
from claims.claimreview import claim_review
from claims.conflicts import conflict_sides
from claims.models import Appearance, ChangeEvent, Claim, Conflict
from pagecache import answers, cachetags
from project.security import lockout_response

IF_MATCH = OpenApiParameter("If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True,
                            description="The ETag a GET of this resource answered. Required: without it the "
                                        "write answers 428; a stale one answers 412. Either way nothing changes.")


def is_staff_reader(request) -> bool:
    """Say whether this client reads drafts too (the rule is ``selectors.sees_drafts``)."""
    return selectors.sees_drafts(request.user)


def etag_of(data) -> str:
    """Return a strong ETag of a representation: it changes whenever anything the client reads changes."""
    text = json.dumps(data, sort_keys=True, default=str, separators=(",", ":"))
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:40] + '"'


class PublicReadCacheMixin:
    """Answer anonymous reads from the shared cache until something they show changes (pagecache.answers).

    Runs inside DRF's dispatch, after authentication and throttling, so cached answers still count
    against a client's rate; the data is cached, and rendered for each request's format. Anonymous
    answers carry their tags for Varnish or a CDN; answers to signed-in clients are private.
    """

    def _from_cache(self, request, produce):
        if request.auth is not None or request.user.is_authenticated:
            response = produce()  # may show drafts: never in a shared cache
            answers.private_headers(response)
            return response
        caching = bool(settings.CROSSCHECK_PAGE_CACHE_SECONDS)
        key, generation = answers.key_for(request._request, kind="api"), None
        if caching:
            stored, generation = answers.lookup(key)
            if stored is not None:
                etag = stored["etag"]
                if etag and request.headers.get("If-None-Match") == etag:
                    response = Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
                else:
                    response = Response(stored["data"], headers={"ETag": etag} if etag else None)
                return self._shared(response, stored["tags"])
        with answers.collecting() as tags:
            if self.action == "list":
                answers.record(cachetags.list_tag(self.get_queryset().model))
            response = produce()
        if response.status_code not in (200, 304):
            return response
        tags = answers.final_tags(tags)
        if caching and response.status_code == 200:
            answers.store(key, generation, {"data": response.data, "etag": response.get("ETag"), "tags": tags})
        return self._shared(response, tags)

    @staticmethod
    def _shared(response, tags):
        answers.shared_cache_headers(response, tags)
        patch_vary_headers(response, ["Accept"])  # one URL, JSON or the browsable page
        return response

    def list(self, request, *args, **kwargs):
        return self._from_cache(request, lambda: super(PublicReadCacheMixin, self).list(request, *args, **kwargs))

    def retrieve(self, request, *args, **kwargs):
        return self._from_cache(request, lambda: super(PublicReadCacheMixin, self).retrieve(request, *args, **kwargs))


class ETagMixin:
    """ETags taken from the representation itself; conditional GET (304) and If-Match (412) for writes.

    A claim's representation includes its evidence, conflicts and sources, so a change to any of
    them changes the tag, not only a change to the row.
    """

    read_serializer_class = None  # the representation clients read; defaults to serializer_class

    def representation(self, instance) -> dict:
        serializer_class = self.read_serializer_class or self.serializer_class
        return serializer_class(instance, context=self.get_serializer_context()).data

    def shown(self, instance):
        """Return the instance as this client reads it (claims: their approved version for readers)."""
        return instance

    def current_etag(self, pk) -> str | None:
        instance = self.get_queryset().filter(pk=pk).first()
        return None if instance is None else etag_of(self.representation(self.shown(instance)))

    def check_if_match(self, pk) -> None:
        """Refuse a write without the ETag the client read (428) or with a stale one (412)."""
        expected = self.request.headers.get("If-Match")
        # "*" only says "whatever is there now", which is exactly the lost update the header prevents.
        if not expected or expected.strip() == "*":
            raise PreconditionRequired()
        if self.current_etag(pk) not in {tag.strip() for tag in expected.split(",")}:
            raise PreconditionFailed()

    @contextmanager
    def if_match_under_lock(self, pk):
        """Lock the row, then check If-Match, and keep the lock for the write inside the block.

        Checked before the lock, two writers holding the same ETag both pass and the second silently
        overwrites the first; under the lock the second waits, reads the first's result and gets 412.
        """
        with transaction.atomic():
            model = self.get_queryset().model
            list(model._default_manager.select_for_update().filter(pk=pk).values_list("pk", flat=True))
            self.check_if_match(pk)
            yield

    def retrieve(self, request, *args, **kwargs):
        data = self.representation(self.get_object())
        etag = etag_of(data)
        if request.headers.get("If-None-Match") == etag:
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        return Response(data, headers={"ETag": etag})

    def written(self, data) -> Response:
        """Answer a write with the new representation and its ETag."""
        return Response(data, headers={"ETag": etag_of(data)})


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


class ClaimViewSet(IdempotentPostMixin, PublicReadCacheMixin, ETagMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
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
        # The flat read path (api.flat): the serializer's output from .values() rows.
        rows = self.paginate_queryset(self.filter_queryset(selectors.claims_for(request.user)).values(*flat.CLAIM_COLUMNS))
        return self.get_paginated_response(flat.represent(list(rows), user=request.user, request=request))

    def retrieve(self, request, *args, **kwargs):
        return self._from_cache(request, lambda: self._retrieve(request, kwargs[self.lookup_field]))

    def _retrieve(self, request, pk):
        rows = flat.claim_rows(selectors.claims_for(request.user).filter(pk=pk))
        if not rows:
            raise NotFound("No Claim matches the given query.")
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

    @extend_schema(responses={(200, "application/ld+json"): OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def claimreview(self, request, pk=None):
        """The claim as schema.org ClaimReview JSON-LD, as its reader page embeds it."""
        claim = _claimreview_claims().filter(pk=pk).first()
        if claim is None:
            raise NotFound()
        review = claim_review(claim, request=request)
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
        selectors.for_reader(self.request.user, [m.claim for m in members])
        conflict.sides = conflict_sides(members)
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


class ChangeFeedView(GenericAPIView):
    """What readers saw change, in order: publications, corrections, withdrawals and conflict decisions."""

    serializer_class = s.ChangeFeedSerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(tags=["changes"], operation_id="changes_list", parameters=[
        OpenApiParameter("since", OpenApiTypes.INT, description="The last cursor you saw (0, or none, to start "
                                                                 "from the beginning)."),
        OpenApiParameter("page_size", OpenApiTypes.INT, description="At most this many events (1-500, default 100)."),
    ], responses=s.ChangeFeedSerializer)
    def get(self, request):
        since = _bounded_int(request.query_params.get("since"), "since", 0, 0, 2**62)
        size = _bounded_int(request.query_params.get("page_size"), "page_size", 100, 1, 500)
        events = list(ChangeEvent.objects.filter(id__gt=since).order_by("id")[:size + 1])
        more, events = len(events) > size, events[:size]
        public = set(selectors.public_claims().filter(pk__in={e.claim_id for e in events if e.claim_id})
                     .values_list("pk", flat=True))
        return Response({
            "results": s.ChangeEventSerializer(events, many=True, context={
                "request": request, "public_claim_ids": public}).data,
            "since": events[-1].id if events else since, "more": more,
        })


def _bounded_int(raw, name, default, low, high) -> int:
    """Read an integer query parameter, refusing anything else with a 400 that names it."""
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise exceptions.ValidationError({name: ["A whole number is required."]}) from None
    if not low <= value <= high:
        raise exceptions.ValidationError({name: [f"Must be from {low} to {high}."]})
    return value


def _claimreview_claims():
    """Public claims with their public evidence, as ClaimReview shows them."""
    return selectors.public_claims().select_related("metric", "claimant").prefetch_related(
        Prefetch("appearances", queryset=selectors.approved_evidence().select_related("source__publisher")))


def _rated_public_claims():
    return _claimreview_claims().exclude(verdict=Claim.Verdict.NOT_YET_RATED).order_by("id")


def _in_chunks(queryset, size=500):
    """Iterate a queryset in primary-key chunks, with its prefetches (rows are the published versions)."""
    last = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last)[:size])
        if not chunk:
            return
        yield from chunk
        last = chunk[-1].pk


@extend_schema(tags=["claims"], responses={(200, "application/jsonl"): {
    "type": "string", "description": "JSON Lines (https://jsonlines.org/): one ClaimReview object per line."}})
@api_view(["GET"])
@permission_classes([AllowAny])
def claimreview_feed(request):
    """Every rated, public claim as ClaimReview JSON-LD, one per line (JSON Lines)."""
    import json

    def lines():
        for claim in _in_chunks(_rated_public_claims()):
            review = claim_review(claim, request=request)
            yield json.dumps(review, ensure_ascii=False) + "\n"

    return StreamingHttpResponse(lines(), content_type="application/jsonl; charset=utf-8")


class _Echo:
    def write(self, value):
        return value


# OWASP's rule against spreadsheet formula injection: a text cell that starts like a formula is
# prefixed with an apostrophe, so a spreadsheet shows it as text instead of running it.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Return a CSV cell a spreadsheet shows as written; numbers and dates pass unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


CSV_COLUMNS = ["id", "url", "statement", "subjects", "metric", "figure_text", "value", "unit", "qualifier",
               "canonical_value", "canonical_unit", "lower", "upper", "period_start", "period_end", "verdict",
               "sources", "published_at", "last_approved_at"]


@extend_schema(tags=["claims"], responses={(200, "text/csv"): OpenApiTypes.STR})
@api_view(["GET"])
@permission_classes([AllowAny])
def claims_csv(request):
    """Every public claim as CSV (as last approved), streamed."""
    writer = csv.writer(_Echo())
    claims = selectors.public_claims().select_related("metric").prefetch_related(
        "subjects", Prefetch("appearances", queryset=selectors.approved_evidence().select_related("source"))
    ).order_by("id")

    def rows():
        yield writer.writerow(CSV_COLUMNS)
        for claim in _in_chunks(claims):
            yield writer.writerow([spreadsheet_safe(cell) for cell in [
                claim.pk, request.build_absolute_uri(claim.get_absolute_url()), claim.statement,
                "; ".join(subject.name for subject in claim.subjects.all()), claim.metric.name if claim.metric else "",
                claim.figure_text, claim.value if claim.value is not None else "", claim.unit,
                claim.qualifier if claim.has_figure else "",  # no figure, so nothing qualifies it
                claim.canonical_value if claim.canonical_value is not None else "",
                claim.metric.canonical_unit if claim.metric else "",
                "" if claim.canonical_lower is None else claim.canonical_lower,
                "" if claim.canonical_upper is None else claim.canonical_upper,
                claim.period_start or "", claim.period_end or "", claim.verdict,
                "; ".join(a.source.url or a.source.title for a in claim.appearances.all()),
                claim.published_at.isoformat(), claim.last_approved_at.isoformat(),
            ]])

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
