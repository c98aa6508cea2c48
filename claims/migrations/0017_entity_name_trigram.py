"""Trigram indexes on entity names and aliases, for the admin's and the API's "name contains" search.

``EntityQuerySet.containing`` looks names and aliases up in two single-table ``ILIKE`` queries; with
these indexes each is an index scan instead of reading every entity and alias. Nothing on servers
without pg_trgm (see ``_trigram``).
"""
from django.db import migrations

from claims.migrations._trigram import create_trigram_indexes, drop_trigram_indexes

INDEXES = [
    ("claims_entity", "entity_name_trgm", "name"),
    ("claims_entityalias", "entityalias_name_trgm", "name"),
]


class Migration(migrations.Migration):
    dependencies = [("claims", "0016_public_counts")]
    operations = [migrations.RunPython(lambda apps, editor: create_trigram_indexes(editor, INDEXES),
                                       lambda apps, editor: drop_trigram_indexes(editor, INDEXES))]
