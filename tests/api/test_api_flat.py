"""The flat API read path (api.flat) answers exactly what the ClaimSerializer answers."""
import datetime
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.renderers import JSONRenderer

from api import flat
from api.serializers import ClaimSerializer
from api.views import claim_queryset, etag_of
from claims import selectors
from claims.models import Claim, ClaimDraft, ClaimStatus, Verdict
from claims.roles import CHIEF_EDITOR, EDITOR
from claims.services import appearance_add, claim_create, claim_transition, claim_update, conflicts_detect
from tests.api.clients import client_for, forget_throttles
from tests.factories import EntityFactory, MetricFactory, SourceFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttles():
    forget_throttles()


def serializer_view(user, pks) -> list[dict]:
    """Return what the ClaimSerializer answered for these claims before the flat path existed."""
    request = RequestFactory().get("/api/v1/claims/", HTTP_HOST="testserver")
    request.user = user
    by_pk = {claim.pk: claim for claim in claim_queryset(request).filter(pk__in=pks)}
    claims = selectors.for_reader(user, [by_pk[pk] for pk in pks])
    return ClaimSerializer(claims, many=True, context={"request": request}).data


def flat_view(user, pks) -> list[dict]:
    request = RequestFactory().get("/api/v1/claims/", HTTP_HOST="testserver")
    rows = {row["id"]: row for row in flat.claim_rows(selectors.claims_for(user).filter(pk__in=pks))}
    for pk in pks:  # the detail's compiled query (project.prepared) reads what the ORM's queryset reads
        [row] = flat.claim_row(user, pk)
        assert {name: row[name] for name in rows[pk]} == rows[pk] and set(row) - set(rows[pk]) == set(flat.RELATED)
    listed = flat.represent([rows[pk] for pk in pks], user=user, request=request)
    # The detail reads its relations in the claim's own query, the list in one query for the page: the same.
    assert [flat.represent(flat.claim_row(user, pk), user=user, request=request)[0] for pk in pks] == listed
    return listed


def assert_same(user, pks):
    """Assert both paths give equal data, the same JSON bytes and the same ETags."""
    expected, got = serializer_view(user, pks), flat_view(user, pks)
    assert got == expected
    assert JSONRenderer().render(got) == JSONRenderer().render(expected)
    assert [etag_of(item) for item in got] == [etag_of(item) for item in expected]


def readers():
    return [AnonymousUser(), user_with_role(EDITOR)]


def under_correction(claim, chief):
    """Reopen a published claim and change it: readers keep seeing its approved version."""
    claim_transition(claim=claim, action="reopen", user=chief, note="A reader wrote in.")
    claim.refresh_from_db()
    claim_update(claim=claim, user=chief, statement=claim.statement + " (being corrected)", figure_text="77 km²")


def test_the_flat_path_equals_the_serializers_on_the_seed(seeded):
    chief = user_with_role(CHIEF_EDITOR)
    corrected = Claim.objects.filter(status=ClaimStatus.PUBLISHED).exclude(value=None).order_by("id").first()
    under_correction(corrected, chief)
    claim_create(statement="A draft nobody has reviewed.", figure_text="about 12 exercises", created_by=chief)
    for user in readers():
        pks = list(selectors.claims_for(user).order_by("id").values_list("pk", flat=True))
        assert len(pks) >= 40
        assert_same(user, pks)
    # Readers got the approved wording through both paths; the newsroom the correction drafted aside.
    assert serializer_view(AnonymousUser(), [corrected.pk])[0]["statement"] == Claim.objects.get(pk=corrected.pk).statement
    assert flat_view(chief, [corrected.pk])[0]["statement"] == ClaimDraft.objects.get(claim=corrected).statement


@pytest.mark.parametrize("seed", [1, 2])
def test_the_flat_path_equals_the_serializers_on_generated_corpora(seed):
    from seeding.corpus import generate_corpus

    generate_corpus(claims=150, seed=seed)
    conflicts_detect()
    for user in readers():
        pks = list(selectors.claims_for(user).order_by("id").values_list("pk", flat=True))
        assert pks
        assert_same(user, pks)


