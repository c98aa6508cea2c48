"""API representations. Read serializers expect the querysets' prefetches (see views); writes go via services."""
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims import selectors
from claims.claimreview import first_appearance
from claims.conflicts import significant
from claims.models import (
    VERDICT_DEFINITIONS,
    Appearance,
    ChangeEvent,
    Claim,
    ClaimStatus,
    Conflict,
    ConflictMember,
    Entity,
    EntityAlias,
    Metric,
    Review,
    Verdict,
)
from project.site import absolute
from sources.models import Publisher, Source

METRIC_SUMMARY_SCHEMA = {"type": "object", "nullable": True, "properties": {
    "id": {"type": "integer"}, "name": {"type": "string"}, "canonical_unit": {"type": "string"}}}


def metric_summary(metric) -> dict | None:
    """Name a claim's or conflict's metric in a response: id, name and canonical unit."""
    if metric is None:
        return None
    return {"id": metric.pk, "name": metric.name, "canonical_unit": metric.canonical_unit}

class OptionalURLField(serializers.URLField):
    """A URL that may be unknown: stored as "", shown to clients as null."""

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, allow_blank=True, required=False, **kwargs)

    def to_representation(self, value):
        return value or None

    def to_internal_value(self, data):
        return "" if data in (None, "") else super().to_internal_value(data)

    def validate_empty_values(self, data):
        if data is None:
            return True, ""
        return super().validate_empty_values(data)


class UniqueNameMixin:
    """Names are unique ignoring case (a database constraint DRF cannot see): say so as a field error."""

    def validate_name(self, value):
        value = " ".join(value.split())
        if not value:
            raise serializers.ValidationError("Give a name.")
        others = self.Meta.model.objects.filter(name__iexact=value)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise serializers.ValidationError(f"“{value}” exists already.")
        return value


class PublisherSerializer(UniqueNameMixin, serializers.ModelSerializer):
    homepage = OptionalURLField(max_length=200)

    class Meta:
        model = Publisher
        fields = ["id", "name", "slug", "homepage", "kind", "description"]
        read_only_fields = ["slug"]


class SourceSerializer(serializers.ModelSerializer):
    url = OptionalURLField(max_length=2000)

    def validate_url(self, value):
        others = Source.objects.filter(url=value).exclude(pk=getattr(self.instance, "pk", None))
        if value and others.exists():
            raise serializers.ValidationError("A source with this address exists already.")
        return value

    def validate_title(self, value):
        if not value.strip():
            raise serializers.ValidationError("Give the source's title.")
        return value

    archive_url = OptionalURLField(max_length=2000)
    publisher = serializers.PrimaryKeyRelatedField(queryset=Publisher.objects.all(), allow_null=True, required=False)
    publisher_name = serializers.CharField(source="publisher.name", read_only=True, default=None, allow_null=True)
    original = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all(), allow_null=True, required=False)
    page_url = serializers.SerializerMethodField()

    class Meta:
        model = Source
        fields = ["id", "title", "slug", "url", "archive_url", "publisher", "publisher_name", "authors", "kind",
                  "published_on", "updated_at_source", "date_note", "retrieved_at", "original", "page_url"]
        read_only_fields = ["slug"]

    def get_page_url(self, source) -> str:
        return self.context["request"].build_absolute_uri(reverse("source-detail", args=[source.slug]))


class AliasSerializer(serializers.ModelSerializer):
    class Meta:
        model = EntityAlias
        fields = ["id", "name", "note"]


class EntityAliasSerializer(UniqueNameMixin, serializers.ModelSerializer):
    entity = serializers.PrimaryKeyRelatedField(queryset=Entity.objects.all())

    class Meta:
        model = EntityAlias
        fields = ["id", "entity", "name", "note"]


class EntitySerializer(UniqueNameMixin, serializers.ModelSerializer):
    aliases = AliasSerializer(many=True, read_only=True)

    class Meta:
        model = Entity
        fields = ["id", "name", "slug", "kind", "description", "aliases"]
        read_only_fields = ["slug"]


class MetricSerializer(UniqueNameMixin, serializers.ModelSerializer):
    class Meta:
        model = Metric
        fields = ["id", "name", "slug", "description", "canonical_unit", "dimension", "additive", "cumulative"]
        read_only_fields = ["slug", "dimension"]

    def validate_canonical_unit(self, value):
        from claims.figures import FigureError, normalise_unit

        try:
            return normalise_unit(value)
        except FigureError as exc:
            raise serializers.ValidationError(str(exc)) from exc


class SubjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = Entity
        fields = ["id", "name", "slug"]


class ClaimantSerializer(serializers.ModelSerializer):
    class Meta:
        model = Entity
        fields = ["id", "name", "slug", "kind"]


