from django.apps import AppConfig


class SeedingConfig(AppConfig):
    """Seed claims from the two founding articles, demo accounts, and synthetic corpora for benchmarks."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "seeding"
    verbose_name = "Seed and demo data"
