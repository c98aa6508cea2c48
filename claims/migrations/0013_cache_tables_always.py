"""Create both database cache tables whatever the cache settings say.

0005 and 0008 ran ``createcachetable``, which creates only the tables of caches configured at that
moment: a database migrated with REDIS_URL set got neither, and switching REDIS_URL off later (or a
test that puts the page cache back in the database) then met a missing table. The names are fixed in
project/settings.py; an existing table is left as it is.
"""
from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

CACHE_TABLES = ["crosscheck_cache", "crosscheck_page_cache"]


def create_cache_tables(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    for table in CACHE_TABLES:
        command.create_table(schema_editor.connection.alias, table, dry_run=False)


class Migration(migrations.Migration):
    dependencies = [("claims", "0012_trigram_search")]
    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
