"""No editorial role manages accounts: every path the admin offers to create, elevate or re-key a user is refused.

Four eyes means nothing if a chief editor can add a second account, put it in the Editor group and
approve their own claim with it; or tick is_superuser; or set another superuser's password.
"""
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from claims.roles import CHIEF_EDITOR, CONTRIBUTOR, EDITOR
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db
User = get_user_model()


def _state():
    """Everything an escalation would change: users, their flags, groups, permissions and passwords."""
    users = {u.pk: (u.username, u.is_staff, u.is_superuser, u.is_active, u.password,
                    tuple(sorted(u.groups.values_list("name", flat=True))),
                    tuple(sorted(u.user_permissions.values_list("codename", flat=True))))
             for u in User.objects.all()}
    groups = {g.name: tuple(sorted(g.permissions.values_list("codename", flat=True))) for g in Group.objects.all()}
    return users, groups


def _attempts(victim, superuser, editor_group):
    """Each (method, url, data) the admin offers for managing accounts and roles."""
    everything = list(Permission.objects.values_list("pk", flat=True))
    change = {"username": victim.username, "is_active": "on", "is_staff": "on", "is_superuser": "on",
              "groups": [editor_group.pk], "user_permissions": everything, "last_login_0": "", "last_login_1": "",
              "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"}
    return [
        ("get", reverse("admin:auth_user_changelist"), None),
        ("get", reverse("admin:auth_user_add"), None),
        ("post", reverse("admin:auth_user_add"), {"username": "sock-puppet", "usable_password": "true",
                                                  "password1": "Unguessable-42-x", "password2": "Unguessable-42-x"}),
        ("get", reverse("admin:auth_user_change", args=[victim.pk]), None),
        ("post", reverse("admin:auth_user_change", args=[victim.pk]), change),
        ("post", reverse("admin:auth_user_change", args=[superuser.pk]), {**change, "username": superuser.username}),
        ("get", reverse("admin:auth_user_password_change", args=[superuser.pk]), None),
        ("post", reverse("admin:auth_user_password_change", args=[superuser.pk]),
         {"password1": "Taken-over-42-x", "password2": "Taken-over-42-x", "usable_password": "true"}),
        ("post", reverse("admin:auth_user_delete", args=[superuser.pk]), {"post": "yes"}),
        ("get", reverse("admin:auth_group_changelist"), None),
        ("post", reverse("admin:auth_group_add"), {"name": "Everything", "permissions": everything}),
        ("post", reverse("admin:auth_group_change", args=[editor_group.pk]),
         {"name": editor_group.name, "permissions": everything}),
    ]


@pytest.mark.parametrize("role", [CONTRIBUTOR, EDITOR, CHIEF_EDITOR])
def test_no_editorial_role_can_create_elevate_or_rekey_accounts(client, role):
    actor = user_with_role(role)
    victim = user_with_role(CONTRIBUTOR)
    superuser = UserFactory(is_superuser=True)
    editor_group = Group.objects.get(name=EDITOR)
    before = _state()
    client.force_login(actor)
    for method, url, data in _attempts(victim, superuser, editor_group):
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        assert response.status_code == 403, (role, method, url, response.status_code)
        assert _state() == before, (role, method, url)
    index = client.get(reverse("admin:index")).content.decode()
    assert "/admin/auth/" not in index  # the admin does not even offer the section


def test_granting_auth_permissions_directly_does_not_open_accounts(client):
    """The rule is the role of the account (superuser), not a permission someone could tick."""
    actor = user_with_role(CHIEF_EDITOR)
    actor.user_permissions.set(Permission.objects.filter(content_type__app_label="auth"))
    victim = user_with_role(CONTRIBUTOR)
    before = _state()
    client.force_login(User.objects.get(pk=actor.pk))
    for method, url, data in _attempts(victim, UserFactory(is_superuser=True), Group.objects.get(name=EDITOR)):
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        assert response.status_code == 403, (method, url)
    assert _state()[1] == before[1]


def test_superusers_still_manage_accounts(client):
    client.force_login(UserFactory(is_superuser=True))
    victim = user_with_role(CONTRIBUTOR)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200
    response = client.post(reverse("admin:auth_user_password_change", args=[victim.pk]),
                           {"password1": "Fresh-start-42-x", "password2": "Fresh-start-42-x", "usable_password": "true"})
    assert response.status_code == 302
    assert User.objects.get(pk=victim.pk).check_password("Fresh-start-42-x")


def test_no_role_group_holds_account_permissions():
    for role in (CONTRIBUTOR, EDITOR, CHIEF_EDITOR):
        assert not Group.objects.get(name=role).permissions.filter(content_type__app_label="auth").exists(), role
