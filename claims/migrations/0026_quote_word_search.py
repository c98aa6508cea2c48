"""Word indexes on quotes and subject names for the admin's claim search, on servers without pg_trgm.

With pg_trgm (migrations 0012 and 0017) "any part of a quote or name" is a trigram index lookup.
Without it (the embedded server) that search read every appearance, entity and alias: 158 ms at
100,000 claims, 784 ms at a million. There the search matches by words instead, each word of the
term as the start of a word of a quote or of a subject's name or alias (unstemmed: the claims'
search vector is stemmed, and "beijin" is not the start of its "beij"), which these GIN indexes
answer (``claims.queries.claim_ids_matching``).
"""
from django.db import migrations

# (table, index, indexed expression): the expression is what the search's WHERE clause compares.
INDEXES = [("claims_appearance", "appearance_quote_words", "to_tsvector('simple'::regconfig, quote)"),
           ("claims_claim", "claim_subjects_words", "to_tsvector('simple'::regconfig, subjects_text)")]


def forwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'appearance_quote_trgm'")
        if cursor.fetchone() is None:
            for table, index, expression in INDEXES:
                cursor.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin ({expression})")


def backwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for _table, index, _expression in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [("claims", "0025_alias_language")]
    operations = [migrations.RunPython(forwards, backwards)]
