"""Find comparable claims whose figures cannot all be true, with set-based SQL.

Two claims are comparable when they share a comparison key: same metric, same period, same set of
entities (aliases are names of one entity, so they resolve by construction). Read-only: the
services in ``claims.services`` write conflicts from what these queries find.
"""
from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import connection

# Bounds are NULL when unbounded; in comparisons NULL lower is -∞ and NULL upper is +∞.
_LO = "COALESCE({0}.canonical_lower, '-Infinity'::float8)"
_HI = "COALESCE({0}.canonical_upper, 'Infinity'::float8)"
_DEAD = "('rejected', 'withdrawn')"

PAIRS_SQL = f"""
SELECT a.comparison_key, a.id, b.id, a.canonical_value, b.canonical_value
FROM claims_claim a
JOIN claims_claim b ON b.comparison_key = a.comparison_key AND b.id > a.id
JOIN claims_metric m ON m.id = a.metric_id
WHERE a.comparison_key <> '' AND a.status NOT IN {_DEAD} AND b.status NOT IN {_DEAD}
  {{scope}}
  AND CASE
    -- A cumulative count may grow: claims as of different dates conflict only if the later is lower.
    WHEN m.cumulative AND a.period_end IS NOT NULL AND b.period_end IS NOT NULL AND a.period_end <> b.period_end
      THEN CASE WHEN a.period_end > b.period_end THEN {_HI.format("a")} < {_LO.format("b")}
                ELSE {_HI.format("b")} < {_LO.format("a")} END
    ELSE {_HI.format("a")} < {_LO.format("b")} OR {_HI.format("b")} < {_LO.format("a")}
  END
"""

# Additive metrics: single-entity figures from one origin (a repost counts as its original) are
# summed and compared with a combined figure for exactly those entities. Starts from the combined
# claims in scope, so an incremental run touches only sums that involve the changed entities.
SUMS_SQL = f"""
WITH combined AS MATERIALIZED (
  SELECT c.id, c.family_key, c.comparison_key, c.canonical_lower, c.canonical_upper, c.canonical_value, k.n
  FROM claims_claim c
  JOIN claims_metric m ON m.id = c.metric_id AND m.additive
  {{counted}}
  WHERE c.comparison_key <> '' AND c.status NOT IN {_DEAD} AND k.n >= 2 {{scope}}
),
-- Each part row carries its combined claim's own columns, so nothing below joins back to
-- "combined": the planner underestimates it, and a nested loop over it was quadratic at a million claims.
parts AS (
  SELECT DISTINCT c.id AS combined_id, c.comparison_key, c.n, c.canonical_lower AS combined_lower,
         c.canonical_upper AS combined_upper, c.canonical_value AS combined_value,
         p.id, ps.entity_id, p.canonical_lower, p.canonical_upper,
         p.canonical_value, COALESCE(src.original_id, src.id) AS origin
  FROM combined c
  JOIN claims_claim_subjects cs ON cs.claim_id = c.id
  JOIN claims_claim_subjects ps ON ps.entity_id = cs.entity_id AND ps.claim_id <> c.id
  JOIN claims_claim p ON p.id = ps.claim_id AND p.family_key = c.family_key
                     AND p.comparison_key <> '' AND p.status NOT IN {_DEAD}
  JOIN claims_appearance ap ON ap.claim_id = p.id
  JOIN sources_source src ON src.id = ap.source_id
  WHERE NOT EXISTS (SELECT 1 FROM claims_claim_subjects other
                    WHERE other.claim_id = p.id AND other.entity_id <> ps.entity_id)  -- a part has one subject
),
sums AS (
  SELECT pa.combined_id, pa.comparison_key, pa.combined_lower, pa.combined_upper, pa.combined_value,
         array_agg(pa.id ORDER BY pa.id) AS part_ids,
         CASE WHEN bool_and(pa.canonical_lower IS NOT NULL) THEN sum(pa.canonical_lower) END AS canonical_lower,
         CASE WHEN bool_and(pa.canonical_upper IS NOT NULL) THEN sum(pa.canonical_upper) END AS canonical_upper,
         sum(pa.canonical_value) AS canonical_value
  FROM parts pa
  GROUP BY pa.combined_id, pa.comparison_key, pa.combined_lower, pa.combined_upper, pa.combined_value, pa.n,
           pa.origin
  HAVING count(DISTINCT pa.entity_id) = pa.n AND count(*) = pa.n
)
SELECT DISTINCT s.comparison_key, s.combined_id, s.part_ids, s.combined_value, s.canonical_value
FROM sums s
WHERE COALESCE(s.combined_upper, 'Infinity'::float8) < {_LO.format("s")}
   OR {_HI.format("s")} < COALESCE(s.combined_lower, '-Infinity'::float8)
"""
# Additive and cumulative metrics: a count over a period inside another period may not exceed the
# count over the larger one ("42 meetings in 2013–2023" against "30 meetings in 2012–2024").
# Claims share a measure key (metric and subjects, no period); the conflict is filed under the
# outer claim's comparison key. Open-ended periods ("since 2012" with no as-of date) are not compared.
CONTAINED_SQL = f"""
SELECT b.comparison_key, a.id, b.id, a.canonical_value, b.canonical_value
FROM claims_claim a
JOIN claims_claim b ON b.measure_key = a.measure_key AND b.comparison_key <> a.comparison_key
JOIN claims_metric m ON m.id = a.metric_id AND (m.additive OR m.cumulative)
WHERE a.measure_key <> '' AND b.comparison_key <> '' AND a.status NOT IN {_DEAD} AND b.status NOT IN {_DEAD}
  AND a.period_start IS NOT NULL AND a.period_end IS NOT NULL
  AND b.period_start IS NOT NULL AND b.period_end IS NOT NULL
  AND b.period_start <= a.period_start AND a.period_end <= b.period_end
  AND (a.period_start, a.period_end) <> (b.period_start, b.period_end)
  {{scope}}
  AND {_LO.format("a")} > {_HI.format("b")}
"""

