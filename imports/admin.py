"""The admin's "Import source" page, its candidate review, and the list of import jobs."""
from collections import Counter

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from claims import figures
from claims.admin.mixins import ReadOnlyAdminMixin
from claims.errors import ServiceError
from claims.models import Claim, Entity
from imports import candidates, capture, jobs, proposing, services
from imports.detector import store
from imports.forms import CandidateFormSet, ImportForm
from imports.models import DetectorVersion, ImportJob
from sources.models import Snapshot


@admin.register(DetectorVersion)
class DetectorVersionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Claim-detector models retrained by `manage.py train_detector`: read-only, the active one in use."""

    list_display = ["version", "active", "desk_examples", "f1_before", "f1", "precision", "recall", "created_at"]
    exclude = ["model"]
    readonly_fields = ["version", "corpus", "desk_examples", "replaced", "f1_before", "precision", "recall", "f1",
                       "active", "created_at"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "outcome", "candidate_count", "detector_version", "review_link", "created_by",
                    "created_at"]
    list_filter = ["status"]
    list_select_related = ["created_by", "snapshot"]
    search_fields = ["url", "input_name", "title"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="candidates")
    def review_link(self, obj):
        if obj.snapshot_id is None:
            return obj.error or "—"
        return format_html('<a href="{}">review candidates</a>',
                           reverse("admin:imports_review", args=[obj.snapshot_id]))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("review/<int:snapshot_id>/", view(self.review_view), name="imports_review"),
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
                self.message_user(request, f"Import queued (job {job.pk}); it shows here when done.", messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:imports_importjob_changelist"))
            if data["url"]:
                captured = capture.fetch(data["url"])
            elif upload:
                media_type = "text/html" if upload.name.lower().endswith((".html", ".htm")) else ""
                captured = capture.from_bytes(upload.read(), name=upload.name, media_type=media_type)
            else:
                captured = capture.from_text(data["text"]) if not capture.looks_like_html(data["text"]) \
                    else capture.from_html(data["text"])
            result = services.import_captured(
                captured, title=data["title"], publisher_name=data["publisher"], source=data["into_source"],
                user=request.user, propose=False,
            )
        except capture.CaptureError as exc:
            form.add_error(None, f"Nothing was imported: {exc}.")
            return None
        anchors = ", ".join(f"{n} {k}" for k, n in sorted(result.anchors.items()))
        self.message_user(request, f"{result.outcome.capitalize()}: “{result.source.title}”."
                          + (f" Quotes re-anchored: {anchors}." if anchors else ""),
                          messages.WARNING if result.anchors.get("missing") else messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:imports_review", args=[result.snapshot.pk]))

    def review_view(self, request, snapshot_id):
        """Show the candidates in the text; accept the ticked ones as drafts or appearances."""
        if not (self.has_add_permission(request) and request.user.has_perm("claims.add_claim")):
            raise PermissionDenied
        snapshot = get_object_or_404(Snapshot.objects.select_related("source"), pk=snapshot_id)
        detector = store.active()
        found = services.propose_candidates(snapshot, detector)
        declined = services.declined_keys(snapshot)
        type_counts = Counter(c.claim_type for c in found)
        chosen_type = request.GET.get("type", "")
        if chosen_type in type_counts:
            found = [c for c in found if c.claim_type == chosen_type]
        entity_ids = {i for c in found for i, _ in c.entities}
        entities = list(Entity.objects.filter(pk__in=entity_ids).order_by("name"))
        initial = [{
            "key": c.key, "accept": proposing.starts_ticked(c, declined),
            "statement": c.statement or c.quote, "figure_text": c.figure_text,
            "metric": c.metric[0] if c.metric else None, "subjects": [i for i, _ in c.entities],
            "period_label": c.period_label, "attach_to": proposing.preselected(c),
            "claimant": c.claimant.name if c.claimant else "", "claimant_role": c.claimant.role if c.claimant else "",
            "claimant_kind": c.claimant.kind if c.claimant else "person",
        } for c in found]
        formset = CandidateFormSet(request.POST or None, initial=initial, candidates=found, entities=entities,
                                   prefix="candidate")
        if request.method == "POST" and formset.is_valid():
            response = self._accept(request, snapshot, found, formset)
            if response is not None:
                return response
        rows = list(zip(found, formset.forms)) if formset.forms else []
        return TemplateResponse(request, "admin/imports/review.html", {
            **self.admin_site.each_context(request), "title": f"Candidate claims: {snapshot.source.title}",
            "snapshot": snapshot, "source": snapshot.source, "formset": formset, "rows": rows,
            "highlighted": _highlight(snapshot.text, found), "opts": self.model._meta,
            "missing": snapshot.source.appearances.filter(anchor="missing").select_related("claim"),
            "type_filters": [(key, label, type_counts[key]) for key, label in candidates.CLAIM_TYPES.items()
                             if type_counts[key]],
            "chosen_type": chosen_type, "candidate_total": sum(type_counts.values()),
            "detector_version": detector.version,
        })

    def _accept(self, request, snapshot, found, formset):
        by_key = {c.key: c for c in found}
        choices, declined = [], []
        for form in formset.forms:
            data = form.cleaned_data
            if not data.get("accept"):
                declined.append(data.get("key", ""))
                continue
            candidate = by_key.get(data["key"])
            if candidate is None:
                formset._non_form_errors = formset.error_class(["The candidates changed since the page loaded; reload it."])
                return None
            attach_to = Claim.objects.filter(pk=data["attach_to"]).first() if data["attach_to"] else None
            choices.append(services.Choice(
                candidate=candidate, statement=data["statement"], figure_text=data["figure_text"],
                metric=data["metric"], subjects=list(data["subjects"]), period_label=data["period_label"],
                attach_to=attach_to, claimant_name=data["claimant"], claimant_kind=data["claimant_kind"] or "person",
                claimant_role=data["claimant_role"],
            ))
        if not choices:
            formset._non_form_errors = formset.error_class(["Tick at least one candidate to accept."])
            return None
        try:
            created, attached = services.accept_candidates(snapshot=snapshot, choices=choices, user=request.user,
                                                           declined=declined)
        except (figures.FigureError, ServiceError, ValidationError) as exc:
            message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            formset._non_form_errors = formset.error_class([f"Nothing was saved: {message}"])
            return None
        self.message_user(request, f"Created {len(created)} draft claim(s); added {len(attached)} appearance(s) "
                                   "to existing claims (on published claims they wait for an editor's approval, "
                                   "under Evidence to review).", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:imports_review", args=[snapshot.pk]))


def _highlight(text: str, found) -> str:
    """Escape the text and mark each candidate's figure, linked to its row in the form."""
    out, position = [], 0
    # The rows come best first; the text is marked in reading order, each mark linked to its row.
    for number, candidate in sorted(enumerate(found), key=lambda pair: pair[1].figure_start):
        if candidate.figure_start < position:
            continue
        out.append(escape(text[position:candidate.figure_start]))
        classes = "candidate" + (" recorded" if candidate.recorded else "") + ("" if candidate.has_figure else " statement")
        out.append(f'<mark id="figure-{number}" class="{classes}">'
                   f'<a href="#candidate-{number}">{escape(text[candidate.figure_start:candidate.figure_end])}</a></mark>')
        position = candidate.figure_end
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Captures of sources: immutable; a new capture of a published source waits here for an editor.

    New captures come through "Import source" (``services.import_captured``), which decides whether
    readers see them at once; the admin approves or rejects pending ones, never edits or adds one.
    """

    list_display = ["source", "captured_at", "status", "proposed_by", "reviewed_by", "candidates"]
    list_filter = ["status"]
    list_select_related = ["source", "proposed_by", "reviewed_by"]
    search_fields = ["source__title", "sha256"]
    readonly_fields = ["candidates", "source", "text", "raw", "media_type", "fetched_url", "sha256", "captured_at", "status",
                       "proposed_by", "reviewed_by", "reviewed_at"]
    actions = ["approve_captures", "reject_captures"]

    @admin.display(description="candidates")
    def candidates(self, obj):
        """Link back to the capture's candidates, to pick up an import where it was left."""
        return format_html('<a class="snapshot-candidates" href="{}">Review its candidates</a>',
                           reverse("admin:imports_review", args=[obj.pk]))

    def _review(self, request, queryset, approve: bool):
        done = 0
        for snapshot in queryset.order_by("captured_at"):
            try:
                services.snapshot_review(snapshot=snapshot, user=request.user, approve=approve)
                done += 1
            except ServiceError as exc:
                self.message_user(request, f"{snapshot}: {exc}", messages.ERROR)
        if done:
            self.message_user(request, f"{done} capture(s) {'approved' if approve else 'rejected'}.", messages.SUCCESS)

    @admin.action(description="Approve the selected captures (readers see their text)")
    def approve_captures(self, request, queryset):
        self._review(request, queryset, approve=True)

    @admin.action(description="Reject the selected captures")
    def reject_captures(self, request, queryset):
        self._review(request, queryset, approve=False)
