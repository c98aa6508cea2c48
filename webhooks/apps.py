from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "webhooks"
    verbose_name = "Webhooks"

    def ready(self):
        from claims.signals import change_recorded
        from webhooks.delivery import enqueue_on_change

        change_recorded.connect(enqueue_on_change, dispatch_uid="webhooks-enqueue")
