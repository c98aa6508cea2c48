"""Newsroom roles as Django groups, and the permissions each holds.

A migration calls ``sync_role_groups`` so every database has the groups; when the table below
changes, add a migration that calls it again (it is idempotent and removes what was taken away).
"""

CONTRIBUTOR = "Contributor"
EDITOR = "Editor"
CHIEF_EDITOR = "Chief editor"
ROLES = (CONTRIBUTOR, EDITOR, CHIEF_EDITOR)

_CONTRIBUTOR_PERMISSIONS = {
    "claims": [
        "add_claim", "change_claim", "view_claim",
        "add_appearance", "change_appearance", "view_appearance",
        "add_entity", "change_entity", "view_entity",
        "add_entityalias", "change_entityalias", "view_entityalias",
        "view_metric", "view_conflict", "view_conflictmember", "view_review",
    ],
    "sources": [
        "add_publisher", "change_publisher", "view_publisher",
        "add_source", "change_source", "view_source",
        "add_snapshot", "view_snapshot",
    ],
    "imports": ["add_importjob", "view_importjob"],
}
_EDITOR_PERMISSIONS = {
    "claims": ["review_claim", "add_metric", "change_metric", "delete_entityalias", "add_conflict",
               "change_conflict"],
}
_CHIEF_EDITOR_PERMISSIONS = {
    # No account management: a role that could add or elevate users could approve its own work
    # through a second account. Accounts are the superusers' (claims.services.permissions).
    "claims": ["withdraw_claim", "delete_entity", "delete_metric"],
}


def _merge(*tables):
    merged: dict[str, list[str]] = {}
    for table in tables:
        for app_label, codenames in table.items():
            merged.setdefault(app_label, []).extend(codenames)
    return merged


ROLE_PERMISSIONS = {
    CONTRIBUTOR: _CONTRIBUTOR_PERMISSIONS,
    EDITOR: _merge(_CONTRIBUTOR_PERMISSIONS, _EDITOR_PERMISSIONS),
    CHIEF_EDITOR: _merge(_CONTRIBUTOR_PERMISSIONS, _EDITOR_PERMISSIONS, _CHIEF_EDITOR_PERMISSIONS),
}


def sync_role_groups(groups, permissions) -> None:
    """Create each role's group and give it exactly the permissions in ROLE_PERMISSIONS.

    Takes the Group and Permission managers (historical ones in migrations).
    """
    for role, table in ROLE_PERMISSIONS.items():
        group, _ = groups.get_or_create(name=role)
        wanted = []
        for app_label, codenames in table.items():
            found = permissions.filter(content_type__app_label=app_label, codename__in=codenames)
            # An older migration runs before later models (and their permissions) exist; the
            # migration that adds them calls this again. tests/desk/test_accounts.py checks nothing is missing.
            wanted.extend(found)
        group.permissions.set(wanted)
