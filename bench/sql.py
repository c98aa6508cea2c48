"""The same data each endpoint shows, fetched by hand-written SQL through psycopg: the database's own limit.

Each function takes an open psycopg cursor and one request's parameters, and runs the queries a
lean hand-written implementation would need (no ORM, no templates, no serializers). The pages
benchmark divides each endpoint's server time by this time.
"""
from __future__ import annotations

PAGE_SIZE = 20


def connect():
    """Open a psycopg connection of its own to Django's database, for the hand-written SQL."""
    import psycopg
    from django.db import connection

    params = connection.get_connection_params()
    for name in ("cursor_factory", "context"):
        params.pop(name, None)
    return psycopg.connect(**params)


def claim_page(cur, slug: str) -> None:
    cur.execute("""SELECT c.*, m.name, m.canonical_unit FROM claims_claim c
                   LEFT JOIN claims_metric m ON m.id = c.metric_id WHERE c.slug = %s""", [slug])
    claim = cur.fetchone()
    claim_id, key = claim[0], claim[_column(cur, "comparison_key")]  # the row is the approved version
    cur.execute("""SELECT e.id, e.name, e.slug FROM claims_entity e
                   JOIN claims_claim_subjects s ON s.entity_id = e.id WHERE s.claim_id = %s""", [claim_id])
    subject_ids = [row[0] for row in cur.fetchall()]
    cur.execute("""SELECT a.quote, a.figure_text, a.anchor, s.title, s.slug, s.url, s.published_on, p.name
                   FROM claims_appearance a JOIN sources_source s ON s.id = a.source_id
                   LEFT JOIN sources_publisher p ON p.id = s.publisher_id WHERE a.claim_id = %s""", [claim_id])
    cur.fetchall()
    cur.execute("""SELECT k.id, k.title, k.status, c2.id, c2.statement, c2.figure_text, c2.canonical_lower,
                          c2.canonical_upper
                   FROM claims_conflictmember mine JOIN claims_conflict k ON k.id = mine.conflict_id
                   JOIN claims_conflictmember m2 ON m2.conflict_id = k.id
                   JOIN claims_claim c2 ON c2.id = m2.claim_id AND c2.is_public
                   WHERE mine.claim_id = %s""", [claim_id])
    cur.fetchall()
    cur.execute("""SELECT id, slug, statement, figure_text FROM claims_claim
                   WHERE comparison_key = %s AND comparison_key <> '' AND is_public AND id <> %s""", [key, claim_id])
    cur.fetchall()
    cur.execute("""SELECT DISTINCT c.id, c.slug, c.statement, c.last_approved_at FROM claims_claim c
                   JOIN claims_claim_subjects s ON s.claim_id = c.id
                   WHERE s.entity_id = ANY(%s) AND c.is_public AND c.status <> 'withdrawn' AND c.id <> %s
                   ORDER BY c.last_approved_at DESC LIMIT 8""", [subject_ids, claim_id])
    cur.fetchall()
    cur.execute("""SELECT public_note, created_at FROM claims_review WHERE claim_id = %s AND public_note <> ''
                   ORDER BY created_at""", [claim_id])
    cur.fetchall()


def claim_list(cur, page: int = 1, query: str = "") -> None:
    where, params = "c.is_public AND c.status <> 'withdrawn'", []
    order = "c.last_approved_at DESC, c.id DESC"
    if query:
        # As the page does: the newest 1,001 matches (the cap on what it counts, plus one), ranked.
        where += """ AND c.id IN (SELECT id FROM claims_claim WHERE is_public AND status <> 'withdrawn'
                     AND search_vector @@ websearch_to_tsquery('english', %s)
                     ORDER BY last_approved_at DESC, id DESC LIMIT 1001)"""
        params.append(query)
        order = "ts_rank(c.search_vector, websearch_to_tsquery('english', %s)) DESC, " + order
    # As the page does: the total from the table the services keep, a search's count capped at 1,000.
    if query:
        cur.execute(f"SELECT count(*) FROM (SELECT 1 FROM claims_claim c WHERE {where} LIMIT 1001) matches", params)
    else:
        cur.execute("SELECT value FROM claims_publiccount WHERE name = 'claims'")
    cur.fetchone()
    cur.execute(f"""SELECT c.id, c.slug, c.statement, c.verdict, c.status, c.value, c.unit, c.qualifier,
                           c.count_noun, c.figure_text, c.last_approved_at
                    FROM claims_claim c WHERE {where}
                    ORDER BY {order} LIMIT {PAGE_SIZE} OFFSET %s""",
                params + ([query] if query else []) + [(page - 1) * PAGE_SIZE])
    ids = [row[0] for row in cur.fetchall()]
    # Each card's first source (with its publisher) and its "sources disagree" badge.
    cur.execute("""SELECT a.claim_id, s.slug, s.title, s.published_on, p.name FROM claims_appearance a
                   JOIN sources_source s ON s.id = a.source_id LEFT JOIN sources_publisher p ON p.id = s.publisher_id
                   WHERE a.claim_id = ANY(%s) AND a.status = 'approved'
                   ORDER BY s.published_on NULLS LAST, a.id""", [ids])
    cur.fetchall()
    cur.execute("""SELECT m.claim_id, m.conflict_id FROM claims_conflictmember m
                   JOIN claims_conflict k ON k.id = m.conflict_id
                   WHERE m.claim_id = ANY(%s) AND k.is_public AND k.status = 'open'""", [ids])
    cur.fetchall()


