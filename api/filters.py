import datetime

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, When
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from claims import selectors
from claims.models import Appearance, Claim, ClaimStatus, Conflict, Entity, Verdict
from sources.models import Source

BIGINT_MAX = 2**63 - 1


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, passed by when the query names none of the view's filters.

    A FilterSet deep-copies its filters and builds and validates a form at every request, a fifth of
    an unfiltered list's CPU, to filter nothing: every filter skips an absent value. A parameter that
    starts like a filter's name (a range filter's suffixed parts, say) still goes through it.
    """

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        names = filterset_class.base_filters if filterset_class is not None else {}
        if not any(key.startswith(name) for key in request.query_params for name in names):
            return queryset
        return super().filter_queryset(request, queryset, view)


class UTCDateTimeFilter(django_filters.IsoDateTimeFilter):
    """An ISO 8601 date-time, converted to UTC: PostgreSQL refuses offsets Python accepts (+19:37)."""

    def filter(self, qs, value):
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc)
        return super().filter(qs, value)


class StrictBooleanField(forms.Field):
    """true/false (or 1/0); anything else is refused, where a plain boolean filter would ignore it."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in {"true", "1"}:
            return True
        if text in {"false", "0"}:
            return False
        raise forms.ValidationError("Give true or false.", code="invalid")


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(django_filters.Filter):
    field_class = StrictBooleanField


def known_slug(name: str, value: str, rows, noun: str) -> int:
    """Return the id of the row of ``rows`` (what the client may read) with this slug; refuse any other ?name=.

    An id or a name would match nothing. The caller filters by the id it returns, not a join on the
    slug: given the id, the planner reads the claims in the list's order and stops at a page.
    """
    found = list(rows.filter(slug=value).order_by().values_list("pk", flat=True)[:1])
    if found:
        return found[0]
    given = "an id" if value.isdigit() else "not a slug of any"
    raise ValidationError({name: [f"{value!r} is {given} {noun if given == 'an id' else noun + ' you can read'}; "
                                  f"?{name}= takes a {noun}'s slug (its `slug` field)."]})


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
    metric = django_filters.CharFilter(method="by_metric", help_text="Metric slug (a metric's `slug`).")
    verdict = django_filters.ChoiceFilter(choices=Verdict.choices)
    status = django_filters.ChoiceFilter(choices=ClaimStatus.choices, method="by_status",
                                         help_text="Staff only: other clients may ask only for published claims.")
    source = django_filters.CharFilter(method="by_source", help_text="Source slug.")
    publisher = django_filters.CharFilter(method="by_publisher", help_text="Publisher slug.")
    has_open_conflict = StrictBooleanFilter(method="by_open_conflict", help_text="true or false.")
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
        if value != ClaimStatus.PUBLISHED and not selectors.sees_drafts(self._user):
            # Ignored, it answered published claims as if they were the drafts asked for.
            raise ValidationError({name: ["Only staff read claims in other states; you read published claims."]})
        return queryset.filter(status=value)

    def by_metric(self, queryset, name, value):
        return queryset.filter(metric_id=known_slug(name, value, selectors.metrics_for(self._user), "metric"))

    def by_source(self, queryset, name, value):
        source_id = known_slug(name, value, selectors.sources_for(self._user), "source")
        cited = selectors.evidence_for(self._user).filter(claim=OuterRef("pk"), source_id=source_id)
        return queryset.filter(Exists(cited))

    def by_publisher(self, queryset, name, value):
        publisher_id = known_slug(name, value, selectors.publishers_for(self._user), "publisher")
        cited = selectors.evidence_for(self._user).filter(claim=OuterRef("pk"), source__publisher_id=publisher_id)
        return queryset.filter(Exists(cited))

    def by_open_conflict(self, queryset, name, value):
        has = selectors.in_open_conflict_for(self._user)
        return queryset.filter(has) if value else queryset.exclude(has)


class ConflictFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Conflict.Status.choices)
    kind = django_filters.ChoiceFilter(choices=Conflict.Kind.choices)
    metric = django_filters.CharFilter(method="by_metric", help_text="Metric slug (a metric's `slug`).")
    entity = django_filters.CharFilter(method="by_entity")

    class Meta:
        model = Conflict
        fields = []

    def by_metric(self, queryset, name, value):
        user = self.request.user if self.request is not None else None
        return queryset.filter(metric_id=known_slug(name, value, selectors.metrics_for(user), "metric"))

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

    def remove_invalid_fields(self, queryset, fields, view, request):
        """Refuse an unknown ordering term (400 naming it): dropped silently, the list came in another order."""
        valid = super().remove_invalid_fields(queryset, fields, view, request)
        unknown = [term for term in fields if term not in valid]
        if unknown:
            names = sorted(name for name, _ in self.get_valid_fields(queryset, view, {"request": request}))
            raise ValidationError({self.ordering_param: [
                f"Unknown ordering {', '.join(map(repr, unknown))}; use a comma-separated list of "
                f"{', '.join(names)} (each may start with '-')."]})
        return valid

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if ordering and queryset.model is Claim and not selectors.sees_drafts(request.user):
            ordering = [term.replace("updated_at", "last_approved_at") for term in ordering]
        return ordering
