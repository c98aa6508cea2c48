"""Serializers of claims, their figures, subjects, claimants and reviews."""
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.reference import METRIC_SUMMARY_SCHEMA, metric_summary
from claims import selectors
from claims.claimreview import first_appearance
from claims.models import (
    VERDICT_DEFINITIONS,
    Appearance,
    Claim,
    ClaimStatus,
    Entity,
    Metric,
    Review,
    Verdict,
)
from project.site import absolute
from project.uris import as_uri


class SubjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = Entity
        fields = ["id", "name", "slug"]


class ClaimantSerializer(serializers.ModelSerializer):
    class Meta:
        model = Entity
        fields = ["id", "name", "slug", "kind"]


# A source's address in a claim's evidence: a URI (project.uris), or "" when it is not known.
URI_OR_EMPTY = {"type": "string", "description": "A URI, or \"\" when the address is not known."}


class AppearanceInClaimSerializer(serializers.ModelSerializer):
    source = serializers.SerializerMethodField()

    class Meta:
        model = Appearance
        fields = ["id", "quote", "quote_translation", "prefix", "suffix", "figure_text", "start_offset", "end_offset",
                  "status", "source"]

    @extend_schema_field({"type": "object", "properties": {
        "id": {"type": "integer"}, "title": {"type": "string"}, "url": URI_OR_EMPTY,
        "archive_url": URI_OR_EMPTY, "publisher": {"type": "string", "nullable": True},
        "original": {"type": "integer", "nullable": True}}})
    def get_source(self, appearance) -> dict:
        source = appearance.source
        return {"id": source.pk, "title": source.title, "url": as_uri(source.url), "archive_url": as_uri(source.archive_url),
                "publisher": source.publisher.name if source.publisher_id else None, "original": source.original_id}


class FigureSerializer(serializers.Serializer):
    text = serializers.CharField(source="figure_text")
    stated = serializers.CharField(source="stated_figure")
    value = serializers.DecimalField(max_digits=30, decimal_places=6, allow_null=True, coerce_to_string=False,
                                     normalize_output=True)
    unit = serializers.CharField()
    qualifier = serializers.CharField()
    count_noun = serializers.CharField()
    total = serializers.DecimalField(max_digits=30, decimal_places=6, allow_null=True, coerce_to_string=False,
                                     normalize_output=True)
    canonical_value = serializers.FloatField(allow_null=True)
    canonical_unit = serializers.CharField(source="metric.canonical_unit", default=None, allow_null=True)
    lower = serializers.FloatField(source="canonical_lower", allow_null=True, help_text="null: unbounded")
    upper = serializers.FloatField(source="canonical_upper", allow_null=True, help_text="null: unbounded")


