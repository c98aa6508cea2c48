"""The home page, the claim list and search, a claim's page, and the methodology."""
from __future__ import annotations

import functools
import json

import markdown
import nh3
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import BooleanField, Exists, F, Func, OuterRef
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe

from claims import selectors
from claims.claimreview import claim_review, first_appearance
from claims.models import VERDICT_DEFINITIONS, Claim, Conflict, Review, Verdict
from pagecache import cachetags
from pagecache.answers import record
from project.prepared import Prepared
from project.site import absolute
from reader import charts
from reader.views.claim_reads import attach_shown, claim_at
from reader.views.common import (
    PAGE_SIZE,
    CappedPaginator,
    CountedPaginator,
    _cards,
    _moved_or_missing,
    _public_response,
    card_rows,
)
from reader.views.conflicts import _with_member_versions, claim_conflicts
from reader.views.rows import ClaimRow

SUBJECT_RANK_FACTOR = 4.0

# A narrowed list (search, entity, metric, source) counts at most this many matches: past 50 pages
# a reader refines the search, and counting every match of a broad word reads most of the table.
MAX_COUNTED = 1000
# What a claim page shows of the claims whose figures agree with it.
COMPARABLE_COLUMNS = ("id", "slug", "statement", "value", "unit", "qualifier", "count_noun", "figure_text",
                      "canonical_lower", "canonical_upper")
# A claim page's lists of other claims, read as values through compiled queries (project.prepared):
# which claims and notes readers see is the selectors' rule, built into the SQL.
_COMPARABLE = Prepared(lambda key, shown: selectors.public_claims().filter(comparison_key=key)
                       .exclude(pk__any=shown).values(*COMPARABLE_COLUMNS), key=str, shown=list)
_RELATED = Prepared(lambda claim_id, subject_ids: selectors.public_claims().filter(subjects__id__any=subject_ids)
                    .exclude(pk=claim_id).distinct().order_by("-last_approved_at")
                    .values("id", "slug", "statement", "last_approved_at")[:8], claim_id=int, subject_ids=list)
_METRICS = Prepared(lambda: selectors.public_metrics().order_by("name").values("id", "slug", "name"))
_CORRECTIONS = Prepared(lambda claim_id: selectors.public_corrections().filter(claim_id=claim_id)
                        .order_by("created_at").values("created_at", "public_note"), claim_id=int)


@functools.lru_cache(maxsize=1024)  # the same text gives the same HTML; Markdown sets up its extensions per call
def render_rationale(text: str) -> str:
    """Render an editor's Markdown rationale to HTML that cannot carry scripts or styles."""
    html = markdown.markdown(text or "", extensions=["extra"], output_format="html")
    return mark_safe(nh3.clean(html, link_rel="nofollow noopener noreferrer"))  # noqa: S308 - sanitised by nh3


def home(request):
    """Search, recent verdicts, open disagreements and figures at a glance."""
    record(cachetags.LIST_CLAIMS, cachetags.LIST_CONFLICTS, cachetags.LIST_SOURCES)
    public = selectors.public_claims()
    recent = card_rows(_cards(public).order_by("-last_approved_at", "-id")[:10])
    open_conflicts = selectors.public_conflicts().filter(status=Conflict.Status.OPEN)
    disagreements = _with_member_versions(open_conflicts.open_first()[:5], chart=False)  # the list's index
    totals = selectors.public_totals()  # kept by the services: no count over every claim per request
    at_a_glance = {"claims": totals["claims"], "rated": totals["rated"], "with_figures": totals["with_figures"],
                   "sources": totals["sources"], "open_conflicts": totals["conflicts_open"]}
    at_a_glance["awaiting_verdict"] = at_a_glance["claims"] - at_a_glance["rated"]
    return _public_response(render(request, "reader/home.html", {
        "recent": recent, "disagreements": disagreements, "at_a_glance": at_a_glance,
    }))


