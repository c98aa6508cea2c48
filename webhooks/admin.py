"""The desk's screens for webhooks: subscriptions (for the Webhook manager role) and their delivery log.

Every check and write is the service's (``webhooks.services``); the admin asks it who may see what and
passes the changes on. A secret appears once, on the page that follows its creation or rotation.
"""
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html

from claims.errors import ServiceError
from webhooks import services
from webhooks.models import Delivery, Subscription


class ManagedByTheRole:
    """Show and change only for the Webhook manager role (superusers hold every permission)."""

    def has_module_permission(self, request):
        return services.may_manage_webhooks(request.user)

    def has_view_permission(self, request, obj=None):
        return services.may_manage_webhooks(request.user)

    def has_add_permission(self, request):
        return services.may_manage_webhooks(request.user)

    def has_change_permission(self, request, obj=None):
        return services.may_manage_webhooks(request.user)

    def has_delete_permission(self, request, obj=None):
        return services.may_manage_webhooks(request.user)

    @staticmethod
    def refused_as_403(read, request):
        """Return what the service lets ``request.user`` read; its refusal is a 403 page, not a server error.

        Django's change, delete and history pages read the object before asking about permissions.
        """
        try:
            return read(request.user)
        except ServiceError:
            raise PermissionDenied from None


@admin.register(Subscription)
class SubscriptionAdmin(ManagedByTheRole, admin.ModelAdmin):
    list_display = ["url", "description", "active", "fingerprint", "secret_rotated_at", "created_by", "created_at"]
    fields = ["url", "description", "active", "fingerprint", "secret_rotated_at", "rotate", "created_by",
              "created_at"]
    readonly_fields = ["fingerprint", "secret_rotated_at", "rotate", "created_by", "created_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_fields(self, request, obj=None):
        # A new subscription has no secret yet (the service makes it on save): nothing to fingerprint.
        return self.fields if obj is not None else ["url", "description", "active", "rotate"]

    def get_queryset(self, request):
        return self.refused_as_403(services.subscriptions_for, request)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)

        class Checked(form):
            def clean_url(self):
                try:
                    return services.check_receiver(self.cleaned_data["url"])
                except ServiceError as exc:
                    raise self.error_class([str(exc)]) from None
        return Checked

    @admin.display(description="secret")
    def rotate(self, subscription):
        if subscription.pk is None:
            return "Made when you save, and shown once."
        return format_html('<a class="button" href="{}">Rotate the secret</a>',
                           reverse("admin:webhooks_subscription_rotate", args=[subscription.pk]))

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            services.subscription_update(subscription=obj, user=request.user, url=data["url"],
                                         description=data["description"], active=data["active"])
            return
        issued = services.subscription_create(url=data["url"], description=data["description"],
                                              active=data["active"], user=request.user)
        obj.pk, obj.secret = issued.subscription.pk, ""  # the instance the admin goes on with never holds it
        request.webhook_secret = issued

    def response_add(self, request, obj, post_url_continue=None):
        return self._show_secret(request, request.webhook_secret, "New subscription")

    def delete_model(self, request, obj):
        services.subscription_delete(subscription=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for subscription in queryset:
            services.subscription_delete(subscription=subscription, user=request.user)

    def get_urls(self):
        return [path("<int:pk>/rotate/", self.admin_site.admin_view(self.rotate_view),
                     name="webhooks_subscription_rotate")] + super().get_urls()

    def rotate_view(self, request, pk):
        subscription = get_object_or_404(self.get_queryset(request), pk=pk)
        if request.method == "POST":
            issued = services.subscription_rotate_secret(subscription=subscription, user=request.user)
            return self._show_secret(request, issued, "New secret")
        return self._page(request, subscription, "Rotate the secret", secret="")

    def _show_secret(self, request, issued, title):
        response = self._page(request, issued.subscription, title, secret=issued.secret)
        add_never_cache_headers(response)  # no cache or back button keeps the secret
        return response

    def _page(self, request, subscription, title, *, secret):
        return TemplateResponse(request, "admin/webhooks/subscription/secret.html", {
            **self.admin_site.each_context(request), "title": title, "subscription": subscription, "secret": secret,
            "opts": self.model._meta})


@admin.register(Delivery)
class DeliveryAdmin(ManagedByTheRole, admin.ModelAdmin):
    list_display = ["id", "event", "subscription", "status", "attempts", "last_status_code", "last_attempt_at",
                    "next_attempt_at"]
    list_filter = ["status", "subscription"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    actions = ["replay"]

    def get_queryset(self, request):
        return self.refused_as_403(services.deliveries_for, request)

    def has_add_permission(self, request):
        return False  # deliveries come from events

    def has_change_permission(self, request, obj=None):
        return False  # a log: replayed, never edited

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Replay selected deliveries")
    def replay(self, request, queryset):
        count = services.deliveries_replay(items=queryset, user=request.user)
        self.message_user(request, f"{count} delivery(ies) queued again.", messages.SUCCESS)
