from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    # Reader pages moved to their own cache table (crosscheck_page_cache); creates any missing table.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("claims", "0007_appearance_anchor")]
    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