# How many subjects each combined claim has: counted once for every claim in a full run (a hash
# join), looked up per claim in a scoped one, which starts from a few claims and must stay flat.
SUMS_COUNTED_ALL = """JOIN (SELECT claim_id, count(*) AS n FROM claims_claim_subjects GROUP BY claim_id
        HAVING count(*) >= 2) k ON k.claim_id = c.id"""
SUMS_COUNTED_EACH = "CROSS JOIN LATERAL (SELECT count(*) AS n FROM claims_claim_subjects s WHERE s.claim_id = c.id) k"
SUMS_SCOPE = """AND c.family_key = ANY(%s) AND EXISTS (
    SELECT 1 FROM claims_claim_subjects touched WHERE touched.claim_id = c.id AND touched.entity_id = ANY(%s))"""


def comparison_keys(
    *, metric_id: int | None, cumulative: bool, period_start: date | None, period_end: date | None,
    subject_ids: Iterable[int], has_figure: bool,
) -> tuple[str, str]:
    """Return (family key, comparison key) for a claim; empty strings when it compares with nothing."""
    if metric_id is None or not has_figure:
        return "", ""
    # A cumulative figure's as-of date is not part of what it measures: counts "since 2012" as of
    # 2023 and as of 2024 are comparable (the later may only be higher).
    end = "" if cumulative else (period_end.isoformat() if period_end else "")
    start = period_start.isoformat() if period_start else ""
    family = _digest(f"metric={metric_id};period={start}..{end}")
    subjects = sorted(set(subject_ids))
    if not subjects:
        return family, ""
    return family, _digest(f"{family};subjects={','.join(map(str, subjects))}")


def measure_key(*, metric_id: int | None, subject_ids: Iterable[int], has_figure: bool) -> str:
    """Return the key of what a claim measures whatever its period (metric and subjects), or ""."""
    subjects = sorted(set(subject_ids))
    if metric_id is None or not has_figure or not subjects:
        return ""
    return _digest(f"metric={metric_id};subjects={','.join(map(str, subjects))}")


