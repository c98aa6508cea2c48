from django.contrib import admin, messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count
from django.db.models.expressions import RawSQL
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import smart_split, unescape_string_literal
from simple_history.admin import SimpleHistoryAdmin

from claims import (
    admin_accounts,  # noqa: F401 - users and groups: superusers only
    admin_sources,  # noqa: F401 - registers the sources and publishers pages
    services,
)
from claims.admin_paging import LargeTableAdminMixin
from claims.admin_reference import ReferenceAdminMixin, ServiceRefusalAdminMixin
from claims.errors import ServiceError
from claims.forms import AssignForm, ConflictDecisionForm, ConflictResolveForm, EvidenceReviewForm, TransitionForm
from claims.models import (
    Appearance,
    Claim,
    ClaimStatus,
    Conflict,
    ConflictMember,
    Entity,
    EntityAlias,
    EvidenceStatus,
    Metric,
    PendingEvidence,
    Review,
    ReviewQueueItem,
    contains_pattern,
    independent_sources,
)
from claims.workflow import transition_for
from project.concurrency import ConcurrencyGuardAdminMixin
from sources.models import Source

# What the claim form writes through the services (the rest is read-only or workflow-controlled).
CLAIM_FORM_FIELDS = ("statement", "slug", "subjects", "claimant", "claimant_role", "metric", "figure_text",
                     "period_start", "period_end", "period_label", "verdict", "rationale")
EVIDENCE_FORM_FIELDS = ("source", "quote", "prefix", "suffix", "figure_text", "snapshot", "start_offset",
                        "end_offset")


