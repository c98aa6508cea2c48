"""Trigram index for the admin's substring search in quotes, on servers that ship pg_trgm.

The admin's claim search finds "any part of a quote" with ``quote ILIKE '%…%'``, which a B-tree cannot
answer: without pg_trgm it reads every appearance. Debian's PostgreSQL ships pg_trgm (postgresql-contrib);
pgserver's embedded build does not, so there this migration does nothing and search works as before.
"""
import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)

# (table, index, indexed expression): the expression is what the search's WHERE clause compares.
TRIGRAM_INDEXES = [("claims_appearance", "appearance_quote_trgm", "quote")]


def create_trigram_indexes(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cursor.fetchone() is None:
            return  # e.g. the embedded server: substring search keeps reading the table (README, Performance)
        try:
            with transaction.atomic(using=connection.alias):
                # Trusted since PostgreSQL 13: a database owner may create it without being a superuser.
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DatabaseError as exc:
            logger.warning("pg_trgm is available but could not be created (%s); substring search stays a scan.", exc)
            return
        for table, index, expression in TRIGRAM_INDEXES:
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin ({expression} gin_trgm_ops)")


def drop_trigram_indexes(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for _table, index, _expression in TRIGRAM_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {index}")  # the extension stays: other databases may use it


class Migration(migrations.Migration):
    dependencies = [("claims", "0011_measure_key")]
    operations = [migrations.RunPython(create_trigram_indexes, drop_trigram_indexes)]
