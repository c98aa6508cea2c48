"""The list filtered by metric, verdict and disagreement reads a page of that metric's claims, not all of them.

At 100,000 claims the three-filter list took 74 ms: joined to the metric by its slug, its page and
capped count each read every claim of the metric. These tests hold the plans that fixed it, on
20,000 claims, and the rows the filters answer.
"""
import pytest
from django.db import connection
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from claims import selectors
from claims.models import Claim, ClaimStatus, Conflict, Metric, Verdict
from claims.roles import CHIEF_EDITOR
from claims.services import claim_transition
from tests.factories import user_with_role

# A transaction per test is not enough: the count's index-only scan needs VACUUM's visibility map.
pytestmark = pytest.mark.django_db(transaction=True)

COPIES = 20_000


def _copy_claims(template: Claim) -> None:
    """Add COPIES public claims like ``template``, spread over every metric and verdict, newest first.

    One in eight is in an open public conflict, as in the bench's corpus (a conflict copied 500 times).
    """
    metrics = list(Metric.objects.values_list("pk", flat=True))
    verdicts = ", ".join(f"'{value}'" for value in Verdict.values)
    overrides = {
        "slug": "'bulk-' || g",
        "metric_id": f"(ARRAY{metrics})[1 + g % {len(metrics)}]",
        "verdict": f"(ARRAY[{verdicts}])[1 + g / {len(metrics)} % {len(Verdict.values)}]",
        "last_approved_at": "now() - g * interval '1 minute'",
    }
    columns = [f.column for f in Claim._meta.concrete_fields if f.column != "id" and not f.generated]
    values = ", ".join(overrides.get(column, f'c."{column}"') for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(f'INSERT INTO claims_claim ({", ".join(columns)}) SELECT {values}'  # noqa: S608 - ours
                       f" FROM claims_claim c, generate_series(1, {COPIES}) g WHERE c.id = {template.pk}")
        conflict = template.conflicts.filter(is_public=True, status=Conflict.Status.OPEN).first()
        columns = [f.column for f in Conflict._meta.concrete_fields if f.column != "id"]
        values = ", ".join("md5(g::text)" if column == "comparison_key" else f'c."{column}"' for column in columns)
        cursor.execute(f'INSERT INTO claims_conflict ({", ".join(columns)}) SELECT {values}'  # noqa: S608 - ours
                       f" FROM claims_conflict c, generate_series(1, 500) g WHERE c.id = {conflict.pk}")
        cursor.execute("INSERT INTO claims_conflictmember (conflict_id, claim_id, is_part, rank, rank_reason)"
                       " SELECT f.id, c.id, false, 'normal', '' FROM claims_claim c"
                       " JOIN claims_conflict f ON f.comparison_key = md5((substr(c.slug, 6)::int / 8 % 500 + 1)::text)"
                       " WHERE c.slug LIKE 'bulk-%' AND substr(c.slug, 6)::int % 8 = 0")
        for table in ("claims_claim", "claims_conflict", "claims_conflictmember"):
            cursor.execute(f"VACUUM ANALYZE {table}")


def _disputed() -> Claim:
    """Return a public claim in an open public conflict (from the seed), to filter by its metric and verdict."""
    return selectors.public_claims().filter(selectors.in_open_public_conflict(), metric__isnull=False).first()


def _plans(client, url: str) -> list[str]:
    """Return the plans of the queries ``url`` runs on the claims table (EXPLAIN of the SQL it sent)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    plans = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            if query["sql"].startswith(('SELECT "claims_claim"', 'SELECT COUNT(*) FROM (SELECT "claims_claim"')):
                cursor.execute("EXPLAIN " + query["sql"])
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans


def test_the_three_filter_list_reads_a_page_of_the_metric_and_verdict_in_order(client, seeded):
    disputed = _disputed()
    _copy_claims(disputed)
    url = f"/claims/?metric={disputed.metric.slug}&verdict={disputed.verdict}&conflict=yes"

    count, page = _plans(client, url)

    # The page walks that metric's and verdict's claims newest first and stops after 20: no sort.
    assert "Index Scan using claim_visible_metric_recent" in page and "Sort" not in page, page
    assert "claims_metric" not in page, page  # the metric's id, not a join on its slug
    # The capped count reads the index alone, and the disagreement probe reads no claim again.
    assert "Index Only Scan using claim_visible_metric_recent" in count, count
    assert count.count(" on claims_claim") == 1 and "claims_metric" not in count, count
    assert disputed.slug in client.get(url).content.decode()


def test_the_api_filters_by_the_metric_id_it_checked_and_probes_no_claim_twice(seeded):
    disputed = _disputed()
    _copy_claims(disputed)
    url = f"/api/v1/claims/?metric={disputed.metric.slug}&verdict={disputed.verdict}&has_open_conflict=true"

    page, related = _plans(APIClient(), url)

    assert page.count(" on claims_claim") == 1 and "Seq Scan on claims_claim" not in page, page
    # The page's subjects, evidence and conflicts, read by the page's ids in one more query.
    assert "Seq Scan on claims_claim" not in related, related
    expected = selectors.public_claims().filter(
        Exists(selectors.open_public_conflict_members().filter(claim=OuterRef("pk"))),
        metric__slug=disputed.metric.slug, verdict=disputed.verdict).order_by("-id").values_list("pk", flat=True)[:20]
    assert [row["id"] for row in APIClient().get(url).json()["results"]] == list(expected)


def test_the_lean_disagreement_probe_answers_what_the_public_memberships_do(seeded):
    """Assert ``in_open_public_conflict`` over public claims equals the memberships' definition, withdrawals too."""
    def both():
        public = selectors.public_claims()
        lean = set(public.filter(selectors.in_open_public_conflict()).values_list("pk", flat=True))
        full = set(public.filter(Exists(selectors.open_public_conflict_members().filter(claim=OuterRef("pk"))))
                   .values_list("pk", flat=True))
        return lean, full

    lean, full = both()
    assert lean == full and lean
    claim_transition(claim=Claim.objects.get(pk=min(lean)), action="withdraw", user=user_with_role(CHIEF_EDITOR, "chief"),
                     public_note="Withdrawn: the source retracted.")
    assert Claim.objects.get(pk=min(lean)).status == ClaimStatus.WITHDRAWN
    lean, full = both()
    assert lean == full and Conflict.objects.filter(status=Conflict.Status.OPEN, is_public=True).exists()