class ClaimSerializer(serializers.ModelSerializer):
    """A claim as API consumers read it (for anonymous clients, as last approved)."""

    page_url = serializers.SerializerMethodField()
    subjects = SubjectSerializer(many=True, read_only=True)
    claimant = ClaimantSerializer(read_only=True, allow_null=True,
                                  help_text="Who made the claim (a person or organisation).")
    metric = serializers.SerializerMethodField()
    figure = serializers.SerializerMethodField()
    period = serializers.SerializerMethodField()
    verdict = serializers.SerializerMethodField()
    appearances = AppearanceInClaimSerializer(many=True, read_only=True)
    first_appearance = serializers.SerializerMethodField()
    open_conflicts = serializers.SerializerMethodField()
    # What readers see of the workflow: "published", changed at the last approval (selectors.shown_state).
    status = serializers.SerializerMethodField()
    updated_at = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = ["id", "slug", "page_url", "statement", "subjects", "claimant", "claimant_role", "metric", "figure",
                  "period", "status",
                  "is_public", "verdict", "rationale", "appearances", "first_appearance", "open_conflicts",
                  "published_at", "last_approved_at", "updated_at"]

    def get_page_url(self, claim) -> str:
        return absolute(reverse("claim-detail", args=[claim.slug]))

    @extend_schema_field(METRIC_SUMMARY_SCHEMA)
    def get_metric(self, claim):
        return metric_summary(claim.metric if claim.metric_id else None)

    @extend_schema_field(FigureSerializer(allow_null=True))
    def get_figure(self, claim):
        return FigureSerializer(claim).data if claim.value is not None else None

    @extend_schema_field({"type": "object", "properties": {
        "start": {"type": "string", "format": "date", "nullable": True},
        "end": {"type": "string", "format": "date", "nullable": True}, "label": {"type": "string"}}})
    def get_period(self, claim):
        return {"start": claim.period_start, "end": claim.period_end, "label": claim.period_label}

    @extend_schema_field({"type": "object", "properties": {
        "value": {"type": "string"}, "label": {"type": "string"}, "definition": {"type": "string"}}})
    def get_verdict(self, claim):
        verdict = Verdict(claim.verdict)
        return {"value": verdict.value, "label": verdict.label, "definition": VERDICT_DEFINITIONS[verdict]}

    @extend_schema_field({"type": "string", "enum": list(ClaimStatus.values)})
    def get_status(self, claim) -> str:
        return self._state(claim)[0]

    @extend_schema_field({"type": "string", "format": "date-time", "nullable": True})
    def get_updated_at(self, claim):
        shown = self._state(claim)[1]
        return None if shown is None else serializers.DateTimeField().to_representation(shown)

    def _state(self, claim):
        return selectors.shown_state(self.context["request"].user, status=claim.status, updated_at=claim.updated_at,
                                     last_approved_at=claim.last_approved_at)

    def get_first_appearance(self, claim) -> int | None:
        first = first_appearance(claim)
        return first.pk if first else None

    def get_open_conflicts(self, claim) -> list[int]:
        return sorted({m.conflict_id for m in getattr(claim, "open_memberships", [])})


class ClaimWriteSerializer(serializers.ModelSerializer):
    """What staff may write on a draft; status changes go through the workflow actions."""

    subjects = serializers.PrimaryKeyRelatedField(queryset=Entity.objects.all(), many=True, required=False)
    metric = serializers.PrimaryKeyRelatedField(queryset=Metric.objects.all(), allow_null=True, required=False)
    claimant = serializers.PrimaryKeyRelatedField(
        queryset=Entity.objects.all(), allow_null=True, required=False,
        help_text="The entity id of the person or organisation that made the claim.")

    class Meta:
        model = Claim
        fields = ["statement", "subjects", "metric", "figure_text", "period_start", "period_end", "period_label",
                  "verdict", "rationale", "claimant", "claimant_role"]
        extra_kwargs = {"statement": {"required": True}}

    def validate_statement(self, value):
        if not value.strip():
            raise serializers.ValidationError("Write the claim as one self-contained sentence.")
        return value

    def validate(self, attrs):
        start = attrs.get("period_start", getattr(self.instance, "period_start", None))
        end = attrs.get("period_end", getattr(self.instance, "period_end", None))
        if start and end and start > end:
            raise serializers.ValidationError({"period_end": ["The period ends before it starts."]})
        if "figure_text" in attrs and attrs["figure_text"]:
            from claims.figures import FigureError, convert, parse_figure

            try:
                figure = parse_figure(attrs["figure_text"])
                metric = attrs.get("metric", getattr(self.instance, "metric", None))
                if metric is not None:
                    convert(figure.value, figure.unit, metric.canonical_unit)
            except FigureError as exc:
                raise serializers.ValidationError({"figure_text": [str(exc)]}) from exc
        return attrs


class TransitionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    public_note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    conflict_note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class ReviewSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None, allow_null=True, read_only=True)

    class Meta:
        model = Review
        fields = ["id", "action", "from_status", "to_status", "note", "public_note", "is_correction", "actor",
                  "created_at"]