def source_page(cur, slug: str) -> None:
    cur.execute("""SELECT s.*, p.name FROM sources_source s LEFT JOIN sources_publisher p ON p.id = s.publisher_id
                   WHERE s.slug = %s""", [slug])
    source_id = cur.fetchone()[0]
    cur.execute("""SELECT a.quote, a.start_offset, a.end_offset, c.slug, c.statement, c.verdict
                   FROM claims_appearance a JOIN claims_claim c ON c.id = a.claim_id
                   WHERE a.source_id = %s AND c.is_public AND c.status <> 'withdrawn'""", [source_id])
    cur.fetchall()
    cur.execute("SELECT text FROM sources_snapshot WHERE source_id = %s ORDER BY captured_at DESC LIMIT 1",
                [source_id])
    cur.fetchall()


def conflict_page(cur, pk: int) -> None:
    cur.execute("SELECT k.*, m.name FROM claims_conflict k LEFT JOIN claims_metric m ON m.id = k.metric_id "
                "WHERE k.id = %s", [pk])
    cur.fetchone()
    cur.execute("""SELECT c.id, c.slug, c.statement, c.figure_text, c.canonical_lower, c.canonical_upper, cm.rank,
                          a.quote, s.title, s.slug
                   FROM claims_conflictmember cm JOIN claims_claim c ON c.id = cm.claim_id AND c.is_public
                   LEFT JOIN claims_appearance a ON a.claim_id = c.id LEFT JOIN sources_source s ON s.id = a.source_id
                   WHERE cm.conflict_id = %s""", [pk])
    cur.fetchall()


def api_claim_detail(cur, pk: int) -> None:
    # What the answer shows: the claim with its metric and claimant, its subjects, its public evidence
    # with each source and publisher, and its open public conflicts (api.flat), in one statement: the
    # fastest of the forms tried (one statement per relation took half as long again).
    cur.execute(f"""SELECT {_API_CLAIM}, {_API_RELATED} FROM claims_claim c
                    LEFT JOIN claims_metric m ON m.id = c.metric_id LEFT JOIN claims_entity e ON e.id = c.claimant_id
                    WHERE c.id = %s AND c.is_public AND c.status <> 'withdrawn'""", [pk])
    cur.fetchall()


def api_claim_list(cur) -> None:
    # The first page as the API pages it (newest id first, one row more to know there is a next page),
    # each claim with its relations, in one statement (again the fastest form tried).
    cur.execute(f"""SELECT {_API_CLAIM}, {_API_RELATED} FROM claims_claim c
                    LEFT JOIN claims_metric m ON m.id = c.metric_id LEFT JOIN claims_entity e ON e.id = c.claimant_id
                    WHERE c.is_public AND c.status <> 'withdrawn' ORDER BY c.id DESC LIMIT {PAGE_SIZE + 1}""")
    cur.fetchall()


# The claim's columns the API shows, with its metric and claimant.
_API_CLAIM = """c.id, c.slug, c.statement, c.figure_text, c.value, c.unit, c.qualifier, c.count_noun, c.total,
    c.canonical_value, c.canonical_lower, c.canonical_upper, c.period_start, c.period_end, c.period_label,
    c.status, c.is_public, c.verdict, c.rationale, c.published_at, c.last_approved_at, c.updated_at,
    c.claimant_role, m.id, m.name, m.slug, m.canonical_unit, e.id, e.name, e.slug, e.kind"""
# Its subjects, public evidence (with sources and publishers) and open public conflicts, as arrays.
_API_RELATED = """
    ARRAY(SELECT jsonb_build_object('id', se.id, 'name', se.name, 'slug', se.slug) FROM claims_claim_subjects cs
          JOIN claims_entity se ON se.id = cs.entity_id WHERE cs.claim_id = c.id ORDER BY se.name),
    ARRAY(SELECT jsonb_build_object('id', a.id, 'quote', a.quote, 'quote_translation', a.quote_translation,
                 'prefix', a.prefix, 'suffix', a.suffix, 'figure_text', a.figure_text, 'start', a.start_offset,
                 'end', a.end_offset, 'status', a.status, 'source', s.id, 'title', s.title, 'url', s.url,
                 'archive_url', s.archive_url, 'original', s.original_id, 'published_on', s.published_on,
                 'publisher_id', p.id, 'publisher', p.name)
          FROM claims_appearance a JOIN sources_source s ON s.id = a.source_id
          LEFT JOIN sources_publisher p ON p.id = s.publisher_id
          WHERE a.claim_id = c.id AND a.status = 'approved' ORDER BY a.id),
    ARRAY(SELECT cm.conflict_id FROM claims_conflictmember cm JOIN claims_conflict k ON k.id = cm.conflict_id
          WHERE cm.claim_id = c.id AND k.is_public AND k.status = 'open')"""


def _column(cur, name: str) -> int:
    return [column.name for column in cur.description].index(name)
