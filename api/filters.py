import datetime

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, When
from drf_spectacular.utils import extend_schema_field
from rest_framework.filters import OrderingFilter

from claims import selectors
from claims.models import Appearance, Claim, ClaimStatus, Conflict, Entity, Verdict
from sources.models import Source

BIGINT_MAX = 2**63 - 1


class UTCDateTimeFilter(django_filters.IsoDateTimeFilter):
    """An ISO 8601 date-time, converted to UTC: PostgreSQL refuses offsets Python accepts (+19:37)."""

    def filter(self, qs, value):
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc)
        return super().filter(qs, value)


class EntityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", help_text="Part of a name or alias; best matches first "
                                                             "(exact name, exact alias, name start, alias start).")

    class Meta:
        model = Entity
        fields = ["kind"]

    def search(self, queryset, name, value):
        value = " ".join(value.split())
        if not value:
            return queryset
        aliases = selectors.public_aliases().filter(entity=OuterRef("pk"))  # names waiting for an editor match nothing
        return queryset.filter(pk__in=Entity.objects.containing(value).values("pk")).annotate(
            match_rank=Case(
                When(name__iexact=value, then=0),
                When(Exists(aliases.filter(name__iexact=value)), then=1),
                When(name__istartswith=value, then=2),
                When(Exists(aliases.filter(name__istartswith=value)), then=3),
                default=4, output_field=IntegerField()),
        ).order_by("match_rank", "name", "pk")


class ClaimFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", help_text="Full-text search (websearch syntax).")
    entity = django_filters.CharFilter(method="by_entity", help_text="Entity slug, name or alias.")
    metric = django_filters.CharFilter(field_name="metric__slug")
    verdict = django_filters.ChoiceFilter(choices=Verdict.choices)
    status = django_filters.ChoiceFilter(choices=ClaimStatus.choices, method="by_status",
                                         help_text="Staff only; others always get published claims.")
    source = django_filters.CharFilter(method="by_source", help_text="Source slug.")
    publisher = django_filters.CharFilter(method="by_publisher", help_text="Publisher slug.")
    has_open_conflict = django_filters.BooleanFilter(method="by_open_conflict")
    published_after = UTCDateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = UTCDateTimeFilter(field_name="published_at", lookup_expr="lt")

    class Meta:
        model = Claim
        fields = []

    def search(self, queryset, name, value):
        query = SearchQuery(value[:200], search_type="websearch", config="english")
        return queryset.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))

    def by_entity(self, queryset, name, value):
        entities = Entity.objects.filter(Q(slug=value) | Q(pk__in=Entity.objects.matching(value).values("pk")))
        return queryset.filter(subjects__in=entities.values("pk")).distinct()

    @property
    def _user(self):
        return self.request.user if self.request is not None else None

    def by_status(self, queryset, name, value):
        if not selectors.sees_drafts(self._user):
            return queryset  # readers never see other states; the filter is simply ignored
        return queryset.filter(status=value)

    def by_source(self, queryset, name, value):
        cited = selectors.evidence_for(self._user).filter(claim=OuterRef("pk"), source__slug=value)
        return queryset.filter(Exists(cited))

    def by_publisher(self, queryset, name, value):
        cited = selectors.evidence_for(self._user).filter(claim=OuterRef("pk"), source__publisher__slug=value)
        return queryset.filter(Exists(cited))

    def by_open_conflict(self, queryset, name, value):
        has = Exists(selectors.open_conflict_members_for(self._user).filter(claim=OuterRef("pk")))
        return queryset.filter(has) if value else queryset.exclude(has)


class ConflictFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Conflict.Status.choices)
    kind = django_filters.ChoiceFilter(choices=Conflict.Kind.choices)
    metric = django_filters.CharFilter(field_name="metric__slug")
    entity = django_filters.CharFilter(method="by_entity")

    class Meta:
        model = Conflict
        fields = []

    def by_entity(self, queryset, name, value):
        entities = Entity.objects.filter(Q(slug=value) | Q(pk__in=Entity.objects.matching(value).values("pk")))
        members = selectors.conflict_members_for(self.request.user if self.request is not None else None)
        return queryset.filter(Exists(members.filter(conflict=OuterRef("pk"), claim__subjects__in=entities.values("pk"))))


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": BIGINT_MAX})
class IdFilter(django_filters.NumberFilter):
    """A row id: a whole number within the database's range (anything else is a clear 400)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", BIGINT_MAX)
        super().__init__(*args, **kwargs)


class AppearanceFilter(django_filters.FilterSet):
    # Plain numbers: an id that matches nothing is an empty result, not an invalid query.
    claim = IdFilter(field_name="claim_id")
    source = IdFilter(field_name="source_id")

    class Meta:
        model = Appearance
        fields = []


class SourceFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Source.Kind.choices)
    publisher = IdFilter(field_name="publisher_id")

    class Meta:
        model = Source
        fields = []


class ReaderOrderingFilter(OrderingFilter):
    """?ordering= as each client reads the data: readers order claims by when an editor last approved them.

    A claim's ``updated_at`` moves with every edit of a correction drafted aside; ordering readers by it
    would tell them which claims are being corrected before any correction is approved.
    """

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if ordering and queryset.model is Claim and not selectors.sees_drafts(request.user):
            ordering = [term.replace("updated_at", "last_approved_at") for term in ordering]
        return ordering
