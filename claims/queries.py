"""Reads for the editors' desk that need hand-written SQL; what readers may see stays in ``selectors``."""
from __future__ import annotations

import re

from django.db import connection
from django.db.models.expressions import RawSQL

from claims.models import Claim, ConflictMember, Entity, contains_pattern


def claim_ids_matching(term: str) -> RawSQL:
    """Select the ids of claims matching ``term``, as one UNION of index lookups.

    A claim matches by words in its statement, figure or rationale (the GIN-indexed full-text vector),
    by its slug, by a subject's name or alias, or by words in a quote. Django's default search ORs
    substring matches across joined tables, which reads every claim.

    Where the server has pg_trgm, names, aliases and quotes match by any part (trigram indexes).
    Without it, a substring search would read every quote and name, so they match by words instead:
    each word of the term as the start of a word in a subject's name or alias or in a quote
    (migration 0026's word indexes).
    """
    if substring_indexed():
        entity_ids = list(Entity.objects.containing(term).values_list("pk", flat=True)[:2000])
        return RawSQL(
            "SELECT id FROM claims_claim WHERE search_vector @@ websearch_to_tsquery('english', %s) OR slug = %s "
            "UNION SELECT claim_id FROM claims_claim_subjects WHERE entity_id = ANY(%s) "
            "UNION SELECT claim_id FROM claims_appearance WHERE quote ILIKE %s",
            [term, term, entity_ids, contains_pattern(term)],
        )
    prefixes = " & ".join(f"{word}:*" for word in re.findall(r"\w+", term.lower()))
    if not prefixes:
        return RawSQL("SELECT id FROM claims_claim WHERE search_vector @@ websearch_to_tsquery('english', %s) "
                      "OR slug = %s", [term, term])
    return RawSQL(
        "SELECT id FROM claims_claim WHERE search_vector @@ websearch_to_tsquery('english', %s) OR slug = %s "
        "UNION SELECT id FROM claims_claim WHERE to_tsvector('simple'::regconfig, subjects_text) "
        "@@ to_tsquery('simple', %s) "
        "UNION SELECT claim_id FROM claims_appearance "
        "WHERE to_tsvector('simple'::regconfig, quote) @@ to_tsquery('simple', %s)",
        [term, term, prefixes, prefixes],
    )


def substring_indexed() -> bool:
    """Say whether this server answers substring search from trigram indexes (pg_trgm; read once a process)."""
    global _SUBSTRING_INDEXED
    if _SUBSTRING_INDEXED is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'appearance_quote_trgm'")
            _SUBSTRING_INDEXED = cursor.fetchone() is not None
    return _SUBSTRING_INDEXED


_SUBSTRING_INDEXED: bool | None = None


def entities_most_in_conflict(*, limit: int) -> list[tuple[int, str]]:
    """Return (id, name) of the ``limit`` entities in the most conflicts, most first."""
    # Grouped on the subjects table alone, names joined for the grouped rows only: the join
    # through claims and entities first grouped every (entity, claim, membership) row, 2-3× slower.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT e.id, e.name FROM (SELECT s.entity_id, COUNT(DISTINCT m.conflict_id) AS n "  # noqa: S608
            f"FROM {ConflictMember._meta.db_table} m JOIN {Claim.subjects.through._meta.db_table} s "
            f"ON s.claim_id = m.claim_id GROUP BY s.entity_id) ranked "
            f"JOIN {Entity._meta.db_table} e ON e.id = ranked.entity_id ORDER BY ranked.n DESC, e.name LIMIT %s",
            [limit])
        return [tuple(row) for row in cursor.fetchall()]
