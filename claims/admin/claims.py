"""Admin for claims: the editors' form, the workflow buttons, bulk actions and conflict badges."""
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from claims import selectors, services
from claims.admin.evidence import EVIDENCE_FORM_FIELDS
from claims.admin.filters import DeskFilter, OpenConflictFilter
from claims.admin.inlines import AppearanceInline, ReviewInline
from claims.admin.mixins import ServiceRefusalAdminMixin, apply_to_each
from claims.admin.paging import LargeTableAdminMixin
from claims.admin.said_before import SaidBeforeMixin
from claims.errors import ServiceError
from claims.forms import AssignForm, ConflictDecisionForm, TransitionForm
from claims.models import Appearance, Claim, ClaimStatus, Conflict, Review
from claims.queries import claim_ids_matching
from claims.workflow import in_words, transition_for
from project.concurrency import ConcurrencyGuardAdminMixin

# What a correction shows the reviewer as "published → proposed".
CORRECTION_SHOWN = ("statement", "figure_text", "period_start", "period_end", "period_label", "verdict",
                    "rationale", "claimant", "claimant_role")
# What the claim form writes through the services (the rest is read-only or workflow-controlled).
CLAIM_FORM_FIELDS = ("statement", "slug", "subjects", "claimant", "claimant_role", "metric", "figure_text",
                     "period_start", "period_end", "period_label", "verdict", "rationale")


