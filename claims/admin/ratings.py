"""Admin for rating as its own step: the Rate page of a published claim, and the queue of ratings to approve."""
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from claims import services
from claims.admin.filters import WaitingForMeFilter
from claims.admin.mixins import ReadOnlyAdminMixin
from claims.errors import ServiceError
from claims.forms import RatingDecisionForm, RatingForm
from claims.models import Claim, RatingProposal, Verdict
from claims.services.ratings import rating_approvals_needed


def show_refusal(form, exc: ServiceError) -> None:
    """Put each unmet requirement beside the box that meets it (the rest above the form)."""
    for problem, field in exc.problems:
        form.add_error(field if field in form.fields else None, problem)


def byline(user) -> str:
    """Name a person for the newsroom: full name, with the login only as a fallback."""
    return "Crosscheck" if user is None else (user.get_full_name().strip() or user.get_username())


@admin.register(RatingProposal)
class RatingProposalAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Ratings waiting for approval (by default those the signed-in editor may approve), and past ones."""

    list_display = ["claim_column", "verdict", "status", "proposed_by_column", "approvals_column", "created_at"]
    list_display_links = ["claim_column"]
    list_filter = [WaitingForMeFilter, "status", "verdict"]
    list_select_related = ["claim", "proposed_by"]
    search_fields = ["claim__statement", "rationale"]
    ordering = ["-created_at", "-id"]
    actions = None

    def has_view_permission(self, request, obj=None):
        return services.may_propose_ratings(request.user)

    def has_module_permission(self, request):
        return services.may_propose_ratings(request.user)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(approval_count=Count("approvals"))

    @admin.display(description="claim", ordering="claim__statement")
    def claim_column(self, obj):
        return str(obj.claim)

    @admin.display(description="proposed by")
    def proposed_by_column(self, obj):
        return byline(obj.proposed_by)

    @admin.display(description="approvals")
    def approvals_column(self, obj):
        if obj.status != RatingProposal.Status.OPEN:
            return "—"
        return f"{obj.approval_count} of {rating_approvals_needed(obj)}"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [path("rate/<int:claim_pk>/", view(self.rate_view), name="claims_ratingproposal_rate")] \
            + super().get_urls()

    def rate_view(self, request, claim_pk):
        """Propose a verdict for a published claim (the service says whether it can be rated now)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        claim = get_object_or_404(Claim, pk=claim_pk)
        rated = claim.verdict != Verdict.NOT_YET_RATED
        form = RatingForm(request.POST or None, rated=rated)
        if request.method == "POST" and form.is_valid():
            try:
                proposal = services.rating_propose(claim=claim, user=request.user, **form.cleaned_data)
            except ServiceError as exc:
                show_refusal(form, exc)
            else:
                needed = rating_approvals_needed(proposal)
                self.message_user(request, f"Rating proposed: {proposal.get_verdict_display()}. Readers see it once "
                                           f"{needed} editor{'s' if needed > 1 else ''} other than you approve it.",
                                  messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:claims_ratingproposal_change", args=[proposal.pk]))
        return TemplateResponse(request, "admin/claims/ratingproposal/rate.html", {
            **self.admin_site.each_context(request), "title": f"Rate: {claim}", "claim": claim, "form": form,
            "opts": self.model._meta, "open": claim.rating_proposals.filter(status=RatingProposal.Status.OPEN).first(),
        })

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Show one proposed rating with its approvals; approve or decline it."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        proposal = get_object_or_404(RatingProposal.objects.select_related("claim", "proposed_by"), pk=object_id)
        form = RatingDecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            note = form.cleaned_data["note"]
            try:
                if "decline" in request.POST:
                    services.rating_decline(proposal=proposal, user=request.user, note=note)
                else:
                    services.rating_approve(proposal=proposal, user=request.user, note=note)
            except ServiceError as exc:
                show_refusal(form, exc)
            else:
                proposal.refresh_from_db()
                self.message_user(request, self._decision_message(proposal), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:claims_ratingproposal_change", args=[proposal.pk]))
        approvals = list(proposal.approvals.select_related("editor"))
        return TemplateResponse(request, "admin/claims/ratingproposal/decide.html", {
            **self.admin_site.each_context(request), "title": f"Rating: {proposal.claim}", "proposal": proposal,
            "form": form, "opts": self.model._meta, "approvals": [(byline(a.editor), a) for a in approvals],
            "needed": rating_approvals_needed(proposal), "proposed_by": byline(proposal.proposed_by),
            "is_open": proposal.status == RatingProposal.Status.OPEN,
        })

    @staticmethod
    def _decision_message(proposal) -> str:
        if proposal.status == RatingProposal.Status.PUBLISHED:
            what = "the corrected rating" if proposal.is_correction else "the rating"
            return f"Published: readers now see {what}, {proposal.get_verdict_display()}."
        if proposal.status == RatingProposal.Status.OPEN:
            return (f"Approval {proposal.approvals.count()} of {rating_approvals_needed(proposal)} recorded: another "
                    f"editor must approve a verdict of {proposal.get_verdict_display().lower()}.")
        return f"The rating is {proposal.get_status_display().lower()}."
