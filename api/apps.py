from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The API infrastructure every app uses; its one table remembers idempotent requests."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    label = "api"
    verbose_name = "API"