def _digest(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


@dataclass
class Disagreement:
    """Everything found to disagree under one comparison key."""

    comparison_key: str
    claim_ids: set[int] = field(default_factory=set)
    part_ids: set[int] = field(default_factory=set)
    difference: float | None = None
    ratio: float | None = None

    def widen(self, value_a: float | None, value_b: float | None) -> None:
        """Keep the largest distance seen between two disagreeing figures."""
        if value_a is None or value_b is None:
            return
        difference = abs(value_a - value_b)
        low, high = sorted((abs(value_a), abs(value_b)))
        ratio = high / low if low else None
        if self.difference is None or difference > self.difference:
            self.difference, self.ratio = difference, ratio


def find_disagreements(*, comparison_keys: Iterable[str] | None = None, family_keys: Iterable[str] | None = None,
                       entity_ids: Iterable[int] = (), measure_keys: Iterable[str] = ()) -> dict[str, Disagreement]:
    """Return disagreements by comparison key (everything when no scope is given).

    Pairs are looked for under ``comparison_keys``; sums under ``family_keys``, for combined
    claims about any of ``entity_ids``.
    """
    full = comparison_keys is None and family_keys is None
    keys = sorted(set(comparison_keys or ()) - {""})
    families = sorted(set(family_keys or ()) - {""})
    entities = sorted(set(entity_ids))
    measures = sorted(set(measure_keys) - {""})
    found: dict[str, Disagreement] = {}
    with connection.cursor() as cursor:
        if full or keys:
            _collect_pairs(cursor, PAIRS_SQL, "AND a.comparison_key = ANY(%s)", None if full else keys, found)
        if full or measures:
            _collect_pairs(cursor, CONTAINED_SQL, "AND a.measure_key = ANY(%s)", None if full else measures, found)
        if full or (families and entities):
            sql = SUMS_SQL.format(scope="", counted=SUMS_COUNTED_ALL) if full else \
                SUMS_SQL.format(scope=SUMS_SCOPE, counted=SUMS_COUNTED_EACH)
            cursor.execute(sql, [] if full else [families, entities])
            for key, combined, parts, value_combined, value_sum in cursor.fetchall():
                disagreement = found.setdefault(key, Disagreement(key))
                disagreement.claim_ids.add(combined)
                disagreement.part_ids.update(parts)
                disagreement.widen(value_combined, value_sum)
    for disagreement in found.values():
        disagreement.part_ids -= disagreement.claim_ids
    return found


def _collect_pairs(cursor, sql: str, scope: str, scoped_to: list[str] | None, found: dict) -> None:
    """Run a pair query (everything when ``scoped_to`` is None) and file each pair under its key."""
    cursor.execute(sql.format(scope="" if scoped_to is None else scope), [] if scoped_to is None else [scoped_to])
    for key, a, b, value_a, value_b in cursor.fetchall():
        disagreement = found.setdefault(key, Disagreement(key))
        disagreement.claim_ids.update((a, b))
        disagreement.widen(value_a, value_b)


def figures_signature(rows: Iterable[tuple[int, float | None, float | None]]) -> str:
    """Hash claim ids with their intervals, so a decided conflict reopens only when figures change."""
    text = ";".join(f"{claim_id}:{lower!r}:{upper!r}" for claim_id, lower, upper in sorted(rows))
    return hashlib.sha256(text.encode()).hexdigest()


# --- The same rules in Python, for the few figures of one conflict -------------------------------------

@dataclass(frozen=True)
class Figure:
    """One figure as compared: its interval (None = unbounded), its value, and its as-of date."""

    lower: float | None
    upper: float | None
    value: float | None
    as_of: date | None = None


def sum_of(parts: list[Figure]) -> Figure:
    """Add parts into one figure (an unbounded side stays unbounded)."""
    lower = None if any(p.lower is None for p in parts) else sum(p.lower for p in parts)
    upper = None if any(p.upper is None for p in parts) else sum(p.upper for p in parts)
    value = None if any(p.value is None for p in parts) else sum(p.value for p in parts)
    return Figure(lower, upper, value)


def pair_disagrees(a: Figure, b: Figure, *, cumulative: bool) -> bool:
    """Say whether two figures cannot both be true, as PAIRS_SQL decides it."""
    def low(f):
        return float("-inf") if f.lower is None else f.lower

    def high(f):
        return float("inf") if f.upper is None else f.upper

    if cumulative and a.as_of and b.as_of and a.as_of != b.as_of:
        later, earlier = (a, b) if a.as_of > b.as_of else (b, a)
        return high(later) < low(earlier)  # a cumulative count may only grow
    return high(a) < low(b) or high(b) < low(a)


def disagree(figures: list[Figure], *, cumulative: bool) -> bool:
    """Say whether any two of ``figures`` disagree."""
    return any(pair_disagrees(a, b, cumulative=cumulative)
               for i, a in enumerate(figures) for b in figures[i + 1:])


def spread(figures: list[Figure]) -> tuple[float | None, float | None]:
    """Return the largest difference between two figures' values, and its ratio (as detection does)."""
    found = Disagreement("")
    for i, a in enumerate(figures):
        for b in figures[i + 1:]:
            found.widen(a.value, b.value)
    return found.difference, found.ratio


def _low(f: Figure) -> float:
    return float("-inf") if f.lower is None else f.lower


def _high(f: Figure) -> float:
    return float("inf") if f.upper is None else f.upper


def sides(figures: list[Figure]) -> list[list[int]]:
    """Group figures into sides that agree: within a side every two intervals overlap.

    Intervals overlap pairwise exactly when they share a point, so sweeping by upper bound and taking
    every figure that holds the first upper bound gives the fewest sides. Returns indexes into
    ``figures``, numbered by value (see ``by_value``).
    """
    left = sorted(range(len(figures)), key=lambda i: (_high(figures[i]), _low(figures[i]), i))
    groups: list[list[int]] = []
    while left:
        point = _high(figures[left[0]])
        group = [i for i in left if _low(figures[i]) <= point]
        groups.append(sorted(group))
        left = [i for i in left if i not in group]
    return by_value(groups, figures)


def by_value(groups: list[list[int]], figures: list[Figure]) -> list[list[int]]:
    """Order sides by the interval they agree on: ascending lower bound, then upper (unbounded below first).

    A side's number then depends only on figures, never on how many claims give them, so it stays
    put when another claim joins a side and reads the same to everyone who sees the same figures.
    """
    def agreed(group):
        return (max(_low(figures[i]) for i in group), min(_high(figures[i]) for i in group), min(group))
    return sorted(groups, key=agreed)


def significant(value: float | None, digits: int = 3) -> float | int | None:
    """Round a derived number (a difference, a ratio) to the precision figures are worded in."""
    if value is None or value == 0 or not math.isfinite(value):
        return value
    rounded = round(value, digits - 1 - math.floor(math.log10(abs(value))))
    return int(rounded) if rounded == int(rounded) and abs(rounded) >= 10 ** (digits - 1) else rounded


@dataclass
class Side:
    """Figures in a conflict that agree with each other, and how many independent sources give them."""

    number: int
    members: list = field(default_factory=list)
    lower: float | None = None
    upper: float | None = None
    sources: int = 0
    figures: str = ""  # as sources state them ("about 900,000 km² / 350,000 sq mi"), worded when numbered

    def word_figures(self) -> str:
        worded = []
        for member in self.members:
            text = member.claim.stated_figure + (" (part)" if member.is_part else "")
            if text and text not in worded:
                worded.append(text)
        return " / ".join(worded[:3]) + (" …" if len(worded) > 3 else "")


def conflict_sides(members: list, *, shown=None) -> list[Side]:
    """Split a conflict's members (with claims and their evidence prefetched) into sides that agree.

    A sum's parts count as one figure, their sum. Each member gets ``side`` (its side's number).
    Sides are numbered by value over the members ``shown(member)`` says readers see (all when None),
    so staff, who also see unpublished claims, read the numbers readers do: an unpublished figure
    joins the first side it agrees with, and those agreeing with none get the numbers after.
    Call it on the approved rows, before laying drafted corrections over them.
    """
    whole = [m for m in members if not m.is_part and m.claim.canonical_value is not None]
    parts = [m for m in members if m.is_part and m.claim.canonical_value is not None]
    entries = [[m] for m in whole]
    figures = [Figure(m.claim.canonical_lower, m.claim.canonical_upper, m.claim.canonical_value) for m in whole]
    if parts:
        entries.append(parts)
        figures.append(sum_of([Figure(m.claim.canonical_lower, m.claim.canonical_upper, m.claim.canonical_value)
                               for m in parts]))
    public = [i for i, entry in enumerate(entries) if shown is None or all(shown(m) for m in entry)]
    groups = [[public[i] for i in group] for group in sides([figures[i] for i in public])]
    unmatched = []
    for i in (i for i in range(len(entries)) if i not in set(public)):
        home = next((g for g in groups if all(not pair_disagrees(figures[i], figures[j], cumulative=False)
                                               for j in g)), None)
        (home if home is not None else unmatched).append(i)
    groups += [[unmatched[i] for i in group] for group in sides([figures[i] for i in unmatched])]
    return [_side(number, group, entries, figures) for number, group in enumerate(groups, 1)]


def _side(number: int, group: list[int], entries: list, figures: list[Figure]) -> Side:
    side = Side(number, [m for i in sorted(group) for m in entries[i]])
    lows = [figures[i].lower for i in group if figures[i].lower is not None]
    highs = [figures[i].upper for i in group if figures[i].upper is not None]
    side.lower, side.upper = (max(lows) if lows else None), (min(highs) if highs else None)
    # A repost counts as its original: independent sources are distinct origins.
    side.sources = len({a.source.original_id or a.source_id for m in side.members for a in m.claim.appearances.all()})
    side.figures = side.word_figures()
    for member in side.members:
        member.side = number
    return side
