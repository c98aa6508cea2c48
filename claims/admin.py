from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html_join
from simple_history.admin import SimpleHistoryAdmin

from claims.models import Appearance, Claim, Entity, EntityAlias, Metric


class EntityAliasInline(admin.TabularInline):
    model = EntityAlias
    extra = 1


@admin.register(Entity)
class EntityAdmin(SimpleHistoryAdmin):
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

    @admin.display(description="aliases")
    def alias_list(self, obj):
        return ", ".join(alias.name for alias in obj.aliases.all())

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, obj):
        return obj.claim_count


@admin.register(EntityAlias)
class EntityAliasAdmin(SimpleHistoryAdmin):
    list_display = ["name", "entity", "note"]
    list_select_related = ["entity"]
    search_fields = ["name", "entity__name"]
    autocomplete_fields = ["entity"]


@admin.register(Metric)
class MetricAdmin(SimpleHistoryAdmin):
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


class AppearanceInline(admin.StackedInline):
    model = Appearance
    extra = 0
    autocomplete_fields = ["source", "snapshot"]
    fields = ["source", "quote", "figure_text", ("prefix", "suffix"), "snapshot", ("start_offset", "end_offset")]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source", "snapshot__source")


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = ["statement", "status", "verdict", "metric", "stated_figure", "subject_list", "appearance_count"]
    list_filter = ["status", "verdict", "metric", ("subjects", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["statement", "figure_text", "subjects__name", "subjects__aliases__name", "appearances__quote"]
    autocomplete_fields = ["subjects", "metric"]
    readonly_fields = ["normalised_figure", "created_by", "created_at", "updated_at", "published_at"]
    inlines = [AppearanceInline]
    fieldsets = [
        (None, {"fields": ["statement", "slug", "subjects", "metric"]}),
        ("Figure", {
            "fields": ["figure_text", "normalised_figure", ("period_start", "period_end", "period_label")],
            "description": 'Type the figure as worded ("approximately 150,000 square miles"); '
                           "Crosscheck reads the value, unit and qualifier from it.",
        }),
        ("Review", {"fields": ["status", "verdict", "rationale", "published_at"]}),
        ("Record", {"fields": ["created_by", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).for_admin()

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="subjects")
    def subject_list(self, obj):
        return ", ".join(subject.name for subject in obj.subjects.all())

    @admin.display(description="appearances", ordering="appearance_count")
    def appearance_count(self, obj):
        return obj.appearance_count

    @admin.display(description="figure")
    def stated_figure(self, obj):
        return obj.stated_figure

    @admin.display(description="normalised")
    def normalised_figure(self, obj):
        if not obj.pk or not obj.has_figure:
            return "—"
        rows = [
            ("Stated", obj.stated_figure),
            ("Value", f"{obj.value.normalize():f} {obj.unit}"),
            ("Qualifier", obj.get_qualifier_display()),
        ]
        if obj.metric_id:
            rows.append((f"Interval in {obj.metric.canonical_unit}", obj.canonical_figure))
        else:
            rows.append(("Interval", "choose a metric to compare this figure with others"))
        return format_html_join("", "<div><strong>{}:</strong> {}</div>", rows)


@admin.register(Appearance)
class AppearanceAdmin(SimpleHistoryAdmin):
    list_display = ["quote_excerpt", "claim", "source", "figure_text"]
    list_select_related = ["claim", "source"]
    list_filter = [("source", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["quote", "claim__statement", "source__title"]
    autocomplete_fields = ["claim", "source", "snapshot"]

    @admin.display(description="quote")
    def quote_excerpt(self, obj):
        return obj.quote if len(obj.quote) <= 90 else obj.quote[:89] + "…"
