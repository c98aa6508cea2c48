"""The change feed, and the ClaimReview JSON Lines and CSV exports of published claims."""
import csv
import json

from django.db.models import Prefetch
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.decorators import api_view, permission_classes
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers as s
from api.renderers import DefaultMediaTypeNegotiation, JSONLinesRenderer, NDJSONRenderer, PlainTextLinesRenderer
from api.views.common import ErrorsAsJSONMixin, claimreview_claims
from claims import selectors
from claims.claimreview import claim_review
from claims.models import ChangeEvent, Claim
from project.site import absolute


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
        shown = set(selectors.public_conflict_rows().filter(pk__in={e.conflict_id for e in events if e.conflict_id})
                    .values_list("pk", flat=True))
        return Response({
            "results": s.ChangeEventSerializer(events, many=True, context={
                "request": request, "public_claim_ids": public, "public_conflict_ids": shown}).data,
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


def _rated_public_claims():
    return claimreview_claims().exclude(verdict=Claim.Verdict.NOT_YET_RATED).order_by("id")


def _in_chunks(queryset, size=500):
    """Iterate a queryset in primary-key chunks, with its prefetches (rows are the published versions)."""
    last = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last)[:size])
        if not chunk:
            return
        yield from chunk
        last = chunk[-1].pk


JSON_LINES = {"type": "string", "description": "JSON Lines (https://jsonlines.org/): one ClaimReview object per "
                                              "line, each as the ClaimReview schema describes."}


class ClaimReviewFeedView(ErrorsAsJSONMixin, APIView):
    """Every rated, public claim as ClaimReview JSON-LD, one per line (JSON Lines)."""

    permission_classes = [AllowAny]
    # application/jsonl unless Accept asks for the older x-ndjson name or for text/plain (the same lines).
    renderer_classes = [JSONLinesRenderer, NDJSONRenderer, PlainTextLinesRenderer]
    content_negotiation_class = DefaultMediaTypeNegotiation

    @extend_schema(tags=["claims"], operation_id="claimreviews_jsonl", responses={
        (200, media_type): JSON_LINES for media_type in ("application/jsonl", "application/x-ndjson", "text/plain")})
    def get(self, request):
        def lines():
            for claim in _in_chunks(_rated_public_claims()):
                review = claim_review(claim)
                yield json.dumps(review, ensure_ascii=False) + "\n"

        return StreamingHttpResponse(lines(), content_type=f"{request.accepted_renderer.media_type}; charset=utf-8")


claimreview_feed = ClaimReviewFeedView.as_view()


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
                claim.pk, absolute(claim.get_absolute_url()), claim.statement,
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
