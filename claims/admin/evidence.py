"""Admin for evidence: appearances, and the desk of evidence waiting for an editor."""
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from claims import services
from claims.admin.filters import AppearanceSourceFilter
from claims.admin.mixins import ReviewDeskMixin, ServiceRefusalAdminMixin, apply_to_each
from claims.admin.paging import LargeTableAdminMixin
from claims.forms import EvidenceReviewForm
from claims.models import Appearance, EvidenceStatus, PendingEvidence
from project.concurrency import ConcurrencyGuardAdminMixin

EVIDENCE_FORM_FIELDS = ("source", "quote", "quote_translation", "prefix", "suffix", "figure_text", "snapshot",
                        "start_offset", "end_offset")


@admin.register(Appearance)
class AppearanceAdmin(LargeTableAdminMixin, ServiceRefusalAdminMixin, ConcurrencyGuardAdminMixin, SimpleHistoryAdmin):
    """Evidence. On a claim readers see, an addition or change waits for an editor (Evidence to review)."""

    list_display = ["quote_excerpt", "claim", "source", "figure_text", "anchor", "status"]
    list_select_related = ["claim", "source"]
    # Not a link per cited source (tens of thousands, read on every view): links from a source
    # (?source=<id>) filter by it, and the sidebar names it.
    list_filter = ["status", "anchor", AppearanceSourceFilter]
    readonly_fields = ["anchor", "status", "replaces", "proposed_by"]

    def save_model(self, request, obj, form, change):
        if change:
            saved = services.appearance_change(appearance=obj, user=request.user, **{
                name: form.cleaned_data[name] for name in form.changed_data if name in EVIDENCE_FORM_FIELDS})
        else:
            saved = services.appearance_add(user=request.user, claim=form.cleaned_data["claim"], **{
                name: form.cleaned_data[name] for name in EVIDENCE_FORM_FIELDS if name in form.cleaned_data})
            obj.pk = saved.pk
            obj._state.adding = False
        if saved.status == EvidenceStatus.PENDING:
            self.message_user(request, "Readers see this claim: the evidence waits for an editor's approval "
                                       "(Evidence to review).", messages.INFO)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or services.appearance_deletable(appearance=obj, user=request.user))

    def delete_model(self, request, obj):
        services.appearance_delete(appearance=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for appearance in queryset:
            services.appearance_delete(appearance=appearance, user=request.user)
    search_fields = ["quote", "claim__statement", "source__title"]
    autocomplete_fields = ["claim", "source", "snapshot"]

    @admin.display(description="quote")
    def quote_excerpt(self, obj):
        return obj.quote if len(obj.quote) <= 90 else obj.quote[:89] + "…"


@admin.register(PendingEvidence)
class PendingEvidenceAdmin(ReviewDeskMixin, admin.ModelAdmin):
    """Evidence added to or changed on claims readers see, waiting for an editor who did not propose it."""

    list_display = ["quote_excerpt", "claim", "source", "change", "proposed_by", "created_at"]
    list_select_related = ["claim", "source", "replaces", "proposed_by"]
    search_fields = ["quote", "claim__statement", "source__title"]
    ordering = ["created_at", "id"]
    actions = ["approve_selected", "reject_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status=EvidenceStatus.PENDING)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:claims_appearance_change", args=[object_id]))

    @admin.display(description="quote")
    def quote_excerpt(self, obj):
        return obj.quote if len(obj.quote) <= 90 else obj.quote[:89] + "…"

    @admin.display(description="what changes")
    def change(self, obj):
        if obj.replaces_id is None:
            return "new evidence"
        return format_html("<del>{}</del> → <ins>{}</ins>", obj.replaces.quote[:80], obj.quote[:80])

    def _review(self, request, queryset, approve: bool, note: str = ""):
        apply_to_each(self, request, queryset, lambda appearance: services.evidence_review(
            appearance=appearance, user=request.user, approve=approve, note=note),
            done=f"{{count}} piece(s) of evidence {'approved' if approve else 'rejected'}.")

    @admin.action(description="Approve selected evidence (readers see it)", permissions=["review"])
    def approve_selected(self, request, queryset):
        self._review(request, queryset, approve=True)

    @admin.action(description="Reject selected evidence", permissions=["review"])
    def reject_selected(self, request, queryset):
        form = EvidenceReviewForm(request.POST if "note" in request.POST else None)
        if form.is_valid():
            self._review(request, queryset, approve=False, note=form.cleaned_data["note"])
            return None
        return TemplateResponse(request, "admin/claims/pendingevidence/reject.html", {
            **self.admin_site.each_context(request), "title": "Reject evidence", "items": queryset, "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME, "opts": self.model._meta,
        })
