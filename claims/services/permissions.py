"""Who may write: the role check every service makes before it changes anything."""
from __future__ import annotations

from claims.errors import ServiceError


def require(user, permission: str, doing: str) -> None:
    """Refuse unless ``user`` holds ``permission``.

    ``None`` is Crosscheck itself (seed data, management commands, background re-anchoring), which
    acts with the authority of whoever ran the command on the server.
    """
    if user is not None and not user.has_perm(permission):
        raise ServiceError(f"You are not allowed to {doing}.", code="permission")


def may(user, permission: str) -> bool:
    """Say whether ``user`` holds ``permission`` (None, the system, may do anything)."""
    return user is None or user.has_perm(permission)


# Every permission a service checks, named once: services pass these to ``require`` and ``may``.
REVIEW = "claims.review_claim"
FLAG_CONFLICTS = "claims.add_conflict"
DECIDE_CONFLICTS = "claims.change_conflict"
CREATE_CLAIMS = "claims.add_claim"
EDIT_CLAIMS = "claims.change_claim"
ADD_EVIDENCE = "claims.add_appearance"
CHANGE_EVIDENCE = "claims.change_appearance"
DELETE_EVIDENCE = "claims.delete_appearance"
IMPORT_ARTICLES = "imports.add_importjob"


def may_manage_accounts(user) -> bool:
    """Say whether ``user`` creates, changes or deletes users and groups, or sets passwords.

    Superusers only, whatever permissions a user or group holds: an editorial role that could create or
    elevate accounts could approve its own work through a second one (four eyes defeated by one person).
    """
    return bool(user is not None and user.is_active and user.is_superuser)


def may_review_claims(user) -> bool:
    """Say whether ``user`` approves, sends back and assigns claims, and reviews pending evidence."""
    return may(user, REVIEW)


may_review_evidence = may_review_claims


def may_flag_conflicts(user) -> bool:
    return may(user, FLAG_CONFLICTS)


def may_decide_conflicts(user) -> bool:
    """Say whether ``user`` explains, resolves and reopens conflicts."""
    return may(user, DECIDE_CONFLICTS)


def may_propose_ratings(user) -> bool:
    """Say whether ``user`` proposes ratings (whoever edits claims: the reporter proposes, editors approve)."""
    return may(user, EDIT_CLAIMS)
