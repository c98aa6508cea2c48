"""Public reader pages. Only public content appears; every page runs a fixed number of queries."""
from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urljoin, urlparse

import markdown
import nh3
from axes.helpers import get_client_ip_address
from django import forms
from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import Exists, F, OuterRef, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe

from claims import conflicts as comparisons
from claims import figures, selectors
from claims.claimreview import claim_review, first_appearance
from claims.errors import ServiceError
from claims.models import VERDICT_DEFINITIONS, AnchorStatus, Claim, ClaimStatus, Conflict, Review, Verdict
from claims.selectors import with_published_versions
from pagecache import cachetags
from pagecache.answers import record
from project.site import absolute
from reader import charts
from reader import services as reader_services
from reader.models import ReaderReport

PAGE_SIZE = 20
SUBJECT_RANK_FACTOR = 4.0

# A narrowed list (search, entity, metric, source) counts at most this many matches: past 50 pages
# a reader refines the search, and counting every match of a broad word reads most of the table.
MAX_COUNTED = 1000


class CountedPaginator(Paginator):
    """Pages over a list whose length is known already (``selectors.public_totals``): no COUNT(*)."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # the cached_property's slot


class CappedPaginator(Paginator):
    """Pages over the first ``cap`` matches, counting no further (``capped`` says when there are more)."""

    def __init__(self, object_list, per_page, *, cap: int):
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def _matches(self) -> int:
        return self.object_list.order_by()[:self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._matches, self.cap)

    @property
    def capped(self) -> bool:
        return self._matches > self.cap


def _public_response(response):
    """Let browsers and shared caches keep public pages briefly.

    Validation is by ETag only (ConditionalGetMiddleware hashes the page): a page also shows other
    rows (conflicts, agreeing claims), so one row's Last-Modified could let a cache keep a stale page.
    """
    patch_cache_control(response, public=True, max_age=settings.CROSSCHECK_PAGE_MAX_AGE)
    return response


def render_rationale(text: str) -> str:
    """Render an editor's Markdown rationale to HTML that cannot carry scripts or styles."""
    html = markdown.markdown(text or "", extensions=["extra"], output_format="html")
    return mark_safe(nh3.clean(html, link_rel="nofollow noopener noreferrer"))  # noqa: S308 - sanitised by nh3


def _with_member_versions(conflicts, highlight: int | None = None, chart: bool = True) -> list:
    """Show each conflict's claims as last approved (one query for all), with its sides and chart.

    Lists show no charts (``chart=False``): drawing one costs as much as the rest of a card.
    """
    conflicts = list(conflicts)
    with_published_versions([m.claim for c in conflicts for m in c.members.all()])
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


