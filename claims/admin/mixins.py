"""Admin plumbing shared by the admin pages: writes go through services, read-only rows stay read-only."""
from django.contrib import messages
from django.http import HttpResponseRedirect

from claims import services
from claims.errors import ServiceError


class ServiceRefusalAdminMixin:
    """Show a refused write (``ServiceError``) as a message on the form, never as a server error.

    The admin saves inside a transaction, so the refusal rolls back whatever the save had begun.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceError as exc:
            self.message_user(request, f"Nothing was saved: {exc}", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ServiceError as exc:
            self.message_user(request, f"Nothing was deleted: {exc}", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class ReferenceAdminMixin(ServiceRefusalAdminMixin):
    """Sources, publishers, entities, aliases and metrics: saved by ``services.reference_save``.

    Contributors change only what readers do not see yet; a public one opens read-only for them.
    """

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or services.reference_changeable(instance=obj, user=request.user))

    def save_model(self, request, obj, form, change):
        services.reference_save(instance=obj, user=request.user)

    def delete_model(self, request, obj):
        services.reference_delete(instance=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.reference_delete(instance=obj, user=request.user)

    def save_formset(self, request, form, formset, change):
        """Save inline reference rows (an entity's aliases) one by one through the service."""
        for obj in formset.save(commit=False):
            services.reference_save(instance=obj, user=request.user)
        for obj in formset.deleted_objects:
            services.reference_delete(instance=obj, user=request.user)


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


def apply_to_each(modeladmin, request, rows, step, *, done: str) -> None:
    """Run ``step`` (one service call) on each selected row; report how many were done and each refusal.

    One refused row does not stop the others: each call is its own transaction in its service.
    ``done`` is the success message, with ``{count}`` for the number done.
    """
    count, refused = 0, []
    for row in rows:
        try:
            step(row)
            count += 1
        except ServiceError as exc:
            refused.append(f"{row}: {exc}")
    if count:
        modeladmin.message_user(request, done.format(count=count), messages.SUCCESS)
    for line in refused:
        modeladmin.message_user(request, line, messages.WARNING)
