"""The review desk's "Reader reports" queue: open first, oldest first; answered only through reader.services."""
from django import forms
from django.contrib import admin, messages
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from claims.admin.mixins import apply_to_each
from claims.errors import ServiceError
from claims.services.permissions import may_review_claims
from reader import services
from reader.models import ReaderReport


class AnswerForm(forms.Form):
    answer = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 6, "cols": 80}), help_text=(
        "To the reader (e-mailed when they gave an address). For “Publish as correction”: the correction "
        "note you propose; it becomes public when the corrected claim is approved with it."))


@admin.register(ReaderReport)
class ReaderReportAdmin(SimpleHistoryAdmin):
    """Readers' error reports and claim suggestions: read by those who review, answered through the service."""

    list_display = ["__str__", "text_excerpt", "about", "status", "created_at", "answered_by"]
    list_select_related = ["claim", "answered_by"]
    list_filter = ["status", "kind"]
    show_facets = admin.ShowFacets.ALWAYS  # the desk's counts: open, answered, dismissed; errors, suggestions
    search_fields = ["text", "page", "answer", "claim__statement"]
    actions = ["dismiss_selected"]

    def get_ordering(self, request):
        open_first = Case(When(status=ReaderReport.Status.OPEN, then=Value(0)), default=Value(1),
                          output_field=IntegerField())
        return [open_first.asc(), "created_at", "id"]

    def has_view_permission(self, request, obj=None):
        return may_review_claims(request.user)

    def has_module_permission(self, request):
        return may_review_claims(request.user)

    def has_review_permission(self, request):
        return may_review_claims(request.user)

    def has_add_permission(self, request):
        return False  # reports come from readers, through the public form

    def has_change_permission(self, request, obj=None):
        return False  # changed only by answering, dismissing or publishing a correction

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="report")
    def text_excerpt(self, obj):
        return obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"

    @admin.display(description="about")
    def about(self, obj):
        return obj.claim or obj.page or "—"

    def changelist_view(self, request, extra_context=None):
        open_count = ReaderReport.objects.filter(status=ReaderReport.Status.OPEN).count()
        return super().changelist_view(request, {**(extra_context or {}),
                                                 "title": f"Reader reports: {open_count} open"})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Show the report and its answer form; each button calls one service."""
        if not self.has_view_permission(request):
            return super().change_view(request, object_id, form_url, extra_context)  # Django's own 403
        report = get_object_or_404(ReaderReport.objects.select_related("claim", "answered_by", "correction"),
                                   pk=object_id)
        form = AnswerForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            answer = form.cleaned_data["answer"]
            act = {"answer": lambda: services.reader_report_answer(report=report, user=request.user, answer=answer),
                   "correct": lambda: services.reader_report_correct(report=report, user=request.user, answer=answer),
                   "dismiss": lambda: services.reader_report_dismiss(report=report, user=request.user, note=answer)}
            chosen = next((name for name in act if f"_{name}" in request.POST), None)
            if chosen is None:
                form.add_error(None, "Choose Answer, Publish as correction or Dismiss.")
            else:
                try:
                    act[chosen]()
                except ServiceError as exc:
                    for message, field in exc.problems:
                        form.add_error(field if field in form.fields else None, message)
                else:
                    done = {"answer": "Answered", "dismiss": "Dismissed",
                            "correct": "The claim is reopened for correction; the report is answered"}[chosen]
                    self.message_user(request, f"{report}: {done}.", messages.SUCCESS)
                    return HttpResponseRedirect(reverse("admin:reader_readerreport_changelist"))
        return TemplateResponse(request, "admin/reader/readerreport/answer.html", {
            **self.admin_site.each_context(request), "title": str(report), "report": report, "form": form,
            "opts": self.model._meta, "may_answer": may_review_claims(request.user),
        })

    @admin.action(description="Dismiss selected reports", permissions=["review"])
    def dismiss_selected(self, request, queryset):
        apply_to_each(self, request, queryset, lambda report: services.reader_report_dismiss(
            report=report, user=request.user), done="{count} report(s) dismissed.")
