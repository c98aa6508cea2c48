from django.apps import AppConfig


class ReaderConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reader"
    verbose_name = "Reader site"

    def ready(self):
        from reader.desk import register_queues

        register_queues()
