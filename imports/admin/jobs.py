"""The desk's list of imports, newest first, with what remains undecided; and the "Import source" page."""
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from imports import capture, jobs, records
from imports.admin.review import ReviewMixin
from imports.forms import ImportForm
from imports.models import ImportJob


class UndecidedFilter(admin.SimpleListFilter):
    title = "candidates"
    parameter_name = "undecided"

    def lookups(self, request, model_admin):
        return [("yes", "Has undecided"), ("no", "All decided")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(undecided__gt=0)
        if self.value() == "no":
            return queryset.filter(undecided=0)
        return queryset


@admin.register(ImportJob)
class ImportJobAdmin(ReviewMixin, admin.ModelAdmin):
    """Every import (the desk's form, the command line, background workers): a record, never edited."""

    list_display = ["__str__", "via_label", "status", "outcome", "source_link", "candidates_link", "created_by",
                    "created_at"]
    list_filter = [UndecidedFilter, "status", "via", "background"]
    list_select_related = ["created_by", "source"]
    search_fields = ["url", "input_name", "title", "source__title"]
    readonly_fields = ["candidates_link"] + [f.name for f in ImportJob._meta.fields if f.name != "text"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_undecided()

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="how")
    def via_label(self, obj):
        return obj.get_via_display() + (", in the background" if obj.background else "")

    @admin.display(description="source", ordering="source__title")
    def source_link(self, obj):
        if obj.source_id is None:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("admin:sources_source_change", args=[obj.source_id]),
                           obj.source.title)

    @admin.display(description="candidates", ordering="undecided")
    def candidates_link(self, obj):
        """Link to the candidates, saying how many are still undecided: the place to pick the import up."""
        if obj.snapshot_id is None:
            return obj.error or "—"
        total = obj.candidate_count or 0
        undecided = getattr(obj, "undecided", None)
        label = f"{undecided} of {total} undecided" if undecided else f"all {total} decided" if total else "none found"
        return format_html('<a class="import-candidates" href="{}">{}</a>',
                           reverse("admin:imports_candidates", args=[obj.pk]), label)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("review/<int:snapshot_id>/", view(self.review_view), name="imports_review"),
            path("<int:job_id>/candidates/", view(self.candidates_view), name="imports_candidates"),
        ] + super().get_urls()

    def add_view(self, request, form_url="", extra_context=None):
        """Show the "Import source" page: a URL, a file or pasted text; run now or in the background."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        # A paste over the size limit never reaches here: project.views.bad_request explains it (413).
        form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
        if form.is_bound and form.is_valid():
            response = self._import(request, form)
            if response is not None:
                return response
        return TemplateResponse(request, "admin/imports/import_form.html", {
            **self.admin_site.each_context(request), "title": "Import source", "form": form,
            "opts": self.model._meta, "has_view_permission": True,
        })

    def _import(self, request, form):
        data = form.cleaned_data
        upload = data["upload"]
        try:
            if data["background"]:
                text = capture.decode(upload.read(), name=upload.name) if upload else data["text"]
                job = jobs.queue(url=data["url"] if not upload else "", text=text,
                                 input_name=upload.name if upload else "", title=data["title"],
                                 publisher_name=data["publisher"], into_source=data["into_source"], user=request.user)
                self.message_user(request, f"Import queued (import {job.pk}); its candidates open from this list "
                                           "when it is done.", messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:imports_importjob_changelist"))
            if data["url"]:
                captured = capture.fetch(data["url"])
            elif upload:
                media_type = "text/html" if upload.name.lower().endswith((".html", ".htm")) else ""
                captured = capture.from_bytes(upload.read(), name=upload.name, media_type=media_type)
            else:
                captured = capture.from_text(data["text"]) if not capture.looks_like_html(data["text"]) \
                    else capture.from_html(data["text"])
            job, result = records.import_recorded(
                captured, via=ImportJob.Via.DESK, input_name=upload.name if upload else "", title=data["title"],
                publisher_name=data["publisher"], source=data["into_source"], user=request.user,
            )
        except capture.CaptureError as exc:
            form.add_error(None, f"Nothing was imported: {exc}.")
            return None
        anchors = ", ".join(f"{n} {k}" for k, n in sorted(result.anchors.items()))
        self.message_user(request, f"{result.outcome.capitalize()}: “{result.source.title}”."
                          + (f" Quotes re-anchored: {anchors}." if anchors else ""),
                          messages.WARNING if result.anchors.get("missing") else messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:imports_candidates", args=[job.pk]))