@admin.register(Claim)
class ClaimAdmin(SaidBeforeMixin, LargeTableAdminMixin, ServiceRefusalAdminMixin, ConcurrencyGuardAdminMixin,
                 SimpleHistoryAdmin):
    # Six columns fit beside the filter at 1280 px: subjects under the statement, the metric under the figure.
    list_display = ["statement_column", "status", "verdict", "figure_column", "appearance_count", "conflict_badge"]
    list_display_links = ["statement_column"]
    # No subject filter: with tens of thousands of entities it renders a link for each; search finds
    # claims by subject name or alias instead.
    list_filter = [DeskFilter, "status", "verdict", OpenConflictFilter, "metric"]
    actions = ["submit_selected", "approve_selected", "flag_conflict"]
    search_fields = ["statement", "figure_text", "subjects__name", "subjects__aliases__name", "appearances__quote"]
    autocomplete_fields = ["subjects", "claimant", "metric"]
    readonly_fields = ["normalised_figure", "status", "is_public", "open_conflicts", "assigned_to", "created_by",
                       "last_edited_by", "created_at", "updated_at", "published_at", "last_approved_at",
                       "changes_since_published"]
    inlines = [AppearanceInline, ReviewInline]
    fieldsets = [
        (None, {"fields": ["statement", "slug", "subjects", ("claimant", "claimant_role"), "metric"]}),
        ("Figure", {
            "fields": ["figure_text", "normalised_figure", ("period_start", "period_end", "period_label")],
            "description": 'Type the figure as worded ("approximately 150,000 square miles"); '
                           "Crosscheck reads the value, unit and qualifier from it.",
        }),
        ("Review", {"fields": ["status", "is_public", "open_conflicts", "assigned_to", "verdict", "rationale",
                               ("published_at", "last_approved_at")]}),
        ("Changes since the published version", {"fields": ["changes_since_published"]}),
        ("Record", {"fields": ["created_by", "last_edited_by", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).for_admin()

    def get_search_results(self, request, queryset, search_term):
        """Find claims by words in the statement, figure or rationale (the GIN-indexed full-text vector),
        by a subject's name or alias, or by words in a quote, as one UNION of index lookups.

        Django's default ORs substring matches across joined tables, which reads every claim.
        """
        term = " ".join(search_term.split())[:200]
        if not term:
            return queryset, False
        return queryset.filter(pk__in=claim_ids_matching(term)), False

    def get_object(self, request, object_id, from_field=None):
        """Show a published claim's correction (drafted aside) as the version the form edits."""
        claim = super().get_object(request, object_id, from_field)
        return None if claim is None else selectors.with_drafts([claim])[0]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.is_public:
            # What it is about, what it measures and its address are fixed once readers have seen it.
            fields += ["slug", "subjects", "metric"]
        return fields

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else [AppearanceInline]  # a new claim has no review log

    def has_change_permission(self, request, obj=None):
        # Only drafts and claims sent back are edited; the rest move through the workflow buttons.
        return super().has_change_permission(request, obj) and (obj is None or obj.is_editable)

    def has_delete_permission(self, request, obj=None):
        # Nobody deletes what readers have seen: published claims are withdrawn with a public note.
        return super().has_delete_permission(request, obj) and (
            obj is not None and not obj.ever_published
        )

    def save_model(self, request, obj, form, change):
        """Create or edit through the services, so the rules and conflict detection hold here too."""
        fields = {name: form.cleaned_data[name] for name in CLAIM_FORM_FIELDS if name in form.cleaned_data}
        subjects = fields.pop("subjects", None)
        if change:
            saved = services.claim_update(claim=obj, user=request.user, subjects=subjects, **{
                name: value for name, value in fields.items() if name in form.changed_data})
        else:
            saved = services.claim_create(created_by=request.user, subjects=subjects or (), **fields)
        # The inlines hold this instance: give it the saved row's identity and values.
        obj.pk = saved.pk
        obj._state.adding = False
        obj.refresh_from_db()
        obj._shows_draft = False
        selectors.with_drafts([obj])
        self.tell_new_conflicts(request, obj)

    def save_related(self, request, form, formsets, change):
        """Save subjects (done by the service) and evidence through the services, never directly."""
        for formset in formsets:
            self.save_formset(request, form, formset, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Appearance:
            return super().save_formset(request, form, formset, change)  # the review log: read-only
        user = request.user
        formset.save(commit=False)
        for appearance in formset.new_objects:
            services.appearance_add(user=user, claim=form.instance, **{
                name: getattr(appearance, name) for name in EVIDENCE_FORM_FIELDS})
        for appearance, changed in formset.changed_objects:
            services.appearance_change(appearance=appearance, user=user, **{
                name: getattr(appearance, name) for name in changed if name in EVIDENCE_FORM_FIELDS})
        for appearance in formset.deleted_objects:
            services.appearance_delete(appearance=appearance, user=user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        claim = self.get_object(request, object_id)
        transitions = services.available_transitions(claim=claim, user=request.user) if claim else []
        extra_context = {**(extra_context or {}), "transitions": transitions,
                         "can_assign": services.may_review_claims(request.user),
                         "can_rate": services.may_propose_ratings(request.user)}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/workflow/<str:action>/", view(self.transition_view), name="claims_claim_transition"),
            path("<int:pk>/assign/", view(self.assign_view), name="claims_claim_assign"),
        ] + super().get_urls()

    def transition_view(self, request, pk, action):
        claim = get_object_or_404(Claim, pk=pk)
        try:
            transition = transition_for(action)
        except ServiceError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:claims_claim_change", args=[pk]))
        form = TransitionForm(request.POST or None, fields=services.transition_fields(claim=claim, transition=transition),
                              submitting=transition.action == Review.Action.SUBMIT)
        if request.method == "POST" and form.is_valid():
            try:
                review = services.claim_transition(claim=claim, action=transition.action, user=request.user,
                                                   **form.cleaned_data)
            except ServiceError as exc:
                # Show each unmet requirement next to the box that meets it, all at once.
                for problem, field in exc.problems:
                    form.show(field)
                    form.add_error(field if field in form.fields else None, problem)
            else:
                self.message_user(request, self._transition_message(claim, review), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:claims_claim_change", args=[pk]))
        open_ids = list(claim.conflict_memberships.filter(conflict__status=Conflict.Status.OPEN)
                        .order_by("conflict_id").values_list("conflict_id", flat=True))
        return TemplateResponse(request, "admin/claims/claim/transition.html", {
            **self.admin_site.each_context(request),
            "title": f"{transition.label}: {claim}",
            "claim": claim, "transition": transition, "form": form, "opts": self.model._meta,
            "open_conflicts": len(open_ids),
            "conflicts_url": self._open_conflicts_url(claim, open_ids[0] if open_ids else None, len(open_ids)),
        })

    @staticmethod
    def _transition_message(claim, review) -> str:
        """Say what the step did; an approval that needs another editor says how many it has."""
        if review.action == Review.Action.APPROVE and review.to_status == ClaimStatus.IN_REVIEW:
            given, needed = services.approval_progress(claim)
            return (f"Approval {given} of {needed} recorded: {claim} stays in review until another editor "
                    f"approves it (a verdict of {claim.get_verdict_display().lower()} needs {needed}).")
        return f"{review.get_action_display()}: {claim} is now {review.get_to_status_display().lower()}."

    @staticmethod
    def _open_conflicts_url(claim, first_open_conflict_id=None, count=None) -> str:
        """Link to the claim's one open conflict, or to the list of them when there are several."""
        if count == 1 and first_open_conflict_id:
            return reverse("admin:claims_conflict_change", args=[first_open_conflict_id])
        return reverse("admin:claims_conflict_changelist") + f"?claims__id__exact={claim.pk}&status__exact=open"

    def assign_view(self, request, pk):
        claim = get_object_or_404(Claim, pk=pk)
        form = AssignForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.claim_assign(claim=claim, reviewer=form.cleaned_data["reviewer"], user=request.user,
                                      note=form.cleaned_data["note"])
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(request, f"Assigned to {form.cleaned_data['reviewer']}.", messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:claims_claim_change", args=[pk]))
        return TemplateResponse(request, "admin/claims/claim/transition.html", {
            **self.admin_site.each_context(request),
            "title": f"Assign a reviewer: {claim}", "claim": claim, "form": form, "opts": self.model._meta,
        })

    def _bulk_transition(self, request, queryset, action):
        apply_to_each(self, request, queryset, lambda claim: services.claim_transition(
            claim=claim, action=action, user=request.user), done="{count} claim(s) done.")

    @admin.action(description="Submit selected claims for review", permissions=["change"])
    def submit_selected(self, request, queryset):
        self._bulk_transition(request, queryset, Review.Action.SUBMIT)

    @admin.action(description="Approve selected claims", permissions=["review"])
    def approve_selected(self, request, queryset):
        self._bulk_transition(request, queryset, Review.Action.APPROVE)

    def has_review_permission(self, request):
        return services.may_review_claims(request.user)

    @admin.display(description="changes")
    def changes_since_published(self, obj):
        """List what the correction drafted aside would change for readers: published → proposed."""
        draft = selectors.draft_of(obj) if obj is not None and obj.pk is not None else None
        if draft is None:
            return "—"
        published = Claim.objects.get(pk=obj.pk)
        changes = [(name, getattr(published, name), getattr(draft, name)) for name in CORRECTION_SHOWN
                   if getattr(published, name) != getattr(draft, name)]
        if not changes:
            return "No changes to the content yet."
        return format_html_join(
            "", "<div><strong>{}</strong>: <del>{}</del> → <ins>{}</ins></div>",
            [(in_words([name]), old if old not in (None, "") else "—", new if new not in (None, "") else "—")
             for name, old, new in changes],
        )

    @admin.display(description="conflicts")
    def conflict_badge(self, obj):
        if not obj.open_conflict_count:
            return ""
        url = ClaimAdmin._open_conflicts_url(obj, obj.first_open_conflict_id, obj.open_conflict_count)
        return format_html('<a href="{}" class="conflict-badge">⚠ {} open</a>', url, obj.open_conflict_count)

    @admin.action(description="Flag selected claims as contradicting each other", permissions=["flag"])
    def flag_conflict(self, request, queryset):
        form = ConflictDecisionForm(request.POST if "note" in request.POST else None)
        if form.is_valid():
            try:
                conflict = services.conflict_flag(claims=queryset, note=form.cleaned_data["note"], user=request.user)
            except services.ServiceError as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return None
            self.message_user(request, f"Flagged: {conflict}.", messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:claims_conflict_change", args=[conflict.pk]))
        return TemplateResponse(request, "admin/claims/claim/flag_conflict.html", {
            **self.admin_site.each_context(request),
            "title": "Flag a contradiction",
            "claims": queryset,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
        })

    def has_flag_permission(self, request):
        return services.may_flag_conflicts(request.user)

    @admin.display(description="open conflicts")
    def open_conflicts(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        conflicts = list(Conflict.objects.filter(members__claim=obj, status=Conflict.Status.OPEN).order_by("id"))
        return format_html_join(", ", '<a href="{}" class="conflict-badge">⚠ {}</a>', [
            (reverse("admin:claims_conflict_change", args=[conflict.pk]), conflict) for conflict in conflicts
        ]) or "None"

    @admin.display(description="statement", ordering="statement")
    def statement_column(self, obj):
        subjects = ", ".join(subject.name for subject in obj.subjects.all())
        return format_html('{}<div class="quiet">{}</div>', obj.statement, subjects) if subjects else obj.statement

    @admin.display(description="quotes", ordering="appearance_count")
    def appearance_count(self, obj):
        return obj.appearance_count

    @admin.display(description="figure")
    def figure_column(self, obj):
        if not obj.has_figure:
            return "—"
        return format_html('{}<div class="quiet">{}</div>', obj.stated_figure, obj.metric or "no metric yet")

    @admin.display(description="normalised")
    def normalised_figure(self, obj):
        if not obj.pk or not obj.has_figure:
            return "—"
        rows = [
            ("Stated", obj.stated_figure),
            ("Value", f"{obj.value.normalize():f} {obj.unit}"),
            ("Qualifier", obj.get_qualifier_display()),
        ]
        if obj.metric_id:
            rows.append((f"Interval in {obj.metric.canonical_unit}", obj.canonical_figure))
        else:
            rows.append(("Interval", "choose a metric to compare this figure with others"))
        return format_html_join("", "<div><strong>{}:</strong> {}</div>", rows)
