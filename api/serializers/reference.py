"""Serializers of sources, publishers, entities, aliases and metrics."""
from django.urls import reverse
from rest_framework import serializers

from claims.models import (
    Entity,
    EntityAlias,
    Metric,
)
from project.site import absolute
from project.uris import as_uri
from sources.models import Publisher, Source

METRIC_SUMMARY_SCHEMA = {"type": "object", "nullable": True, "properties": {
    "id": {"type": "integer"}, "name": {"type": "string"},
    "slug": {"type": "string", "description": "What the `metric` filter takes."},
    "canonical_unit": {"type": "string"}}}


def metric_summary(metric) -> dict | None:
    """Name a claim's or conflict's metric in a response: id, name, slug (what ``?metric=`` takes) and unit."""
    if metric is None:
        return None
    return {"id": metric.pk, "name": metric.name, "slug": metric.slug, "canonical_unit": metric.canonical_unit}

class OptionalURLField(serializers.URLField):
    """A URL that may be unknown: stored as "", shown to clients as null."""

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, allow_blank=True, required=False, **kwargs)

    def to_representation(self, value):
        return as_uri(value) or None  # stored as found; clients read a URI (project.uris)

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
                  "language", "published_on", "updated_at_source", "date_note", "retrieved_at", "original", "page_url"]
        read_only_fields = ["slug"]

    def get_page_url(self, source) -> str:
        return absolute(reverse("source-detail", args=[source.slug]))


class AliasSerializer(serializers.ModelSerializer):
    class Meta:
        model = EntityAlias
        fields = ["id", "name", "note", "language"]


class EntityAliasSerializer(UniqueNameMixin, serializers.ModelSerializer):
    entity = serializers.PrimaryKeyRelatedField(queryset=Entity.objects.all())

    class Meta:
        model = EntityAlias
        fields = ["id", "entity", "name", "note", "language"]


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
