"""Trigram indexes for substring search, created only on servers that ship pg_trgm.

Substring search (``ILIKE '%…%'``) cannot use a B-tree: without pg_trgm it reads the whole table.
Debian's PostgreSQL ships pg_trgm (postgresql-contrib); pgserver's embedded build does not, so there
these migrations do nothing and search works as before, by reading the table.
"""
import logging

from django.db import DatabaseError, transaction

logger = logging.getLogger(__name__)


def create_trigram_indexes(schema_editor, indexes) -> None:
    """Create each (table, index, expression) as a trigram GIN index, if the server has pg_trgm."""
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
        for table, index, expression in indexes:
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin ({expression} gin_trgm_ops)")


def drop_trigram_indexes(schema_editor, indexes) -> None:
    with schema_editor.connection.cursor() as cursor:
        for _table, index, _expression in indexes:
            cursor.execute(f"DROP INDEX IF EXISTS {index}")  # the extension stays: other databases may use it