def claim_list(request):
    """List public claims with full-text search, filters and pagination."""
    record(cachetags.LIST_CLAIMS)
    query = request.GET.get("q", "").strip()[:200]
    filters = {name: request.GET.get(name, "") for name in ("verdict", "entity", "metric", "source", "conflict")}
    # The filter's choices, read first: the metric filter takes its id from them (see _filtered).
    metrics = _METRICS()
    record(*(f"metric:{metric['id']}" for metric in metrics))
    claims = _filtered(selectors.public_claims(), filters, {metric["slug"]: metric["id"] for metric in metrics})
    narrowed = query or any(filters[name] for name in ("entity", "metric", "source")) or filters["conflict"] == "yes"
    if query:
        claims = _searched(claims, query)
    else:
        claims = claims.order_by("-last_approved_at", "-id")
    claims = _cards(claims, "rank") if query else _cards(claims)
    if not narrowed:
        totals = selectors.public_totals()
        count = totals[f"verdict_{filters['verdict']}"] if filters["verdict"] in Verdict.values else totals["claims"]
        paginator = CountedPaginator(claims, PAGE_SIZE, count=count)
    else:
        paginator = CappedPaginator(claims, PAGE_SIZE, cap=MAX_COUNTED)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = card_rows(page.object_list)
    params = request.GET.copy()
    params.pop("page", None)
    return _public_response(render(request, "reader/claim_list.html", {
        "page": page, "query": query, "filters": filters, "querystring": params.urlencode(),
        "verdicts": Verdict.choices,
        "metrics": metrics,
    }))


def _filtered(claims, filters: dict, metric_ids: dict[str, int]):
    """Narrow public claims by the list's filters (EXISTS, not joins: no DISTINCT, counting stays an index walk).

    The metric is matched by its id (``metric_ids``: the public metrics by slug), not joined by its
    slug: given the id, the planner walks the claims of that metric and verdict in the list's order
    (``claim_visible_metric_recent``) and stops at a page; joined, it read and sorted every claim of
    the metric (17 ms at 100,000 claims). A slug no public metric has matches no public claim.
    """
    if filters["verdict"] in Verdict.values:
        claims = claims.filter(verdict=filters["verdict"])
    if filters["entity"]:
        claims = claims.filter(Exists(Claim.subjects.through.objects.filter(
            claim=OuterRef("pk"), entity__slug=filters["entity"])))
    if filters["metric"]:
        metric_id = metric_ids.get(filters["metric"])
        claims = claims.filter(metric_id=metric_id) if metric_id is not None else claims.none()
    if filters["source"]:
        claims = claims.filter(Exists(selectors.public_appearances().filter(
            claim=OuterRef("pk"), source__slug=filters["source"])))
    if filters["conflict"] == "yes":
        claims = claims.filter(selectors.in_open_public_conflict())
    return claims


def _searched(claims, query: str):
    """Order the newest matches of ``query`` by relevance: a bounded first cut, not every match ranked.

    The list shows at most MAX_COUNTED matches (50 pages), so only the newest MAX_COUNTED + 1 matches
    (the one past the cap says "more than") are ranked: a common word matches a tenth of the corpus,
    and ranking every match grew with it (297 ms at a million claims). A reader who needs an older
    claim narrows the search, as the page says.
    """
    search = SearchQuery(query, search_type="websearch", config="english")
    cut = claims.filter(search_vector=search).order_by("-last_approved_at", "-id").values("pk")[:MAX_COUNTED + 1]
    # Weights D, C, B, A: the statement and subjects (A) count ten times the rationale (D), and
    # normalisation 1 (rank / (1 + log length)) lets a short claim beat a long one that only
    # mentions the query. The subjects' own rank, divided by their length (normalisation 2),
    # puts a claim about the query (its only subject) before one naming it among others; it
    # counts four times, enough to order claims whose statements match about equally.
    rank = SearchRank(F("search_vector"), search, weights=[0.1, 0.2, 0.4, 1.0], normalization=1) \
        + SUBJECT_RANK_FACTOR * SearchRank(F("subjects_vector"), search, normalization=2)
    # id = ANY(ARRAY(…)): the cut is read once and its rows fetched by primary key; written as IN, the
    # planner may hash the cut and scan every claim to probe it.
    in_cut = Func(F("pk"), ArraySubquery(cut), arg_joiner=" = ANY(", template="%(expressions)s)",
                  output_field=BooleanField())
    return (selectors.public_claims().filter(in_cut).annotate(rank=rank)
            .order_by("-rank", "-last_approved_at", "-id"))


