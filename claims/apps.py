from django.apps import AppConfig
from django.db.models.signals import post_migrate


def sync_roles_after_migrate(sender, using="default", **kwargs):
    """Keep the role groups in step with claims/roles.py after every migrate (and test flush)."""
    from django.contrib.auth.models import Group, Permission

    from claims.roles import sync_role_groups

    sync_role_groups(Group.objects.using(using), Permission.objects.using(using))


class ClaimsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "claims"

    def ready(self):
        # Like Django's own permissions: data every database must hold, restored after a flush.
        post_migrate.connect(sync_roles_after_migrate, sender=self, dispatch_uid="claims.sync_roles")
        from claims.desk import register_queues

        register_queues()
