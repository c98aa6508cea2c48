"""Substring search in quotes: a trigram index where the server ships pg_trgm, a table scan where it does not."""
import pytest
from django.db import connection, transaction

from claims.models import Appearance

pytestmark = pytest.mark.django_db


def _pg_trgm_available() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        return cursor.fetchone() is not None


def _trigram_indexes() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%%gin_trgm_ops%%'")
        return {name for (name,) in cursor.fetchall()}


def _plan(sql: str, params: list) -> str:
    """Return the plan for ``sql`` over thousands of quotes, sequential scans priced out: can an index answer it?"""
    with transaction.atomic(), connection.cursor() as cursor:
        # 5,000 other quotes (hex words) beside the 49 seed quotes, then fresh statistics for the planner.
        cursor.execute("INSERT INTO claims_appearance (claim_id, source_id, quote, prefix, suffix, figure_text, anchor,"
                       " status, created_at, updated_at) SELECT claim_id, source_id, md5(g::text) || ' ' ||"
                       " md5((-g)::text), '', '', '', anchor, 'approved', now(), now()"
                       " FROM (SELECT * FROM claims_appearance LIMIT 1) a,"
                       " generate_series(1, 5000) g")
        cursor.execute("ANALYZE claims_appearance")
        for index in _trigram_indexes():  # as autovacuum would: merge the GIN pending list the inserts filled
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        cursor.execute("SET LOCAL enable_seqscan = off")  # at test sizes a scan is cheap; a desk has 100,000s
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_quote_search_uses_a_trigram_index_exactly_when_pg_trgm_is_available(seeded):
    """Assert the migration's outcome on this server: Debian's has pg_trgm, the embedded pgserver has not."""
    plan = _plan("SELECT claim_id FROM claims_appearance WHERE quote ILIKE %s", ["%treaty of aigun%"])
    if _pg_trgm_available():
        assert _trigram_indexes() == {"appearance_quote_trgm"}
        assert "Bitmap Index Scan on appearance_quote_trgm" in plan and "Index Cond: (quote ~~* " in plan, plan
    else:
        assert _trigram_indexes() == set()
        assert "Filter: (quote ~~* " in plan and "Index Cond" not in plan, plan  # every row read and tested
    # Either way the search finds the same rows.
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM claims_appearance WHERE quote ILIKE %s", ["%SQUARE MILES%"])
        assert cursor.fetchone()[0] == Appearance.objects.filter(quote__icontains="square miles").count() > 3
