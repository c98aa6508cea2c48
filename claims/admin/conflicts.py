"""Admin for conflicts: figures side by side, and the explain, resolve and reopen decisions."""
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from claims import selectors, services
from claims.admin.filters import ConflictEntityFilter
from claims.admin.inlines import ConflictMemberInline
from claims.admin.mixins import ReadOnlyAdminMixin
from claims.admin.paging import LargeTableAdminMixin
from claims.conflicts import conflict_sides
from claims.forms import ConflictDecisionForm, ConflictResolveForm
from claims.models import Conflict, ConflictMember


@admin.register(Conflict)
class ConflictAdmin(LargeTableAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "status", "kind", "metric", "member_count", "gap", "ratio_display", "updated_at"]
    list_filter = ["status", "kind", "metric", ConflictEntityFilter]
    search_fields = ["title", "note", "members__claim__statement"]
    # Counts on request ("Show counts"): each filter choice costs a COUNT over every conflict.
    show_facets = admin.ShowFacets.ALLOW
    inlines = [ConflictMemberInline]
    readonly_fields = ["title", "kind", "status", "metric", "gap", "ratio_display", "side_by_side", "note",
                       "flagged_by", "decided_by", "decided_at", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "kind", "status", "metric", ("gap", "ratio_display")]}),
        ("Figures in one unit", {"fields": ["side_by_side"]}),
        ("Decision", {"fields": ["note", "flagged_by", "decided_by", "decided_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).for_admin()

    def has_add_permission(self, request):
        return False  # detected automatically, or flagged from the claims list

    def has_delete_permission(self, request, obj=None):
        return False  # close it with a reason instead: the record is evidence of the newsroom's work

    @admin.display(description="claims", ordering="member_count")
    def member_count(self, conflict):
        return conflict.member_count

    @admin.display(description="apart by")
    def gap(self, conflict):
        return conflict.difference_display

    @admin.display(description="ratio")
    def ratio_display(self, conflict):
        return f"×{conflict.ratio:.2f}" if conflict.ratio else ""

    @admin.display(description="figures")
    def side_by_side(self, conflict):
        members = list(
            ConflictMember.objects.filter(conflict=conflict)
            .select_related("claim__metric")
            .prefetch_related("claim__appearances__source__publisher")
            .order_by("is_part", "claim__canonical_lower", "id")
        )
        # The numbers readers and the API give (unpublished figures after readers' sides).
        sides = conflict_sides(members, shown=lambda member: selectors.is_public_claim(member.claim))
        rows = []
        for member in sorted(members, key=lambda m: getattr(m, "side", None) or len(sides) + 1):
            claim = member.claim
            sources = "; ".join(
                f"{a.source.title} ({a.source.publisher or 'publisher unknown'})" for a in claim.appearances.all()
            )
            notes = (["part of a sum"] if member.is_part else []) + (
                [] if selectors.is_public_claim(claim) else ["not published"])
            role = " · ".join(notes)
            rows.append((getattr(member, "side", None) or "—", claim.stated_figure or "—", claim.canonical_figure or "—",
                         role, str(claim), sources))
        if not rows:
            return "—"
        body = format_html_join("", "<tr><td>{}</td><td><strong>{}</strong></td><td>{}</td><td>{}</td><td>{}</td>"
                                    "<td>{}</td></tr>", rows)
        return format_html(
            '<table class="conflict-figures"><thead><tr><th>Side</th><th>As stated</th><th>Interval in {}</th><th></th>'
            "<th>Claim</th><th>Sources</th></tr></thead><tbody>{}</tbody></table>",
            conflict.metric.canonical_unit if conflict.metric else "its unit", body,
        )

    def get_urls(self):
        decide = self.admin_site.admin_view
        return [
            path("<int:pk>/explain/", decide(self.explain_view), name="claims_conflict_explain"),
            path("<int:pk>/resolve/", decide(self.resolve_view), name="claims_conflict_resolve"),
            path("<int:pk>/reopen/", decide(self.reopen_view), name="claims_conflict_reopen"),
        ] + super().get_urls()

    def _decision_view(self, request, pk, *, title, form_class, act, **form_kwargs):
        if not services.may_decide_conflicts(request.user):
            raise PermissionDenied
        conflict = get_object_or_404(Conflict, pk=pk)
        # form_kwargs map a form argument to a function of the conflict (the resolve form needs its members).
        form = form_class(request.POST or None, **{name: make(conflict) for name, make in form_kwargs.items()})
        if request.method == "POST" and form.is_valid():
            try:
                act(conflict, form)
            except services.ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(request, f"{title}: done.", messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:claims_conflict_change", args=[pk]))
        return TemplateResponse(request, "admin/claims/conflict/decide.html", {
            **self.admin_site.each_context(request),
            "title": f"{title}: {conflict}",
            "conflict": conflict,
            "form": form,
            "opts": self.model._meta,
        })

    def explain_view(self, request, pk):
        return self._decision_view(
            request, pk, title="Explain", form_class=ConflictDecisionForm,
            act=lambda conflict, form: services.conflict_explain(
                conflict=conflict, note=form.cleaned_data["note"], user=request.user),
        )

    def resolve_view(self, request, pk):
        return self._decision_view(
            request, pk, title="Resolve", form_class=ConflictResolveForm,
            members=lambda conflict: conflict.members.select_related("claim"),
            act=lambda conflict, form: services.conflict_resolve(
                conflict=conflict, ranks=form.ranks(), note=form.cleaned_data["note"], user=request.user),
        )

    def reopen_view(self, request, pk):
        return self._decision_view(
            request, pk, title="Reopen", form_class=ConflictDecisionForm,
            act=lambda conflict, form: services.conflict_reopen(
                conflict=conflict, note=form.cleaned_data["note"], user=request.user),
        )


@admin.register(ConflictMember)
class ConflictMemberAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Each claim's place and rank in a conflict; ranks change through the conflict's Resolve page."""

    list_display = ["conflict", "claim", "is_part", "rank"]
    list_filter = ["rank", "is_part"]
    list_select_related = ["conflict", "claim"]
    search_fields = ["conflict__title", "claim__statement", "rank_reason"]
