import importlib

from django.db import migrations

# claims 0002 creates permissions and syncs the role groups; run it again now that imports exist.
_roles = importlib.import_module("claims.migrations.0002_role_groups")


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0001_initial"),
        ("claims", "0007_appearance_anchor"),
    ]

    operations = [migrations.RunPython(_roles.create_role_groups, migrations.RunPython.noop)]