def home(request):
    """Search, recent verdicts, open disagreements and figures at a glance."""
    record(cachetags.LIST_CLAIMS, cachetags.LIST_CONFLICTS, cachetags.LIST_SOURCES)
    public = selectors.public_claims()
    recent = with_published_versions(list(_cards(public).order_by("-last_approved_at", "-id")[:10]))
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
    claims = _cards(selectors.public_claims()).prefetch_related("subjects")
    query = request.GET.get("q", "").strip()[:200]
    if query:
        search = SearchQuery(query, search_type="websearch", config="english")
        # Weights D, C, B, A: the statement and subjects (A) count ten times the rationale (D), and
        # normalisation 1 (rank / (1 + log length)) lets a short claim beat a long one that only
        # mentions the query. The subjects' own rank, divided by their length (normalisation 2),
        # puts a claim about the query (its only subject) before one naming it among others; it
        # counts four times, enough to order claims whose statements match about equally.
        rank = SearchRank(F("search_vector"), search, weights=[0.1, 0.2, 0.4, 1.0], normalization=1) \
            + SUBJECT_RANK_FACTOR * SearchRank(F("subjects_vector"), search, normalization=2)
        claims = claims.filter(search_vector=search).annotate(rank=rank)
        claims = claims.order_by("-rank", "-last_approved_at", "-id")
    else:
        claims = claims.order_by("-last_approved_at", "-id")
    filters = {
        "verdict": request.GET.get("verdict", ""),
        "entity": request.GET.get("entity", ""),
        "metric": request.GET.get("metric", ""),
        "source": request.GET.get("source", ""),
        "conflict": request.GET.get("conflict", ""),
    }
    if filters["verdict"] in Verdict.values:
        claims = claims.filter(verdict=filters["verdict"])
    # EXISTS rather than joins: no DISTINCT over the matching claims, and counting stays an index walk.
    if filters["entity"]:
        claims = claims.filter(Exists(Claim.subjects.through.objects.filter(
            claim=OuterRef("pk"), entity__slug=filters["entity"])))
    if filters["metric"]:
        claims = claims.filter(metric__slug=filters["metric"])
    if filters["source"]:
        claims = claims.filter(Exists(selectors.public_appearances().filter(
            claim=OuterRef("pk"), source__slug=filters["source"])))
    if filters["conflict"] == "yes":
        claims = claims.filter(Exists(selectors.open_public_conflict_members().filter(claim=OuterRef("pk"))))
    narrowed = query or any(filters[name] for name in ("entity", "metric", "source")) or filters["conflict"] == "yes"
    if not narrowed:
        totals = selectors.public_totals()
        count = totals[f"verdict_{filters['verdict']}"] if filters["verdict"] in Verdict.values else totals["claims"]
        paginator = CountedPaginator(claims, PAGE_SIZE, count=count)
    else:
        paginator = CappedPaginator(claims, PAGE_SIZE, cap=MAX_COUNTED)
    page = paginator.get_page(request.GET.get("page"))
    with_published_versions(list(page.object_list))
    params = request.GET.copy()
    params.pop("page", None)
    return _public_response(render(request, "reader/claim_list.html", {
        "page": page, "query": query, "filters": filters, "querystring": params.urlencode(),
        "verdicts": Verdict.choices,
        "metrics": selectors.public_metrics().order_by("name"),
    }))


def _cards(claims):
    """Shape claims for list cards: verdict, open-disagreement badge, first source and date, in fixed queries."""
    # The badge is a prefetch of the shown claims' memberships, not an EXISTS per row: PostgreSQL planned
    # that as one hash of every open public conflict's members, which grows with the corpus.
    return claims.select_related("metric").prefetch_related(
        Prefetch("appearances", queryset=_evidence_shown(), to_attr="shown_appearances"),
        Prefetch("conflict_memberships", queryset=selectors.open_public_conflict_members(),
                 to_attr="open_conflict_memberships"),
    )


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
    """Name an editor for readers: their full name, else their username."""
    return user.get_full_name().strip() or user.get_username()