FIGURES = ["101 km²", "over 900,000 square kilometres", "approximately 150,000 square miles", "up to 50 km²",
           "9–11 km²", "0.5 km²", "1,234.5678 km²", "", "about 3 million km²"]


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(figure=st.sampled_from(FIGURES), verdict=st.sampled_from(Verdict.values),
       published=st.booleans(), subjects=st.integers(0, 3), evidence=st.lists(
           st.one_of(st.none(), st.dates(datetime.date(1850, 1, 1), datetime.date(2030, 1, 1))), max_size=3),
       period=st.one_of(st.none(), st.dates(datetime.date(1850, 1, 1), datetime.date(2030, 1, 1))),
       with_metric=st.booleans())
def test_the_flat_path_equals_the_serializers_for_any_claim(db, figure, verdict, published, subjects, evidence,
                                                            period, with_metric):
    claim = claim_create(
        statement="The treaty ceded land.", figure_text=figure, verdict=verdict, period_end=period,
        status=ClaimStatus.PUBLISHED if published else ClaimStatus.DRAFT,
        metric=MetricFactory(canonical_unit="km²") if with_metric else None,
        subjects=[EntityFactory() for _ in range(subjects)])
    for n, published_on in enumerate(evidence):
        appearance_add(claim=claim, source=SourceFactory(published_on=published_on), quote=f"quote {n}")
    for user in readers():
        if selectors.claims_for(user).filter(pk=claim.pk).exists():
            assert_same(user, [claim.pk])


def test_the_api_answers_what_the_serializers_do(seeded):
    """End to end: list pages, filters, details and their ETags, as anonymous and staff clients."""
    chief = user_with_role(CHIEF_EDITOR)
    under_correction(Claim.objects.filter(status=ClaimStatus.PUBLISHED).order_by("-id").first(), chief)
    conflicts_detect()
    for role, user in [(None, AnonymousUser()), (EDITOR, None)]:
        client = client_for(role)
        user = user or client.user
        for query in [{}, {"page_size": 100}, {"verdict": "accurate"}, {"has_open_conflict": "true"},
                      {"q": "treaty"}, {"ordering": "published_at"}, {"page_size": 5}]:
            page = client.get("/api/v1/claims/", query)
            assert page.status_code == 200
            results = page.json()["results"]
            expected = serializer_view(user, [r["id"] for r in results])
            assert results == json.loads(JSONRenderer().render(expected))
        pk = results[0]["id"]
        detail = client.get(f"/api/v1/claims/{pk}/")
        assert detail.headers["ETag"] == etag_of(serializer_view(user, [pk])[0])
        assert client.get(f"/api/v1/claims/{pk}/", HTTP_IF_NONE_MATCH=detail.headers["ETag"]).status_code == 304
    assert client_for().get("/api/v1/claims/999999/").status_code == 404


