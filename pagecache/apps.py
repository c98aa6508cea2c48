from django.apps import AppConfig


class PagecacheConfig(AppConfig):
    """Cached reader pages and API answers, valid until the domain changes what they show."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from pagecache import answers

        answers.connect_signals()
