"""Admin for entities, their aliases and metrics: reference data saved through ``services.reference_save``."""
from django.contrib import admin
from django.db.models import Count
from django.utils.text import smart_split, unescape_string_literal
from simple_history.admin import SimpleHistoryAdmin

from claims import services
from claims.admin.mixins import ReferenceAdminMixin, apply_to_each
from claims.models import Entity, EntityAlias, Metric
from project.concurrency import ConcurrencyGuardAdminMixin


class EntityAliasInline(admin.TabularInline):
    model = EntityAlias
    extra = 1
    readonly_fields = ["status"]


@admin.register(Entity)
class EntityAdmin(ReferenceAdminMixin, ConcurrencyGuardAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "alias_list", "claim_count"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [EntityAliasInline]

    def get_queryset(self, request):
        return (
            super().get_queryset(request)
            .annotate(claim_count=Count("claims", distinct=True))
            .prefetch_related("aliases")
        )

    def get_search_results(self, request, queryset, search_term):
        """Match each word against names and aliases through ``Entity.objects.containing`` (indexed lookups).

        Also what the claim form's subject and claimant autocompletes call on every keystroke.
        """
        for word in smart_split(search_term):
            if word[:1] in "\"'" and word[-1:] == word[:1] and len(word) > 1:
                word = unescape_string_literal(word)  # a quoted phrase, as Django's own search reads it
            queryset = queryset.filter(pk__in=Entity.objects.containing(word).values("pk"))
        return queryset, False

    @admin.display(description="aliases")
    def alias_list(self, obj):
        return ", ".join(alias.name for alias in obj.aliases.all())

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, obj):
        return obj.claim_count


@admin.register(EntityAlias)
class EntityAliasAdmin(ReferenceAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "entity", "note", "status", "proposed_by"]
    list_filter = ["status"]
    list_select_related = ["entity", "proposed_by"]
    search_fields = ["name", "entity__name"]
    autocomplete_fields = ["entity"]
    readonly_fields = ["status", "proposed_by"]
    actions = ["approve_names", "reject_names"]

    def _review(self, request, queryset, approve: bool):
        apply_to_each(self, request, queryset.order_by("pk"),
                      lambda alias: services.alias_review(alias=alias, user=request.user, approve=approve),
                      done=f"{{count}} name(s) {'approved' if approve else 'rejected'}.")

    @admin.action(description="Approve the selected names (readers see them)")
    def approve_names(self, request, queryset):
        self._review(request, queryset, approve=True)

    @admin.action(description="Reject the selected names (they are deleted)")
    def reject_names(self, request, queryset):
        self._review(request, queryset, approve=False)


@admin.register(Metric)
class MetricAdmin(ReferenceAdminMixin, ConcurrencyGuardAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "canonical_unit", "dimension", "additive", "cumulative", "claim_count"]
    list_filter = ["dimension", "additive", "cumulative"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["dimension"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, obj):
        return obj.claim_count