class ReadOnlyAdminMixin:
    """Rows written only by the services (reviews, conflict ranks): listed and read, never edited here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReviewDeskMixin(ReadOnlyAdminMixin):
    """A queue on the review desk: read by those who review, acted on only through its actions and pages."""

    def has_view_permission(self, request, obj=None):
        return services.may_review_claims(request.user)

    def has_review_permission(self, request):
        return services.may_review_claims(request.user)


class EntityAliasInline(admin.TabularInline):
    model = EntityAlias
    extra = 1


@admin.register(Entity)
class EntityAdmin(ReferenceAdminMixin, ConcurrencyGuardAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "alias_list", "claim_count"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [EntityAliasInline]

    def get_queryset(self, request):
        return (
            super().get_queryset(request)
            .annotate(claim_count=Count("claims", distinct=True))
            .prefetch_related("aliases")
        )

    def get_search_results(self, request, queryset, search_term):
        """Match each word against names and aliases through ``Entity.objects.containing`` (indexed lookups).

        Also what the claim form's subject and claimant autocompletes call on every keystroke.
        """
        for word in smart_split(search_term):
            if word[:1] in "\"'" and word[-1:] == word[:1] and len(word) > 1:
                word = unescape_string_literal(word)  # a quoted phrase, as Django's own search reads it
            queryset = queryset.filter(pk__in=Entity.objects.containing(word).values("pk"))
        return queryset, False

    @admin.display(description="aliases")
    def alias_list(self, obj):
        return ", ".join(alias.name for alias in obj.aliases.all())

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, obj):
        return obj.claim_count


@admin.register(EntityAlias)
class EntityAliasAdmin(ReferenceAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "entity", "note"]
    list_select_related = ["entity"]
    search_fields = ["name", "entity__name"]
    autocomplete_fields = ["entity"]


@admin.register(Metric)
class MetricAdmin(ReferenceAdminMixin, ConcurrencyGuardAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "canonical_unit", "dimension", "additive", "cumulative", "claim_count"]
    list_filter = ["dimension", "additive", "cumulative"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["dimension"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, obj):
        return obj.claim_count


class AppearanceInline(admin.StackedInline):
    model = Appearance
    extra = 0
    autocomplete_fields = ["source", "snapshot"]
    fields = ["source", "quote", "figure_text", ("prefix", "suffix"), "snapshot", ("start_offset", "end_offset"),
              "anchor", "status"]
    readonly_fields = ["anchor", "status"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source", "snapshot__source")

    def has_delete_permission(self, request, obj=None):
        # Deleting evidence of a claim readers saw is refused by the service; a draft's may go.
        return super().has_delete_permission(request, obj) and (obj is None or not obj.is_public)


class OpenConflictFilter(admin.SimpleListFilter):
    title = "open conflicts"
    parameter_name = "conflicts"

    def lookups(self, request, model_admin):
        return [("open", "Has an open conflict"), ("none", "No open conflict")]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(open_conflict_count__gt=0)
        if self.value() == "none":
            return queryset.filter(open_conflict_count=0)
        return queryset


class DeskFilter(admin.SimpleListFilter):
    """The views a newsroom desk needs: my drafts, sent back to me, assigned to me."""

    title = "desk"
    parameter_name = "desk"

    def lookups(self, request, model_admin):
        return [("my_drafts", "My drafts"), ("sent_back", "Changes requested of me"),
                ("assigned", "Assigned to me for review")]

    def queryset(self, request, queryset):
        mine = queryset.filter(created_by=request.user)
        return {
            "my_drafts": mine.filter(status=ClaimStatus.DRAFT),
            "sent_back": mine.filter(status=ClaimStatus.CHANGES_REQUESTED),
            "assigned": queryset.filter(assigned_to=request.user, status=ClaimStatus.IN_REVIEW),
        }.get(self.value(), queryset)


class ReviewInline(admin.TabularInline):
    model = Review
    fields = ["created_at", "action", "actor", "from_status", "to_status", "note", "public_note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "review log"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


@admin.register(Claim)
class ClaimAdmin(LargeTableAdminMixin, ServiceRefusalAdminMixin, ConcurrencyGuardAdminMixin, SimpleHistoryAdmin):
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
        entity_ids = list(Entity.objects.containing(term).values_list("pk", flat=True)[:2000])
        matching = RawSQL(
            "SELECT id FROM claims_claim WHERE search_vector @@ websearch_to_tsquery('english', %s) OR slug = %s "
            "UNION SELECT claim_id FROM claims_claim_subjects WHERE entity_id = ANY(%s) "
            "UNION SELECT claim_id FROM claims_appearance WHERE quote ILIKE %s",
            [term, term, entity_ids, contains_pattern(term)],
        )
        return queryset.filter(pk__in=matching), False

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else [AppearanceInline]  # a new claim has no review log

    def has_change_permission(self, request, obj=None):
        # Only drafts and claims sent back are edited; the rest move through the workflow buttons.
        return super().has_change_permission(request, obj) and (obj is None or obj.is_editable)

    def has_delete_permission(self, request, obj=None):
        # Nobody deletes what readers have seen: published claims are withdrawn with a public note.
        return super().has_delete_permission(request, obj) and (
            obj is not None and not obj.is_public and obj.status != ClaimStatus.WITHDRAWN
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
                         "can_assign": services.may_review_claims(request.user)}
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
        done, refused = 0, []
        for claim in queryset:
            try:
                services.claim_transition(claim=claim, action=action, user=request.user)
                done += 1
            except ServiceError as exc:
                refused.append(f"{claim}: {exc}")
        if done:
            self.message_user(request, f"{done} claim(s) done.", messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.WARNING)

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
        if obj is None or obj.pk is None or obj.published_history_id is None or obj.status == ClaimStatus.PUBLISHED:
            return "—"
        current = obj.history.first()
        published = obj.history.get(history_id=obj.published_history_id)
        delta = current.diff_against(published, excluded_fields=["updated_at", "status", "submitted_at",
                                                                 "last_edited_by", "assigned_to", "is_public"])
        if not delta.changes:
            return "No changes to the content yet."
        return format_html_join(
            "", "<div><strong>{}</strong>: <del>{}</del> → <ins>{}</ins></div>",
            [(change.field, change.old if change.old not in (None, "") else "—",
              change.new if change.new not in (None, "") else "—") for change in delta.changes],
        )

    @admin.display(description="conflicts", ordering="open_conflict_count")
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


class AppearanceSourceFilter(admin.SimpleListFilter):
    """Filter evidence by one source, named in the sidebar once chosen."""

    title = "source"
    parameter_name = "source"

    def lookups(self, request, model_admin):
        chosen = request.GET.get(self.parameter_name, "")
        if not chosen:
            return []
        # Always a choice once one is asked for: the admin applies only filters that show something.
        title = Source.objects.filter(pk=int(chosen)).values_list("title", flat=True).first() \
            if chosen.isdigit() and int(chosen) < 2**63 else None
        return [(chosen, title or "No such source")]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if not str(value).isdigit() or int(value) >= 2**63:
            return queryset.none()
        return queryset.filter(source_id=int(value))


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


class ConflictMemberInline(admin.TabularInline):
    model = ConflictMember
    fields = ["claim_link", "stated", "interval", "independent_sources", "is_part", "rank", "rank_reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("claim__metric").annotate(
            independent_source_count=independent_sources("claim__"))

    @admin.display(description="claim")
    def claim_link(self, member):
        return format_html('<a href="{}">{}</a>', reverse("admin:claims_claim_change", args=[member.claim_id]),
                           member.claim)

    @admin.display(description="as stated")
    def stated(self, member):
        return member.claim.stated_figure

    @admin.display(description="interval (canonical unit)")
    def interval(self, member):
        return member.claim.canonical_figure

    @admin.display(description="independent sources")
    def independent_sources(self, member):
        return member.independent_source_count


class ConflictEntityFilter(admin.SimpleListFilter):
    """Filter by the entities most often in conflict (a long list helps nobody and costs a COUNT each)."""

    title = "entity"
    parameter_name = "entity"
    most = 30

    # The ranking reads every membership's subjects (350 ms at a million claims), so the desk's
    # processes share it for a few minutes: a new conflict's entity joins the list a little late,
    # and choosing any entity (from a link or the URL) still filters exactly.
    cache_seconds = 300

    def lookups(self, request, model_admin):
        return cache.get_or_set(f"admin:conflict-entities:{self.most}", self._most_in_conflict, self.cache_seconds)

    def _most_in_conflict(self) -> list[tuple[int, str]]:
        # Grouped on the subjects table alone, names joined for the grouped rows only: the join
        # through claims and entities first grouped every (entity, claim, membership) row, 2-3× slower.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.id, e.name FROM (SELECT s.entity_id, COUNT(DISTINCT m.conflict_id) AS n "  # noqa: S608
                f"FROM {ConflictMember._meta.db_table} m JOIN {Claim.subjects.through._meta.db_table} s "
                f"ON s.claim_id = m.claim_id GROUP BY s.entity_id) ranked "
                f"JOIN {Entity._meta.db_table} e ON e.id = ranked.entity_id ORDER BY ranked.n DESC, e.name LIMIT %s",
                [self.most])
            return [tuple(row) for row in cursor.fetchall()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(members__claim__subjects=self.value()).distinct()
        return queryset


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
        members = (
            ConflictMember.objects.filter(conflict=conflict)
            .select_related("claim__metric")
            .prefetch_related("claim__appearances__source__publisher")
            .order_by("is_part", "claim__canonical_lower")
        )
        rows = []
        for member in members:
            claim = member.claim
            sources = "; ".join(
                f"{a.source.title} ({a.source.publisher or 'publisher unknown'})" for a in claim.appearances.all()
            )
            role = "part of a sum" if member.is_part else ""
            rows.append((claim.stated_figure or "—", claim.canonical_figure or "—", role, str(claim), sources))
        if not rows:
            return "—"
        body = format_html_join("", "<tr><td><strong>{}</strong></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                                rows)
        return format_html(
            '<table class="conflict-figures"><thead><tr><th>As stated</th><th>Interval in {}</th><th></th>'
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
        done, refused = 0, []
        for appearance in queryset:
            try:
                services.evidence_review(appearance=appearance, user=request.user, approve=approve, note=note)
                done += 1
            except ServiceError as exc:
                refused.append(f"{appearance}: {exc}")
        if done:
            self.message_user(request, f"{done} piece(s) of evidence {'approved' if approve else 'rejected'}.",
                              messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.WARNING)

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


@admin.register(ConflictMember)
class ConflictMemberAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Each claim's place and rank in a conflict; ranks change through the conflict's Resolve page."""

    list_display = ["conflict", "claim", "is_part", "rank"]
    list_filter = ["rank", "is_part"]
    list_select_related = ["conflict", "claim"]
    search_fields = ["conflict__title", "claim__statement", "rank_reason"]
