"""The public totals (``PublicCount``), kept in the transaction of each write that changes them.

Counting 100,000 claims, and the sources public evidence cites, on every home or list page cost
more than the rest of the page. Each service that can change what readers count measures the
claims and sources it touches before and after its write (a few indexed lookups) and adds the
difference; conflicts, a few thousand rows with an index on their status, are recounted whole.
What counts as public is the selectors' definition, in both the deltas and a full rebuild.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db import connection
from django.db.models import Count, Q

from claims import selectors
from claims.models import Appearance, Conflict, PublicCount, Verdict
from sources.models import Source

CLAIM_KEYS = ["claims", "rated", "with_figures", *[f"verdict_{value}" for value in Verdict.values]]
SOURCE_KEYS = ["sources"]
CONFLICT_KEYS = ["conflicts", *[f"conflicts_{value}" for value in Conflict.Status.values]]
KEYS = CLAIM_KEYS + SOURCE_KEYS + CONFLICT_KEYS


def _claim_counts(claim_ids: set[int] | None) -> Counter:
    # Rows hold what readers see: a correction being drafted (aside) changes no total until approved.
    claims = selectors.public_claims()
    if claim_ids is not None:
        if not claim_ids:
            return Counter()
        claims = claims.filter(pk__in=claim_ids)
    return Counter(claims.aggregate(
        claims=Count("id"),
        rated=Count("id", filter=~Q(verdict=Verdict.NOT_YET_RATED)),
        with_figures=Count("id", filter=Q(value__isnull=False)),
        **{f"verdict_{value}": Count("id", filter=Q(verdict=value)) for value in Verdict.values},
    ))


def _source_counts(source_ids: set[int] | None) -> Counter:
    sources = selectors.public_sources()
    if source_ids is not None:
        if not source_ids:
            return Counter()
        sources = sources.filter(pk__in=source_ids)
    return Counter(sources=sources.count())


def _conflict_counts() -> dict[str, int]:
    by_status = dict(selectors.public_conflict_rows().values_list("status").annotate(n=Count("id"))
                     .values_list("status", "n"))
    counts = {f"conflicts_{value}": by_status.get(value, 0) for value in Conflict.Status.values}
    counts["conflicts"] = sum(by_status.values())
    return counts


def fresh_counts() -> dict[str, int]:
    """Count every public total from scratch (what the table must equal)."""
    counts = {key: 0 for key in KEYS}
    counts.update(_claim_counts(None))
    counts.update(_source_counts(None))
    counts.update(_conflict_counts())
    return counts


def public_counts_rebuild() -> dict[str, int]:
    """Refill the table from a fresh count (after bulk loads, or to repair it); return the counts."""
    counts = fresh_counts()
    _write(counts, relative=False)
    return counts


def recount_conflicts() -> None:
    """Recount the public conflicts per status (call in the transaction of any conflict change)."""
    _write(_conflict_counts(), relative=False)


def _write(counts: dict[str, int], *, relative: bool) -> None:
    """Set (or add to) the named totals in one statement."""
    counts = {key: value for key, value in counts.items() if value or not relative}
    if not counts:
        return
    table = PublicCount._meta.db_table
    rows = ", ".join(["(%s, %s)"] * len(counts))
    new = f"{table}.value + EXCLUDED.value" if relative else "EXCLUDED.value"
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (name, value) VALUES {rows} "  # noqa: S608 - names are ours
                       f"ON CONFLICT (name) DO UPDATE SET value = {new}",
                       [item for pair in counts.items() for item in pair])


def _with_originals(source_ids: set[int]) -> set[int]:
    """Add the sources these copy: an original is public when a copy of it is cited."""
    if not source_ids:
        return set()
    originals = Source.objects.filter(pk__in=source_ids, original__isnull=False).values_list("original_id", flat=True)
    return source_ids | set(originals)


class CountsTracker:
    """Measure what some claims and sources add to the public totals before a write, and apply the change after.

    Create it before the write, inside the write's transaction, naming every claim and source the
    write may change (a claim brings the sources its evidence cites); call ``apply()`` after it.
    """

    def __init__(self, *, claims: Iterable[int | None] = (), sources: Iterable[int | None] = ()):
        self.claim_ids = {pk for pk in claims if pk is not None}
        cited = set(Appearance.objects.filter(claim_id__in=self.claim_ids).values_list("source_id", flat=True)) \
            if self.claim_ids else set()
        self.source_ids = _with_originals({pk for pk in sources if pk is not None} | cited)
        self.before = _claim_counts(self.claim_ids) + _source_counts(self.source_ids)
        self.created: set[int] = set()

    def add_created_claim(self, claim_id: int) -> None:
        """Count a claim the write created (it added nothing before)."""
        self.created.add(claim_id)

    def apply(self) -> None:
        after = _claim_counts(self.claim_ids | self.created) + _source_counts(self.source_ids)
        _write({key: after.get(key, 0) - self.before.get(key, 0) for key in CLAIM_KEYS + SOURCE_KEYS},
               relative=True)
        recount_conflicts()
