"""Captures of sources and claim-detector versions in the admin: read-only records, reviewed or listed."""
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from claims.admin.mixins import ReadOnlyAdminMixin, apply_to_each
from imports import services
from imports.models import DetectorVersion
from sources.models import Snapshot


@admin.register(DetectorVersion)
class DetectorVersionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Claim-detector models retrained by `manage.py train_detector`: read-only, the active one in use."""

    list_display = ["version", "active", "desk_examples", "f1_before", "f1", "precision", "recall", "created_at"]
    exclude = ["model"]
    readonly_fields = ["version", "corpus", "desk_examples", "replaced", "f1_before", "precision", "recall", "f1",
                       "active", "created_at"]



@admin.register(Snapshot)
class SnapshotAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Captures of sources: immutable; a new capture of a published source waits here for an editor.

    New captures come through "Import source" (``services.import_captured``), which decides whether
    readers see them at once; the admin approves or rejects pending ones, never edits or adds one.
    """

    list_display = ["source", "captured_at", "status", "proposed_by", "reviewed_by", "candidates", "imports"]
    list_filter = ["status"]
    list_select_related = ["source", "proposed_by", "reviewed_by"]
    search_fields = ["source__title", "sha256"]
    readonly_fields = ["candidates", "imports", "source", "text", "raw", "media_type", "fetched_url", "sha256", "captured_at", "status",
                       "proposed_by", "reviewed_by", "reviewed_at"]
    actions = ["approve_captures", "reject_captures"]

    @admin.display(description="candidates")
    def candidates(self, obj):
        """Link back to the capture's candidates, to pick up an import where it was left."""
        return format_html('<a class="snapshot-candidates" href="{}">Review its candidates</a>',
                           reverse("admin:imports_review", args=[obj.pk]))

    @admin.display(description="imports")
    def imports(self, obj):
        """Link to the imports that captured this text (or found it again)."""
        url = reverse("admin:imports_importjob_changelist") + f"?snapshot__id__exact={obj.pk}"
        return format_html('<a class="snapshot-imports" href="{}">Its imports</a>', url)

    def _review(self, request, queryset, approve: bool):
        apply_to_each(self, request, queryset.order_by("captured_at"),
                      lambda snapshot: services.snapshot_review(snapshot=snapshot, user=request.user, approve=approve),
                      done=f"{{count}} capture(s) {'approved' if approve else 'rejected'}.")

    @admin.action(description="Approve the selected captures (readers see their text)")
    def approve_captures(self, request, queryset):
        self._review(request, queryset, approve=True)

    @admin.action(description="Reject the selected captures")
    def reject_captures(self, request, queryset):
        self._review(request, queryset, approve=False)
