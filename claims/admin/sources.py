"""Admin for sources and publishers. Registered by the claims app: who may change a source readers
see depends on the claims that cite it (``claims.services.reference``), and sources know nothing of claims."""
from django.contrib import admin
from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from claims.admin.filters import SourcePublisherFilter
from claims.admin.mixins import ReferenceAdminMixin
from claims.admin.paging import LargeTableAdminMixin
from project.concurrency import ConcurrencyGuardAdminMixin
from sources.models import Publisher, Snapshot, Source


@admin.register(Publisher)
class PublisherAdmin(ReferenceAdminMixin, ConcurrencyGuardAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "homepage", "source_count"]
    list_filter = ["kind"]
    search_fields = ["name", "homepage"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(source_count=Count("sources"))

    @admin.display(description="sources", ordering="source_count")
    def source_count(self, obj):
        """Link the count to the publisher's sources (the sources changelist lists no publishers)."""
        url = reverse("admin:sources_source_changelist") + f"?{SourcePublisherFilter.parameter_name}={obj.pk}"
        return format_html('<a class="publisher-sources" href="{}">{}</a>', url, obj.source_count)


def _imports_url(query: str) -> str | None:
    """Return the imports list filtered by ``query`` (named by URL: sources know nothing of the importer)."""
    try:
        return reverse("admin:imports_importjob_changelist") + f"?{query}"
    except NoReverseMatch:  # a site without the importer
        return None


class SnapshotInline(admin.TabularInline):
    model = Snapshot
    fields = ["captured_at", "sha256", "text_length", "candidates", "imports"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="characters")
    def text_length(self, obj):
        return len(obj.text)

    @admin.display(description="candidates")
    def candidates(self, obj):
        """Link back to the capture's candidates (the importer's review page, named by URL: no import of it)."""
        try:
            url = reverse("admin:imports_review", args=[obj.pk])
        except NoReverseMatch:  # a site without the importer
            return "—"
        return format_html('<a class="snapshot-candidates" href="{}">Review its candidates</a>', url)

    @admin.display(description="imports")
    def imports(self, obj):
        url = _imports_url(f"snapshot__id__exact={obj.pk}")
        return format_html('<a class="snapshot-imports" href="{}">Its imports</a>', url) if url else "—"


@admin.register(Source)
class SourceAdmin(LargeTableAdminMixin, ReferenceAdminMixin, ConcurrencyGuardAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "publisher", "kind", "published_on", "is_repost", "url"]
    # No publisher per line and no years above the list: each read every source (12 and 23 ms of the
    # database at a million claims, 24 ms of CPU for the 1,000 publishers' links); a publisher is
    # chosen from its count on the publishers' changelist, dates from the published-on filter.
    list_filter = ["kind", SourcePublisherFilter, "published_on"]
    search_fields = ["title", "url", "authors", "publisher__name"]
    autocomplete_fields = ["publisher", "original"]
    inlines = [SnapshotInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "publisher", "authors", "url", "archive_url"]}),
        ("Dates", {"fields": ["published_on", "updated_at_source", "date_note", "retrieved_at"]}),
        ("Provenance", {"fields": ["original", "notes", "imports"]}),
    ]
    readonly_fields = ["imports"]

    def get_queryset(self, request):
        return super().get_queryset(request).for_admin()

    @admin.display(description="imports")
    def imports(self, obj):
        """Link to the imports of this source, each with its candidates still undecided."""
        url = _imports_url(f"source__id__exact={obj.pk}") if obj is not None and obj.pk else None
        return format_html('<a class="source-imports" href="{}">Imports of this source, with their candidates</a>',
                           url) if url else "—"

    @admin.display(boolean=True, description="repost")
    def is_repost(self, obj):
        return obj.is_repost
