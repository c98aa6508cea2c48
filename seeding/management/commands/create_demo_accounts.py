import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from claims.roles import CHIEF_EDITOR, CONTRIBUTOR, EDITOR

DEMO_ACCOUNTS = [("contributor", CONTRIBUTOR), ("editor", EDITOR), ("editor2", EDITOR), ("chief", CHIEF_EDITOR)]
# Readers' bylines name people by their full name, never by login: the demo newsroom has names.
DEMO_NAMES = {"contributor": ("Casey", "Contributor"), "editor": ("Eda", "Editor"), "editor2": ("Ezra", "Second"),
              "chief": ("Chris", "Chief")}


class Command(BaseCommand):
    help = (
        "Create one demo account per role, print the credentials once and keep them in "
        "DATA_DIR/demo-accounts.txt (git-ignored). For local use only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Give every demo account a new password.")

    @transaction.atomic
    def handle(self, *args, reset=False, **options):
        credentials_file = settings.DATA_DIR / "demo-accounts.txt"
        User = get_user_model()
        existing = set(User.objects.filter(username__in=[u for u, _ in DEMO_ACCOUNTS]).values_list("username", flat=True))
        if len(existing) == len(DEMO_ACCOUNTS) and not reset:
            where = credentials_file if credentials_file.exists() else "nowhere: run with --reset for new passwords"
            self.stdout.write(f"Demo accounts exist; credentials in {where}.")
            return

        lines = []
        for username, role in DEMO_ACCOUNTS:
            if username in existing and not reset:
                continue
            password = secrets.token_urlsafe(12)
            user, _ = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.org"})
            user.is_staff = True
            user.first_name, user.last_name = DEMO_NAMES[username]
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            # Username and password first: the role can hold a space ("Chief editor").
            lines.append(f"{username:<12} {password:<18} {role}")

        credentials_file.parent.mkdir(parents=True, exist_ok=True)
        with credentials_file.open("w" if reset else "a") as handle:
            handle.write("\n".join(lines) + "\n")
        credentials_file.chmod(0o600)
        self.stdout.write(self.style.SUCCESS("Demo accounts (shown once; also in " f"{credentials_file}):"))
        self.stdout.write("username     password           role")
        for line in lines:
            self.stdout.write(line)
