"""Serializers of evidence (appearances) and of conflicts with their members and sides."""
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.reference import METRIC_SUMMARY_SCHEMA, metric_summary
from claims.conflicts import significant
from claims.models import (
    Appearance,
    Claim,
    Conflict,
    ConflictMember,
)
from project.site import absolute
from project.uris import as_uri
from sources.models import Source


class AppearanceSerializer(serializers.ModelSerializer):
    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())
    source = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all())
    replaces = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Appearance
        fields = ["id", "claim", "source", "quote", "quote_translation", "prefix", "suffix", "figure_text",
                  "start_offset", "end_offset", "status", "replaces"]
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

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_url(self, source):
        return as_uri(source.url) or None  # an unconfirmed address is no address, not an empty URL


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
        return absolute(member.claim.get_absolute_url())


class SideSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text=(
        "Sides are numbered by the published figures they agree on: ascending lower bound, then upper. The same "
        "for every client; staff's extra sides of unpublished figures only come after readers' ones."))
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
