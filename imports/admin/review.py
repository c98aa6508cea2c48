"""An import's candidates: the text with each candidate marked, what the desk decided, and what was said before.

Ticked candidates become draft claims or appearances; the rest are declined or left for later; a
candidate repeating a recorded claim becomes its appearance in one click. Decisions are written by
``services.accept_candidates``; this page only gathers them.
"""
from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from claims import figures
from claims.errors import ServiceError
from claims.models import Claim, Entity
from imports import accepting, candidates, proposing, records, services
from imports.detector import store
from imports.forms import CandidateFormSet
from imports.models import ImportJob
from sources.models import Snapshot

LATER = "later"  # the submit button that leaves unticked candidates undecided


class ReviewMixin:
    """The candidate pages of ImportJobAdmin: by import (kept candidates) or by capture (proposed afresh)."""

    def _may_review(self, request) -> None:
        if not accepting.may_decide(request.user):  # the service's own rule, asked before showing the page
            raise PermissionDenied

    def candidates_view(self, request, job_id):
        """Show an import's candidates as it proposed them, with the desk's decisions so far."""
        self._may_review(request)
        job = get_object_or_404(ImportJob.objects.select_related("snapshot__source", "created_by"), pk=job_id)
        if job.snapshot is None:
            self.message_user(request, f"Import {job.pk} has no capture to review: {job.error or job.get_status_display()}.",
                              messages.WARNING)
            return HttpResponseRedirect(reverse("admin:imports_importjob_changelist"))
        return self._review(request, job.snapshot, records.candidates_of(job), job=job,
                            detector_version=job.detector_version)

    def review_view(self, request, snapshot_id):
        """Show a capture's candidates: those of its newest import, or proposed afresh when none recorded it."""
        self._may_review(request)
        job = records.newest_of(snapshot_id)
        if job is not None and request.method == "GET":
            query = f"?{request.GET.urlencode()}" if request.GET else ""
            return HttpResponseRedirect(reverse("admin:imports_candidates", args=[job.pk]) + query)
        snapshot = get_object_or_404(Snapshot.objects.select_related("source"), pk=snapshot_id)
        detector = store.active()
        return self._review(request, snapshot, services.propose_candidates(snapshot, detector), job=None,
                            detector_version=detector.version)

    def _review(self, request, snapshot, found, *, job, detector_version):
        here = reverse("admin:imports_candidates", args=[job.pk]) if job else \
            reverse("admin:imports_review", args=[snapshot.pk])
        if request.method == "POST" and request.POST.get("repeat"):
            return self._record_repeat(request, snapshot, found, request.POST["repeat"], here)
        decisions = services.decisions_of(snapshot)
        type_counts = Counter(c.claim_type for c in found)
        chosen_type = request.GET.get("type", "")
        shown = [c for c in found if c.claim_type == chosen_type] if chosen_type in type_counts else found
        formset = _formset(request, shown, decisions)
        if request.method == "POST" and formset.is_valid():
            response = self._accept(request, snapshot, shown, formset, here)
            if response is not None:
                return response
        return TemplateResponse(request, "admin/imports/review.html", {
            **self.admin_site.each_context(request), "title": f"Candidate claims: {snapshot.source.title}",
            "snapshot": snapshot, "source": snapshot.source, "job": job, "formset": formset,
            "rows": [(c, form, decisions.get(c.key)) for c, form in zip(shown, formset.forms)],
            "undecided": sum(1 for c in found if c.key not in decisions),
            "highlighted": _highlight(snapshot.text, shown), "opts": self.model._meta,
            "missing": snapshot.source.appearances.filter(anchor="missing").select_related("claim"),
            "type_filters": [(key, label, type_counts[key]) for key, label in candidates.CLAIM_TYPES.items()
                             if type_counts[key]],
            "chosen_type": chosen_type, "candidate_total": len(found), "detector_version": detector_version,
        })

    def _accept(self, request, snapshot, found, formset, here):
        by_key = {c.key: c for c in found}
        choices, unticked = [], []
        for form in formset.forms:
            data = form.cleaned_data
            candidate = by_key.get(data.get("key", ""))
            if candidate is None:
                formset._non_form_errors = formset.error_class(["The candidates changed since the page loaded; reload it."])
                return None
            if not data.get("accept"):
                unticked.append(candidate)
                continue
            attach_to = Claim.objects.filter(pk=data["attach_to"]).first() if data["attach_to"] else None
            choices.append(services.Choice(
                candidate=candidate, statement=data["statement"], figure_text=data["figure_text"],
                metric=data["metric"], subjects=list(data["subjects"]), period_label=data["period_label"],
                attach_to=attach_to, claimant_name=data["claimant"], claimant_kind=data["claimant_kind"] or "person",
                claimant_role=data["claimant_role"],
            ))
        later = request.POST.get("rest") == LATER
        if not choices and (later or not unticked):
            formset._non_form_errors = formset.error_class(["Tick at least one candidate to accept."])
            return None
        try:
            created, attached = services.accept_candidates(snapshot=snapshot, choices=choices, user=request.user,
                                                           declined=[] if later else unticked)
        except (figures.FigureError, ServiceError, ValidationError) as exc:
            message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            formset._non_form_errors = formset.error_class([f"Nothing was saved: {message}"])
            return None
        rest = "The rest are left for later." if later else "The rest are declined (tick one later to accept it)."
        self.message_user(request, f"Created {len(created)} draft claim(s); added {len(attached)} appearance(s) "
                                   "to existing claims (on published claims they wait for an editor's approval, "
                                   f"under Evidence to review). {rest}", messages.SUCCESS)
        return HttpResponseRedirect(here)

    def _record_repeat(self, request, snapshot, found, value, here):
        """Record one candidate as an appearance of a claim it repeats ("Said before"), in one click."""
        key, _, claim_id = value.partition(":")
        candidate = next((c for c in found if c.key == key), None)
        if candidate is None or claim_id not in {str(m["id"]) for m in candidate.matches}:
            self.message_user(request, "That claim is no longer listed as said before; reload the page.", messages.ERROR)
            return HttpResponseRedirect(here)
        claim = Claim.objects.get(pk=claim_id)
        try:
            services.accept_candidates(snapshot=snapshot, user=request.user,
                                       choices=[services.Choice(candidate=candidate, attach_to=claim)])
        except (figures.FigureError, ServiceError, ValidationError) as exc:
            message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            self.message_user(request, f"Nothing was saved: {message}", messages.ERROR)
            return HttpResponseRedirect(here)
        self.message_user(request, f"Recorded as an appearance of “{claim.statement}” ({claim.get_status_display().lower()},"
                                   f" {claim.get_verdict_display().lower()}).", messages.SUCCESS)
        return HttpResponseRedirect(here)


def _formset(request, found, decisions):
    """Build the candidates' forms: each ticked as a safe default, unless the desk decided otherwise before."""
    declined = {key for key, decision in decisions.items() if not decision.accepted}
    entities = list(Entity.objects.filter(pk__in={i for c in found for i, _ in c.entities}).order_by("name"))
    initial = [{
        "key": c.key, "accept": proposing.starts_ticked(c, declined),
        "statement": c.statement or c.quote, "figure_text": c.figure_text,
        "metric": c.metric[0] if c.metric else None, "subjects": [i for i, _ in c.entities],
        "period_label": c.period_label, "attach_to": proposing.preselected(c),
        "claimant": c.claimant.name if c.claimant else "", "claimant_role": c.claimant.role if c.claimant else "",
        "claimant_kind": c.claimant.kind if c.claimant else "person",
    } for c in found]
    data = request.POST if request.method == "POST" else None
    return CandidateFormSet(data, initial=initial, candidates=found, entities=entities, prefix="candidate")


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