def test_a_get_etag_lets_a_write_through(seeded):
    """The ETag of the flat GET is the one the write path checks (If-Match)."""
    editor = client_for(CHIEF_EDITOR)
    claim = claim_create(statement="A draft to edit.", figure_text="12 km²", created_by=editor.user)
    etag = editor.get(f"/api/v1/claims/{claim.pk}/").headers["ETag"]
    response = editor.patch(f"/api/v1/claims/{claim.pk}/", {"statement": "A draft, edited."}, format="json",
                            HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.json()
    assert response.json() == editor.get(f"/api/v1/claims/{claim.pk}/").json()


def _count(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_flat_reads_run_a_fixed_number_of_queries():
    """List and detail: the same count for 1 claim as for 20 (with subjects, evidence and conflicts)."""
    metric, anon = MetricFactory(), client_for()

    def add(n):
        claim = claim_create(statement=f"Claim {n}", status=ClaimStatus.PUBLISHED, metric=metric,
                             subjects=[EntityFactory(), EntityFactory()], figure_text=f"{n + 1}01 km²")
        appearance_add(claim=claim, source=SourceFactory(), quote=f"quote {n}")
        return claim

    first = add(0)
    # Throttle bookkeeping aside, the list's page of claims with their subjects, evidence and open conflicts
    # in one query (api.pages), as the detail's claim with its relations; a filtered page reads them in a second
    one = _count(anon, "/api/v1/claims/")
    detail = _count(anon, f"/api/v1/claims/{first.pk}/")
    for n in range(1, 20):
        add(n)
    assert _count(anon, "/api/v1/claims/") == one
    assert _count(anon, f"/api/v1/claims/{first.pk}/") == detail
    with CaptureQueriesContext(connection) as captured:
        anon.get("/api/v1/claims/")
    claim_queries = [q["sql"] for q in captured if "claims_" in q["sql"]]
    assert len(claim_queries) == 1, claim_queries
    # Filtered: the metric's id (api.filters.known_slug), the page, then its relations.
    for url, expected in [(f"/api/v1/claims/{first.pk}/", 1), (f"/api/v1/claims/?metric={metric.slug}", 3)]:
        with CaptureQueriesContext(connection) as captured:
            anon.get(url)
        assert len([q for q in captured if "claims_" in q["sql"]]) == expected, url


def test_the_flat_first_appearance_is_the_one_claimreview_names(seeded, client):
    """The flat path picks the first appearance as ClaimReview does (earliest source, undated last)."""
    rated = claim_create(statement="The treaty ceded 101 km².", figure_text="101 km²", status=ClaimStatus.PUBLISHED,
                         verdict=Verdict.ACCURATE)
    for published_on in [datetime.date(2020, 5, 1), None, datetime.date(2019, 1, 2)]:
        appearance_add(claim=rated, source=SourceFactory(published_on=published_on), quote=f"quote {published_on}")
    anon = client_for()
    checked = 0
    for claim in selectors.public_claims().exclude(verdict=Verdict.NOT_YET_RATED).order_by("id"):
        data = anon.get(f"/api/v1/claims/{claim.pk}/").json()
        review = anon.get(f"/api/v1/claims/{claim.pk}/claimreview/").json()
        first = next((a for a in data["appearances"] if a["id"] == data["first_appearance"]), None)
        named = review["itemReviewed"].get("firstAppearance")
        assert (first is None) == (named is None)
        if first is not None:
            assert named["headline"] == first["source"]["title"]
            checked += 1
        forget_throttles()  # the anonymous throttle is not under test
    assert checked >= 1
    assert anon.get(f"/api/v1/claims/{rated.pk}/").json()["first_appearance"] == rated.appearances.get(
        source__published_on=datetime.date(2019, 1, 2)).pk


def test_the_filters_run_whenever_the_query_names_one(monkeypatch):
    """An unfiltered list builds no FilterSet (api.filters.FilterBackend); any filter's name still goes through it."""
    from api.filters import ClaimFilter

    built = []
    original = ClaimFilter.__init__
    monkeypatch.setattr(ClaimFilter, "__init__", lambda self, *a, **k: built.append(1) or original(self, *a, **k))
    anon = client_for()
    assert anon.get("/api/v1/claims/").status_code == 200 and anon.get("/api/v1/claims/?page_size=5").status_code == 200
    assert built == []
    assert anon.get("/api/v1/claims/?has_open_conflict=maybe").status_code == 400
    assert anon.get("/api/v1/claims/?verdict=accurate").status_code == 200
    assert len(built) == 2


def test_relations_under_readable_claims_equal_the_full_definitions(seeded):
    """``claim_readable``: under claims read through ``claims_for``, evidence and open conflicts are the same rows."""
    conflicts_detect()
    chief = user_with_role(CHIEF_EDITOR, "chief")
    in_conflict = selectors.open_public_conflict_members().values_list("claim_id", flat=True).first()
    claim_transition(claim=Claim.objects.get(pk=in_conflict), action="withdraw", user=chief,
                     public_note="Withdrawn: the source retracted.")
    public = selectors.public_claims().order_by("id").first()
    appearance_add(claim=public, source=SourceFactory(), quote="A quote still waiting for an editor.")
    for user in readers():
        readable = selectors.claims_for(user).values("pk")
        for relation in (selectors.evidence_for, selectors.open_conflict_members_for):
            lean = set(relation(user, claim_readable=True).filter(claim__in=readable).values_list("pk", flat=True))
            assert lean == set(relation(user).filter(claim__in=readable).values_list("pk", flat=True)) and lean