class AppearanceInClaimSerializer(serializers.ModelSerializer):
    source = serializers.SerializerMethodField()

    class Meta:
        model = Appearance
        fields = ["id", "quote", "prefix", "suffix", "figure_text", "start_offset", "end_offset", "status", "source"]

    @extend_schema_field({"type": "object", "properties": {
        "id": {"type": "integer"}, "title": {"type": "string"}, "url": {"type": "string"},
        "archive_url": {"type": "string"}, "publisher": {"type": "string", "nullable": True},
        "original": {"type": "integer", "nullable": True}}})
    def get_source(self, appearance) -> dict:
        source = appearance.source
        return {"id": source.pk, "title": source.title, "url": source.url, "archive_url": source.archive_url,
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
        return self.context["request"].build_absolute_uri(reverse("claim-detail", args=[claim.slug]))

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


class AppearanceSerializer(serializers.ModelSerializer):
    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())
    source = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all())
    replaces = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Appearance
        fields = ["id", "claim", "source", "quote", "prefix", "suffix", "figure_text", "start_offset", "end_offset",
                  "status", "replaces"]
        read_only_fields = ["start_offset", "end_offset", "status"]

    def validate_quote(self, value):
        if not value.strip():
            raise serializers.ValidationError("Give the exact quote.")
        return value


class EvidenceReviewSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000,
                                 help_text="Required to reject: why, for whoever proposed it.")


class MemberSourceSerializer(serializers.ModelSerializer):
    publisher = serializers.CharField(source="publisher.name", default=None, allow_null=True, read_only=True)
    url = serializers.SerializerMethodField()
    original = serializers.IntegerField(source="original_id", allow_null=True, read_only=True,
                                        help_text="The source this one reposts: they count as one source.")

    class Meta:
        model = Source
        fields = ["id", "title", "url", "publisher", "original"]

    def get_url(self, source) -> str | None:
        return source.url or None  # an unconfirmed address is no address, not an empty URL


class ConflictMemberSerializer(serializers.ModelSerializer):
    statement = serializers.CharField(source="claim.statement")
    stated_figure = serializers.CharField(source="claim.stated_figure")
    lower = serializers.FloatField(source="claim.canonical_lower", allow_null=True)
    upper = serializers.FloatField(source="claim.canonical_upper", allow_null=True)
    side = serializers.IntegerField(allow_null=True, default=None,
                                    help_text="The side (see the conflict's sides) whose figures this one agrees with.")
    claim_url = serializers.SerializerMethodField()
    # The sources of the evidence this client may read (the view attaches them, through the selectors).
    sources = MemberSourceSerializer(source="claim.shown_sources", many=True, read_only=True, default=list)

    class Meta:
        model = ConflictMember
        fields = ["claim", "claim_url", "statement", "stated_figure", "lower", "upper", "is_part", "side", "rank",
                  "rank_reason", "sources"]

    def get_claim_url(self, member) -> str:
        request = self.context.get("request")
        path = member.claim.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class SideSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    claims = serializers.SerializerMethodField()
    lower = serializers.FloatField(allow_null=True, help_text="Where the side's figures all overlap; null: unbounded.")
    upper = serializers.FloatField(allow_null=True)
    sources = serializers.IntegerField(help_text="Independent sources (a repost counts as its original).")
    figures = serializers.CharField()

    def get_claims(self, side) -> list[int]:
        return [member.claim_id for member in side.members]


class ConflictSerializer(serializers.ModelSerializer):
    metric = serializers.SerializerMethodField()
    members = ConflictMemberSerializer(many=True, read_only=True)
    sides = SideSerializer(many=True, read_only=True)
    # Readers get the figures of public, approved claims only (claims.selectors annotates which),
    # rounded to the precision figures are worded in.
    difference = serializers.SerializerMethodField()
    ratio = serializers.SerializerMethodField()
    updated_at = serializers.SerializerMethodField()

    class Meta:
        model = Conflict
        fields = ["id", "title", "kind", "status", "metric", "difference", "ratio", "note", "decided_at", "sides",
                  "members", "created_at", "updated_at"]

    @extend_schema_field(METRIC_SUMMARY_SCHEMA)
    def get_metric(self, conflict):
        return metric_summary(conflict.metric if conflict.metric_id else None)

    def get_difference(self, conflict) -> float | None:
        return significant(conflict.shown_difference)

    def get_ratio(self, conflict) -> float | None:
        return significant(conflict.shown_ratio)

    @extend_schema_field({"type": "string", "format": "date-time"})
    def get_updated_at(self, conflict) -> str:
        # Readers: when what they see of it last changed (claims.selectors annotates which).
        return serializers.DateTimeField().to_representation(conflict.shown_updated_at)


class RankSerializer(serializers.Serializer):
    claim = serializers.IntegerField()
    rank = serializers.ChoiceField(choices=ConflictMember.Rank.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ConflictDecisionSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=5000)
    ranks = RankSerializer(many=True, required=False, default=list)


class ChangeEventSerializer(serializers.ModelSerializer):
    cursor = serializers.IntegerField(source="id", read_only=True,
                                      help_text="Pass as ?since= to get only what happened after this event.")
    claim_url = serializers.SerializerMethodField()

    class Meta:
        model = ChangeEvent
        fields = ["cursor", "kind", "created_at", "claim", "claim_url", "conflict", "public_note"]

    def get_claim_url(self, event) -> str | None:
        # Only while readers see the claim: a withdrawn claim's address spells out its old wording.
        if not event.path or event.claim_id not in self.context.get("public_claim_ids", ()):
            return None
        return absolute(event.path, self.context.get("request"))


class ChangeFeedSerializer(serializers.Serializer):
    results = ChangeEventSerializer(many=True)
    since = serializers.IntegerField(help_text="The cursor to resume from: the last event's, or the one you sent.")
    more = serializers.BooleanField(help_text="True when more events follow; ask again with since=.")