def verdict_scale(verdict: str) -> dict:
    """Lay out the rating scale with ``verdict`` marked: the rated steps in order, then the two off it."""
    def step(value):
        return {"value": value.value, "label": value.label, "definition": VERDICT_DEFINITIONS[value],
                "current": value == verdict}
    steps = [step(v) for v in (Verdict.ACCURATE, Verdict.MOSTLY_ACCURATE, Verdict.MISLEADING, Verdict.INACCURATE)]
    off_scale = [step(v) for v in (Verdict.UNSUPPORTED, Verdict.NOT_YET_RATED)]
    position = next((i for i, s in enumerate(steps, 1) if s["current"]), None)
    label = Verdict(verdict).label
    if position:
        summary = f"Our verdict: {label}, step {position} of {len(steps)} on a scale from accurate to inaccurate."
    else:
        summary = f"Our verdict: {label}, not a step on the scale from accurate to inaccurate."
    return {"steps": steps, "off_scale": off_scale, "summary": summary}


def display_name(user) -> str:
    """Name an editor for readers by their full name ("" without one: a login is not a byline)."""
    return user.get_full_name().strip()


def claim_detail(request, slug):
    """Show one claim as readers need it: summary box, evidence, disagreements, corrections."""
    claim = claim_at(slug)
    if claim is None:
        return _moved_or_missing(Claim, "claim-detail", slug)
    if selectors.is_withdrawn_public(claim):
        withdrawal = claim.reviews.filter(action=Review.Action.WITHDRAW).order_by("-created_at").first()
        response = render(request, "reader/claim_withdrawn.html", {"claim": claim, "withdrawal": withdrawal},
                          status=410)
        return _public_response(response)
    if not selectors.is_public_claim(claim):
        raise Http404("No claim here.")  # 404, not 403: a draft's existence is not public either
    attach_shown(claim)  # its subjects, evidence and approvals, as values

    conflicts = _with_member_versions(claim_conflicts(claim.pk), highlight=claim.pk)
    in_conflict = {m.claim_id for c in conflicts for m in c.members.all()}
    comparable = []
    if claim.comparison_key:
        record(cachetags.comparison_tag(claim.comparison_key))  # a claim that comes to agree appears here
        comparable = [ClaimRow(row) for row in _COMPARABLE(key=claim.comparison_key,
                                                           shown=sorted(in_conflict | {claim.pk}))]
    subject_ids = [subject.pk for subject in claim.subjects.all()]
    related = _RELATED(claim_id=claim.pk, subject_ids=subject_ids) if subject_ids else []
    corrections = _CORRECTIONS(claim_id=claim.pk)
    record(*(f"claim:{other.id}" for other in comparable), *(f"claim:{row['id']}" for row in related))
    url = absolute(reverse("claim-detail", args=[claim.slug]))
    review = claim_review(claim)
    return _public_response(render(request, "reader/claim_detail.html", {
        "claim": claim,
        "checked_by": [name for name in map(display_name, selectors.checked_by(claim.approval_log)) if name],
        "scale": verdict_scale(claim.verdict),
        "verdict_definition": VERDICT_DEFINITIONS[Verdict(claim.verdict)],
        "rationale": render_rationale(claim.rationale),
        "first_appearance": first_appearance(claim),
        "conflicts": conflicts,
        "comparable": comparable,
        "chart": _chart(claim, conflicts, comparable),
        "related": related,
        "corrections": corrections,
        "claimreview_json": _json_ld(review) if review else "",
        "canonical_url": url,
    }))


def _chart(claim, conflicts, comparable) -> str:
    """Draw this claim against the figures it agrees with, when no conflict has a chart of its own."""
    if conflicts or claim.metric is None or claim.value is None:
        return ""
    bars = [charts.Bar(f"This claim ({claim.stated_figure})", claim.canonical_lower, claim.canonical_upper, True)]
    bars += [charts.Bar(other.stated_figure, other.canonical_lower, other.canonical_upper)
             for other in comparable if other.value is not None]
    if len(bars) < 2:
        return ""
    return charts.interval_chart(bars, claim.metric.canonical_unit, f"{claim.metric.name}: figures that agree")


def _json_ld(data: dict) -> str:
    """Serialise JSON-LD for a <script> data block, escaping what could close the tag."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))  # noqa: S308


def methodology(request):
    """Explain the rating scale, how figures are compared, and the corrections policy."""
    scale = [(Verdict(value).label, VERDICT_DEFINITIONS[Verdict(value)]) for value in Verdict.values]
    return _public_response(render(request, "reader/methodology.html", {"scale": scale}))

