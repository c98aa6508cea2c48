"""Readers' pages of disagreements between public claims."""
from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from claims import conflicts as comparisons
from claims import figures, selectors
from claims.models import Conflict
from pagecache import cachetags
from pagecache.answers import record
from reader import charts
from reader.views.common import PAGE_SIZE, CountedPaginator, _public_response


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


def conflict_detail(request, pk):
    """Show one disagreement: the figures in one unit, their sources, and the editors' decision."""
    conflict = selectors.public_conflicts().filter(pk=pk).first()
    if conflict is None:
        raise Http404("No conflict here.")
    conflict = _with_member_versions([conflict])[0]
    members = list(conflict.members.all())
    for member in members:
        member.sources = list(member.claim.appearances.all())
    return _public_response(render(request, "reader/conflict_detail.html", {
        "conflict": conflict, "members": members, "chart": conflict.chart,
    }))
