"""Rows shown inside a claim's or a conflict's page: its evidence, review log and members."""
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from claims.models import Appearance, ConflictMember, Review, independent_sources


class AppearanceInline(admin.StackedInline):
    model = Appearance
    extra = 0
    autocomplete_fields = ["source", "snapshot"]
    fields = ["source", "quote", "quote_translation", "figure_text", ("prefix", "suffix"), "snapshot", ("start_offset", "end_offset"),
              "anchor", "status"]
    readonly_fields = ["anchor", "status"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source", "snapshot__source")

    def has_delete_permission(self, request, obj=None):
        # Deleting evidence of a claim readers saw is refused by the service; a draft's may go.
        return super().has_delete_permission(request, obj) and (obj is None or not obj.ever_published)


class ReviewInline(admin.TabularInline):
    model = Review
    fields = ["created_at", "action", "actor", "from_status", "to_status", "note", "public_note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "review log"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class ConflictMemberInline(admin.TabularInline):
    model = ConflictMember
    fields = ["claim_link", "stated", "interval", "independent_sources", "is_part", "rank", "rank_reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("claim__metric").annotate(
            independent_source_count=independent_sources("claim__"))

    @admin.display(description="claim")
    def claim_link(self, member):
        return format_html('<a href="{}">{}</a>', reverse("admin:claims_claim_change", args=[member.claim_id]),
                           member.claim)

    @admin.display(description="as stated")
    def stated(self, member):
        return member.claim.stated_figure

    @admin.display(description="interval (canonical unit)")
    def interval(self, member):
        return member.claim.canonical_figure

    @admin.display(description="independent sources")
    def independent_sources(self, member):
        return member.independent_source_count
