"""Admin for the review desk's queue of claims and the log of workflow steps."""
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse

from claims.admin.claims import ClaimAdmin
from claims.admin.filters import OpenConflictFilter
from claims.admin.mixins import ReadOnlyAdminMixin, ReviewDeskMixin
from claims.models import Review, ReviewQueueItem


@admin.register(ReviewQueueItem)
class ReviewQueueAdmin(ReviewDeskMixin, admin.ModelAdmin):
    """Claims in review that the current editor may act on (not their own), oldest submission first."""

    list_display = ["statement", "submitted_at", "verdict", "created_by", "assigned_to", "conflict_badge"]
    list_display_links = ["statement"]
    list_filter = [OpenConflictFilter, "verdict", ("assigned_to", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["statement"]
    ordering = ["submitted_at", "id"]
    actions = None

    def get_queryset(self, request):
        user = request.user
        return (
            super().get_queryset(request).needing_review().with_open_conflicts().select_related("created_by",
                                                                                                "assigned_to")
            .exclude(created_by=user).exclude(last_edited_by=user)
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:claims_claim_change", args=[object_id]))

    conflict_badge = ClaimAdmin.conflict_badge


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The append-only log of every workflow step."""

    list_display = ["created_at", "claim", "action", "actor", "from_status", "to_status", "is_correction"]
    list_filter = ["action", "is_correction"]
    list_select_related = ["claim", "actor"]
    search_fields = ["claim__statement", "note", "public_note"]
    date_hierarchy = "created_at"
