"""Roles exist as groups after migrating; demo accounts are created once, one per role."""
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from claims.roles import CHIEF_EDITOR, CONTRIBUTOR, EDITOR

pytestmark = pytest.mark.django_db


def perms(role):
    return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))


def test_roles_are_nested():
    assert perms(CONTRIBUTOR) < perms(EDITOR) < perms(CHIEF_EDITOR)
    assert "review_claim" not in perms(CONTRIBUTOR) and "review_claim" in perms(EDITOR)
    assert "withdraw_claim" not in perms(EDITOR) and "withdraw_claim" in perms(CHIEF_EDITOR)
    assert not any(p.startswith("delete_") and p.endswith(("claim", "appearance", "source", "snapshot"))
                   for p in perms(CHIEF_EDITOR))


def test_every_listed_permission_exists():
    from claims.roles import ROLE_PERMISSIONS

    for role, table in ROLE_PERMISSIONS.items():
        listed = {codename for codenames in table.values() for codename in codenames}
        assert listed == perms(role), f"{role}: missing {sorted(listed - perms(role))}"


def test_demo_accounts_created_once_and_kept_in_a_private_file(settings, tmp_path, capsys):
    settings.DATA_DIR = tmp_path
    call_command("create_demo_accounts")
    first = capsys.readouterr().out
    users = get_user_model().objects.filter(is_staff=True)
    assert {u.username: u.groups.get().name for u in users} == {
        "contributor": CONTRIBUTOR, "editor": EDITOR, "editor2": EDITOR, "chief": CHIEF_EDITOR,
    }
    stored = (tmp_path / "demo-accounts.txt").read_text()
    password = next(line.split()[1] for line in stored.splitlines() if line.split()[0] == "contributor")
    assert password in first
    assert (tmp_path / "demo-accounts.txt").stat().st_mode & 0o777 == 0o600
    assert get_user_model().objects.get(username="contributor").check_password(password)

    call_command("create_demo_accounts")
    assert "Demo accounts exist" in capsys.readouterr().out
    assert (tmp_path / "demo-accounts.txt").read_text() == stored
