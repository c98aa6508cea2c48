from django.contrib import admin, messages
from django.db import transaction

from webhooks import delivery as deliveries
from webhooks.models import Delivery, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["url", "description", "active", "created_at"]
    readonly_fields = ["secret", "created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["id", "event", "subscription", "status", "attempts", "last_status_code", "last_attempt_at",
                    "next_attempt_at"]
    list_filter = ["status", "subscription"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    actions = ["replay"]

    def has_add_permission(self, request):
        return False  # deliveries come from events

    @admin.action(description="Replay selected deliveries")
    def replay(self, request, queryset):
        with transaction.atomic():
            for item in queryset:
                deliveries.replay(item)
        self.message_user(request, f"{queryset.count()} delivery(ies) queued again.", messages.SUCCESS)
