"""The role that manages webhook subscriptions, as a Django group holding one permission."""

WEBHOOK_MANAGER = "Webhook manager"
MANAGE_WEBHOOKS = "webhooks.manage_subscription"


def sync_webhook_manager_group(groups, permissions, content_types) -> None:
    """Create the group and give it the permission (historical managers in migrations; idempotent).

    Permissions are made after migrations by default; this one is made here so the group holds it
    from the first migrate.
    """
    app_label, codename = MANAGE_WEBHOOKS.split(".")
    content_type, _ = content_types.get_or_create(app_label=app_label, model="subscription")
    permission, _ = permissions.get_or_create(content_type=content_type, codename=codename, defaults={
        "name": "Can create, change, rotate the secret of and delete webhook subscriptions, and replay their "
                "deliveries"})
    group, _ = groups.get_or_create(name=WEBHOOK_MANAGER)
    group.permissions.add(permission)
