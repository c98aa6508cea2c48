"""Substring search in quotes and entity names: trigram indexes where the server ships pg_trgm, scans where not."""
import pytest
from django.db import connection, transaction

from claims.models import Appearance, Entity
from tests.factories import EntityAliasFactory, EntityFactory

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
        assert _trigram_indexes() == {"appearance_quote_trgm", "entity_name_trgm", "entityalias_name_trgm"}
        assert "Bitmap Index Scan on appearance_quote_trgm" in plan and "Index Cond: (quote ~~* " in plan, plan
    else:
        assert _trigram_indexes() == set()
        assert "Filter: (quote ~~* " in plan and "Index Cond" not in plan, plan  # every row read and tested
    # Either way the search finds the same rows.
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM claims_appearance WHERE quote ILIKE %s", ["%SQUARE MILES%"])
        assert cursor.fetchone()[0] == Appearance.objects.filter(quote__icontains="square miles").count() > 3


def test_entity_name_search_finds_names_and_aliases_through_their_own_indexes(db):
    """Assert that "contains" matches names and aliases ignoring case, wildcards literal, index-answered where it can."""
    convention = EntityFactory(name="Convention of Peking")
    EntityAliasFactory(entity=convention, name="Treaty of Beijing")
    percent = EntityFactory(name="Growth of 5% a year")
    EntityFactory(name="Growth of 50 a year")
    underscore = EntityFactory(name="snake_case")
    EntityFactory(name="snakeXcase")

    assert set(Entity.objects.containing("  of   PEKING ")) == {convention}
    assert set(Entity.objects.containing("beijing")) == {convention}  # through its alias, listed once
    assert set(Entity.objects.containing("5%")) == {percent}  # "%" and "_" are the text, not wildcards
    assert set(Entity.objects.containing("e_c")) == {underscore}
    assert not Entity.objects.containing("Aigun").exists()

    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO claims_entity (name, slug, kind, description, created_at, updated_at)"
                       " SELECT md5(g::text), 'e-' || g, 'other', '', now(), now() FROM generate_series(1, 3000) g")
        cursor.execute("INSERT INTO claims_entityalias (entity_id, name, note, status) SELECT id, md5(name), '', 'approved'"
                       " FROM claims_entity WHERE slug LIKE 'e-%%'")
        cursor.execute("ANALYZE claims_entity")
        cursor.execute("ANALYZE claims_entityalias")
        cursor.execute("SET LOCAL enable_seqscan = off")
        query = Entity.objects.containing("peking").values("pk").query
        cursor.execute("EXPLAIN " + str(query.sql_with_params()[0]), query.sql_with_params()[1])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    if _pg_trgm_available():
        assert "Bitmap Index Scan on entity_name_trgm" in plan and "Bitmap Index Scan on entityalias_name_trgm" in plan, plan
    else:
        assert "Index Cond: (name ~~* " not in plan, plan


def test_the_public_conflict_list_reads_its_page_off_an_index_in_its_order(db):
    """Assert the list's ORDER BY matches the expression index, so a page never sorts every public conflict."""
    from claims import selectors

    with connection.cursor() as cursor:  # 3,000 public conflicts, a third of them open, as a desk accumulates
        cursor.execute("INSERT INTO claims_conflict (kind, status, title, comparison_key, figures_signature, is_public,"
                       " note, created_at, updated_at, public_updated_at) SELECT 'manual', CASE WHEN g % 3 = 0 THEN 'open'"
                       " ELSE 'resolved' END, 'Conflict ' || g, '', '', true, 'Decided.', now(),"
                       " now() - g * interval '1 h', now() - g * interval '1 h'"
                       " FROM generate_series(1, 3000) g")
        cursor.execute("ANALYZE claims_conflict")
    # The list, the list of open ones, and the home page's five open ones.
    for conflicts in (selectors.public_conflicts(), selectors.public_conflicts().filter(status="open")):
        sql, params = conflicts.open_first()[:20].query.sql_with_params()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # priced out, as at 100,000 claims; sorts stay allowed
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "Index Scan using conflict_public_open_first" in plan and "Sort" not in plan, plan


def test_the_admin_search_has_word_indexes_exactly_where_it_has_no_trigram_indexes(seeded):
    """Without pg_trgm, quotes are matched by words from migration 0026's index; with it, trigrams answer instead."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname IN ('appearance_quote_words', 'claim_subjects_words')")
        word_indexes = {name for (name,) in cursor.fetchall()}
    if _pg_trgm_available():
        assert word_indexes == set()  # trigram indexes answer both searches; a second index would only cost writes
        return
    assert word_indexes == {"appearance_quote_words", "claim_subjects_words"}
    plan = _plan("SELECT claim_id FROM claims_appearance WHERE to_tsvector('simple'::regconfig, quote)"
                 " @@ to_tsquery('simple', %s)", ["chinese:* & lead:*"])
    assert "appearance_quote_words" in plan, plan


@pytest.mark.parametrize("term", ["Chinese leader Xi", "square miles", "Aigun", "1858", "Treaty of Beijing",
                                  "40 times", "xqzv"])
def test_word_search_finds_what_substring_search_finds_for_whole_words(seeded, monkeypatch, term):
    """For terms of whole words the word search (no pg_trgm) finds every claim the substring search finds."""
    from claims import queries
    from claims.models import Claim

    def found(indexed: bool) -> set[int]:
        monkeypatch.setattr(queries, "_SUBSTRING_INDEXED", indexed)
        return set(Claim.objects.filter(pk__in=queries.claim_ids_matching(term)).values_list("pk", flat=True))

    substring, words = found(True), found(False)
    assert substring <= words


def test_word_search_finds_names_and_quotes_by_the_start_of_their_words(seeded, monkeypatch):
    from claims import queries
    from claims.models import Claim

    monkeypatch.setattr(queries, "_SUBSTRING_INDEXED", False)

    def found(term) -> set[str]:
        return set(Claim.objects.filter(pk__in=queries.claim_ids_matching(term)).values_list("slug", flat=True))

    assert "peking-added-a-further-100000-square-miles" in found("Treaty of Beiji")  # an alias, cut short
    assert "putin-and-xi-met-over-40-times-since-2012" in found("Chinese lead")  # a quote's words, cut short
    assert found("%") == found("") == set()
