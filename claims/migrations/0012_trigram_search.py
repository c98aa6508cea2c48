"""Trigram index for the admin's substring search in quotes, on servers that ship pg_trgm.

The admin's claim search finds "any part of a quote" with ``quote ILIKE '%…%'``, which a B-tree cannot
answer: without pg_trgm it reads every appearance. Debian's PostgreSQL ships pg_trgm (postgresql-contrib);
pgserver's embedded build does not, so there this migration does nothing and search works as before.
"""
from django.db import migrations

from claims.migrations._trigram import create_trigram_indexes, drop_trigram_indexes

# (table, index, indexed expression): the expression is what the search's WHERE clause compares.
TRIGRAM_INDEXES = [("claims_appearance", "appearance_quote_trgm", "quote")]


class Migration(migrations.Migration):
    dependencies = [("claims", "0011_measure_key")]
    operations = [migrations.RunPython(lambda apps, editor: create_trigram_indexes(editor, TRIGRAM_INDEXES),
                                       lambda apps, editor: drop_trigram_indexes(editor, TRIGRAM_INDEXES))]