def claim_detail(request, slug):
    """Show one claim as readers need it: summary box, evidence, disagreements, corrections."""
    claim = get_object_or_404(Claim.objects.select_related("metric", "claimant").prefetch_related(
        "subjects", Prefetch("appearances", queryset=_evidence_shown()),
        Prefetch("reviews", queryset=selectors.published_approvals(), to_attr="approval_log")), slug=slug)
    if claim.status == ClaimStatus.WITHDRAWN and claim.is_public:
        withdrawal = claim.reviews.filter(action=Review.Action.WITHDRAW).order_by("-created_at").first()
        response = render(request, "reader/claim_withdrawn.html", {"claim": claim, "withdrawal": withdrawal},
                          status=410)
        return _public_response(response)
    if not selectors.is_public_claim(claim):
        raise Http404("No claim here.")  # 404, not 403: a draft's existence is not public either
    with_published_versions([claim])

    conflicts = _with_member_versions(selectors.public_conflicts().filter(
        Exists(selectors.public_members().filter(conflict=OuterRef("pk"), claim=claim))), highlight=claim.pk)
    in_conflict = {m.claim_id for c in conflicts for m in c.members.all()}
    comparable = []
    if claim.comparison_key:
        record(cachetags.comparison_tag(claim.comparison_key))  # a claim that comes to agree appears here
        comparable = with_published_versions(list(
            selectors.public_claims().filter(comparison_key=claim.comparison_key)
            .exclude(pk__in=in_conflict | {claim.pk})
            .select_related("metric").prefetch_related(Prefetch("appearances", queryset=_evidence_shown()))
        ))
    subject_ids = [subject.pk for subject in claim.subjects.all()]
    related = with_published_versions(list(
        selectors.public_claims().filter(subjects__in=subject_ids).exclude(pk=claim.pk).distinct()
        .order_by("-last_approved_at")[:8]
    ))
    corrections = list(selectors.public_corrections().filter(claim=claim).order_by("created_at"))
    url = absolute(reverse("claim-detail", args=[claim.slug]), request)
    review = claim_review(claim, request=request)
    return _public_response(render(request, "reader/claim_detail.html", {
        "claim": claim,
        "checked_by": [display_name(editor) for editor in selectors.checked_by(claim.approval_log)],
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


def _evidence_shown():
    """Approved evidence with its source, first published first (prefetched under public claims)."""
    return selectors.approved_evidence().select_related("source__publisher", "source__original").order_by(
        F("source__published_on").asc(nulls_last=True), "id")


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


def source_detail(request, slug):
    """Show a source, whether it reposts another, its public claims, and its text with quotes marked."""
    source = get_object_or_404(selectors.public_sources().select_related("publisher", "original"), slug=slug)
    appearances = list(
        selectors.public_appearances().filter(source=source).select_related("claim").order_by("start_offset", "id")
    )
    with_published_versions([a.claim for a in appearances])
    snapshot = source.snapshots.order_by("-captured_at").first()
    return _public_response(render(request, "reader/source_detail.html", {
        "source": source, "appearances": appearances,
        "highlighted": _highlight(snapshot.text, appearances, snapshot.pk) if snapshot else "",
        "copies": list(selectors.public_sources().filter(original=source).select_related("publisher")),
    }))


def _highlight(text: str, appearances, snapshot_id: int | None = None) -> str:
    """Escape the snapshot text and mark each quote, linked to its claim."""
    spans = []
    for appearance in appearances:
        if appearance.snapshot_id == snapshot_id and appearance.start_offset is not None \
                and appearance.anchor != AnchorStatus.MISSING:
            start, end = appearance.start_offset, appearance.end_offset  # a fuzzy anchor differs from the quote
        else:
            start = text.find(appearance.quote)
            end = start + len(appearance.quote)
        if start < 0:
            continue
        if all(end <= s or start >= e for s, e, _ in spans):
            spans.append((start, end, appearance.claim))
    out, position = [], 0
    for start, end, claim in sorted(spans, key=lambda span: span[0]):
        out.append(escape(text[position:start]))
        url = reverse("claim-detail", args=[claim.slug])
        out.append(f'<mark><a href="{escape(url)}" title="{escape(claim.statement)}">{escape(text[start:end])}</a></mark>')
        position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above


def entity_detail(request, slug):
    """Show an entity, its aliases and every public claim about it."""
    entity = get_object_or_404(selectors.public_entities().prefetch_related("aliases"), slug=slug)
    claims = with_published_versions(list(
        _cards(selectors.public_claims().filter(subjects=entity)).order_by("-last_approved_at", "-id")
    ))
    made = with_published_versions(list(
        _cards(selectors.public_claims().filter(claimant=entity)).order_by("-last_approved_at", "-id")
    ))
    return _public_response(render(request, "reader/entity_detail.html", {
        "entity": entity, "claims": claims, "claims_made": made}))


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


def methodology(request):
    """Explain the rating scale, how figures are compared, and the corrections policy."""
    scale = [(Verdict(value).label, VERDICT_DEFINITIONS[Verdict(value)]) for value in Verdict.values]
    return _public_response(render(request, "reader/methodology.html", {"scale": scale}))


class ClaimFeed(Feed):
    """Atom feed of newly published claims and public corrections (RFC 4287: ids are tag: URIs)."""

    feed_type = Atom1Feed
    title = "Crosscheck: published claims and corrections"
    subtitle = "Claims checked by the newsroom, and every public correction."
    item_guid_is_permalink = False

    def get_object(self, request, *args, **kwargs):
        # The site's address names the feed's tag: URIs; passed along rather than kept on the shared instance.
        return absolute("/", request)

    # Links are absolute on the same address as the ids (CROSSCHECK_SITE_URL, else the request's host):
    # Django would otherwise put the request's host on them, and a feed fetched through an internal
    # name or a CDN origin would link readers there.
    def link(self, site):
        return urljoin(site, reverse("claim-list"))

    def feed_url(self, site):
        return urljoin(site, reverse("feed"))

    def feed_guid(self, site):
        return f"tag:{_host(site)},{FEED_TAG_DATE}:feed"

    def author_name(self):
        return settings.CROSSCHECK_PUBLISHER_NAME

    def author_link(self, site):
        return settings.CROSSCHECK_PUBLISHER_URL or site

    def items(self, site):
        host = _host(site)
        record(cachetags.LIST_CLAIMS)
        claims = with_published_versions(list(
            selectors.public_claims().select_related("metric").order_by("-last_approved_at")[:30]
        ))
        items = [FeedItem("claim", claim.last_approved_at, claim, None, host, site) for claim in claims]
        reviews = list(selectors.public_corrections().filter(is_correction=True).select_related("claim")
                       .order_by("-created_at")[:30])
        with_published_versions([review.claim for review in reviews])
        items += [FeedItem("correction", review.created_at, review.claim, review, host, site) for review in reviews]
        return sorted(items, key=lambda item: item.when, reverse=True)[:50]

    def item_title(self, item):
        return f"Correction: {item.claim.statement}" if item.kind == "correction" else item.claim.statement

    def item_description(self, item):
        if item.kind == "correction":
            return item.review.public_note
        return f"Verdict: {item.claim.get_verdict_display()}. {item.claim.stated_figure}".strip()

    def item_link(self, item):
        return urljoin(item.site, reverse("claim-detail", args=[item.claim.slug]))

    def item_guid(self, item):
        # One id per publication or correction, stable across renders: tag:host,date:claim-42/correction-7.
        which = f"correction-{item.review.pk}" if item.review else f"published-{item.when:%Y%m%dT%H%M%S%fZ}"
        return f"tag:{item.host},{FEED_TAG_DATE}:claim-{item.claim.pk}/{which}"

    def item_pubdate(self, item):
        return item.when

    def item_updateddate(self, item):
        return item.when


# The date in the feed's tag: URIs (RFC 4151): any day the site's host name was the newsroom's.
FEED_TAG_DATE = "2024"


def _host(site: str) -> str:
    return urlparse(site).hostname or "localhost"


class FeedItem(NamedTuple):
    kind: str
    when: object
    claim: Claim
    review: Review | None
    host: str
    site: str


def favicon(request):
    """Serve the site icon at /favicon.ico, where browsers and feed readers look for it."""
    response = HttpResponse(FAVICON_PATH.read_bytes(), content_type="image/x-icon")
    patch_cache_control(response, public=True, max_age=7 * 24 * 3600)
    return response


FAVICON_PATH = Path(settings.BASE_DIR) / "static" / "favicon.ico"


class ReportForm(forms.Form):
    """The public report form: it only carries the fields; the service checks kinds and sizes."""

    kind = forms.CharField(required=False, widget=forms.RadioSelect(choices=ReaderReport.Kind.choices),
                           label="What would you like to do?")
    page = forms.CharField(required=False, label="Page it is about",
                           help_text="The address of the page on this site, if it is about one.",
                           widget=forms.TextInput(attrs={"maxlength": ReaderReport.PAGE_MAX}))
    text = forms.CharField(required=False, label="Your report",
                           help_text=f"What is wrong and how you know, or the claim and where you saw it. "
                                     f"At most {ReaderReport.TEXT_MAX:,} characters.",
                           widget=forms.Textarea(attrs={"rows": 8, "maxlength": ReaderReport.TEXT_MAX}))
    email = forms.CharField(required=False, label="Your e-mail (optional)",
                            help_text="Only to send you our answer; never published.",
                            widget=forms.EmailInput(attrs={"maxlength": ReaderReport.EMAIL_MAX, "autocomplete": "email"}))
    # The honeypot: hidden from people and screen readers (template), so only a bot fills it in.
    website = forms.CharField(required=False, label="Leave this empty")


def _report_page(request, form, status=200):
    for name in ("page", "text", "email"):  # tie each box to its help and its error, for screen readers
        attrs = form.fields[name].widget.attrs
        attrs["aria-describedby"] = f"{name}-help" + (f" {name}-error" if name in form.errors else "")
        if name in form.errors:
            attrs["aria-invalid"] = "true"
    response = render(request, "reader/report_form.html", {"form": form, "report_kinds": ReaderReport.Kind}, status=status)
    add_never_cache_headers(response)
    return response


def report(request):
    """Take a reader's error report or claim suggestion; refused posts store nothing."""
    if request.method == "POST":
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.CROSSCHECK_REPORT_MAX_BYTES:
            return _message(request, "That was too large", status=413, message=(
                f"Your report is over the {settings.CROSSCHECK_REPORT_MAX_BYTES:,}-byte limit, so nothing was sent. "
                f"Keep the report to {ReaderReport.TEXT_MAX:,} characters."))
        form = ReportForm(request.POST)
        form.is_valid()  # every field is optional to the form itself: the service decides
        data = form.cleaned_data
        if data.get("website"):
            form.add_error(None, "Your report was not sent: a field meant to stay empty was filled in, as automated "
                                 "posts do. If you are a person, reload this page and send it again.")
            return _report_page(request, form, status=400)
        try:
            reader_services.reader_report_submit(
                data=reader_services.ReportInput(kind=data.get("kind", ""),
                                                 text=data.get("text", ""), page=data.get("page", ""),
                                                 email=data.get("email", "")),
                client_address=get_client_ip_address(request))
        except reader_services.RateLimited as exc:
            response = _message(request, "Too many reports", status=429, message=str(exc))
            response["Retry-After"] = str(exc.retry_after)
            return response
        except ServiceError as exc:
            for field, messages_ in exc.fields.items():
                for message in messages_:
                    form.add_error(field if field in form.fields else None, message)
            return _report_page(request, form, status=400)
        return redirect(f"{reverse('report-thanks')}?kind={data.get('kind', '')}")
    page = request.GET.get("page", "")[:ReaderReport.PAGE_MAX]
    kind = request.GET.get("kind", "")
    return _report_page(request, ReportForm(initial={
        "page": page,  # only prefilled here; the service checks it when the form is sent
        "kind": kind if kind in ReaderReport.Kind.values else ReaderReport.Kind.ERROR,
    }))


def report_thanks(request):
    """Thank the reader and say what happens next."""
    suggestion = request.GET.get("kind") == ReaderReport.Kind.SUGGESTION
    response = render(request, "reader/report_thanks.html", {"suggestion": suggestion})
    return _public_response(response)


def _message(request, heading: str, *, status: int, message: str):
    response = render(request, "reader/message.html", {"heading": heading, "message": message}, status=status)
    add_never_cache_headers(response)
    return response
