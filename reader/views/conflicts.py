"""Readers' pages of disagreements between public claims."""
from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import render

from claims import conflicts as comparisons
from claims import figures, selectors
from claims.models import Conflict
from pagecache import cachetags
from pagecache.answers import record
from project.prepared import Prepared
from reader import charts
from reader.views.common import PAGE_SIZE, CountedPaginator, _public_response
from reader.views.rows import ClaimRow, ConflictRow, MemberRow, Related, Row, SourceRow, split


def _with_member_versions(conflicts, highlight: int | None = None, chart: bool = True) -> list:
    """Show each conflict's claims (their rows are the approved versions) with its sides and chart.

    Lists show no charts (``chart=False``): drawing one costs as much as the rest of a card.
    """
    conflicts = list(conflicts)
    for conflict in conflicts:
        members = list(conflict.members.all())
        conflict.sides = comparisons.conflict_sides(members)
        # "Normal" is every member's rank until an editor prefers or deprecates one: only then say it.
        conflict.ranks_shown = any(m.rank != m.Rank.NORMAL for m in members)
        conflict.public_spread = _spread(conflict)
        conflict.chart = charts.conflict_chart(conflict, members, highlight=highlight) if chart else ""
    return conflicts


def _spread(conflict) -> str:
    """Word how far apart the sides are, from the public figures' difference and ratio."""
    difference, ratio = conflict.shown_difference, conflict.shown_ratio
    if conflict.metric is None or difference is None:
        return ""
    unit = conflict.metric.canonical_unit
    text = f"{figures.describe(comparisons.significant(difference), unit)} apart"
    if unit == "km²":
        text += f" ({figures.describe(comparisons.significant(figures.convert(difference, 'km²', 'sq mi')), 'sq mi')})"
    return text + (f", a ratio of {comparisons.significant(ratio)}" if ratio else "")


def conflict_list(request):
    """List disagreements between public claims, open ones first."""
    record(cachetags.LIST_CONFLICTS)
    conflicts = selectors.public_conflicts().open_first()
    status = request.GET.get("status", "")
    if status in Conflict.Status.values:
        conflicts = conflicts.filter(status=status)  # still read in the index's order: no sort of every conflict
    totals = selectors.public_totals()
    count = totals[f"conflicts_{status}"] if status in Conflict.Status.values else totals["conflicts"]
    page = CountedPaginator(conflicts, PAGE_SIZE, count=count).get_page(request.GET.get("page"))
    page.object_list = _with_member_versions(page.object_list, chart=False)
    return _public_response(render(request, "reader/conflict_list.html", {
        "page": page, "status": status, "statuses": Conflict.Status.choices,
        "querystring": f"status={status}" if status else "",
    }))


CONFLICT_COLUMNS = ("id", "kind", "status", "title", "note", "decided_at", "shown_difference", "shown_ratio",
                    "metric_id", "metric__name", "metric__canonical_unit")
MEMBER_COLUMNS = ("id", "claim_id", "is_part", "rank", "rank_reason", "claim__slug", "claim__statement",
                  "claim__value", "claim__unit", "claim__qualifier", "claim__count_noun", "claim__figure_text",
                  "claim__canonical_value", "claim__canonical_lower", "claim__canonical_upper", "claim__metric_id",
                  "claim__metric__canonical_unit")
SOURCE_COLUMNS = ("claim_id", "source_id", "source__original_id", "source__slug", "source__title",
                  "source__language", "source__publisher_id", "source__publisher__name")
# What conflict pages and a claim's disagreements show, read as values through compiled queries
# (project.prepared); which conflicts, members and evidence readers see is the selectors' rule.
_CONFLICT = Prepared(lambda pk: selectors.public_conflict_figures().filter(pk=pk).values(*CONFLICT_COLUMNS), pk=int)
_CLAIM_CONFLICTS = Prepared(lambda claim_id: selectors.public_conflict_figures().filter(Exists(
    selectors.public_members().filter(conflict=OuterRef("pk"), claim_id=claim_id))).values(*CONFLICT_COLUMNS),
    claim_id=int)
_MEMBERS = Prepared(lambda ids: selectors.public_members().filter(conflict_id__any=ids)
                    .order_by(*selectors.MEMBER_ORDER).values("conflict_id", *MEMBER_COLUMNS), ids=list)
_SOURCES = Prepared(lambda ids: selectors.approved_evidence().filter(claim_id__any=ids).order_by("id")
                    .values(*SOURCE_COLUMNS), ids=list)


def conflict_detail(request, pk):
    """Show one disagreement: the figures in one unit, their sources, and the editors' decision."""
    conflicts = conflict_rows(_CONFLICT(pk=pk))
    if not conflicts:
        raise Http404("No conflict here.")
    conflict = _with_member_versions(conflicts)[0]
    members = conflict.members.all()
    for member in members:
        member.sources = member.claim.appearances
    return _public_response(render(request, "reader/conflict_detail.html", {
        "conflict": conflict, "members": members, "chart": conflict.chart,
    }))


def claim_conflicts(claim_id: int) -> list[ConflictRow]:
    """Return the public conflicts a claim is a public member of, as ``conflict_rows`` shapes them."""
    return conflict_rows(_CLAIM_CONFLICTS(claim_id=claim_id))


def conflict_rows(rows: list[dict]) -> list[ConflictRow]:
    """Shape conflict rows with their public members, the members' claims and evidence (two queries more, at most).

    The rows answer as ``public_conflicts()``'s instances do for ``_with_member_versions`` and the
    templates; the answer is tagged with every row read (values rows tag nothing by themselves).
    """
    conflicts = [ConflictRow(row) for row in rows]
    for conflict in conflicts:
        conflict.metric = Row({"name": conflict.metric__name, "canonical_unit": conflict.metric__canonical_unit}) \
            if conflict.metric_id is not None else None
        conflict.members = Related()
    members = [_member(row) for row in _MEMBERS(ids=[c.id for c in conflicts])] if conflicts else []
    by_id = {conflict.id: conflict for conflict in conflicts}
    for member in members:
        by_id[member.conflict_id].members.append(member)
    evidence = _SOURCES(ids=sorted({m.claim_id for m in members})) if members else []
    shown: dict[int, Related] = {}
    for row in evidence:
        source = SourceRow(split(row, "source__") | {"id": row["source_id"]})
        source.publisher = Row({"name": source.publisher__name}) if source.publisher_id is not None else None
        shown.setdefault(row["claim_id"], Related()).append(Row(row | {"source": source}))
    for member in members:
        member.claim.appearances = shown.get(member.claim_id, Related())
    _record_conflicts(conflicts, members, evidence)
    return conflicts


def _record_conflicts(conflicts, members, evidence) -> None:
    """Tag the answer with every row the conflicts show."""
    tags = []
    for conflict in conflicts:
        tags += [f"conflict:{conflict.id}", f"metric:{conflict.metric_id}"]
    for member in members:
        tags += [f"conflict:{member.conflict_id}", f"claim:{member.claim_id}", f"metric:{member.claim.metric_id}"]
    for row in evidence:
        tags += [f"claim:{row['claim_id']}", f"source:{row['source_id']}", f"publisher:{row['source__publisher_id']}"]
    record(*(tag for tag in tags if not tag.endswith(":None")))


def _member(row: dict) -> MemberRow:
    """Shape a membership row with its claim and the claim's metric unit."""
    claim = ClaimRow(split(row, "claim__") | {"id": row["claim_id"]})
    claim.metric = Row({"canonical_unit": claim.metric__canonical_unit}) if claim.metric_id is not None else None
    return MemberRow(row | {"claim": claim})
