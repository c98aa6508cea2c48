from django.apps import AppConfig


class ImportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "imports"
    verbose_name = "Imports"

    def ready(self):
        from django.db.models.signals import post_migrate

        from claims.apps import sync_roles_after_migrate
        from imports.desk import register_queues

        register_queues()

        # Roles hold this app's permissions too, which exist only once its own post_migrate has run.
        post_migrate.connect(sync_roles_after_migrate, sender=self, dispatch_uid="imports.sync_roles")
