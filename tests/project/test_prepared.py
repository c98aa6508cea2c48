"""Querysets compiled once (project.prepared) answer what the ORM answers, for any parameters."""
import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import DataError, connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims import selectors
from claims.models import Appearance, Claim
from claims.roles import CHIEF_EDITOR
from project.prepared import PreparationError, Prepared
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

COLUMNS = ("id", "claim_id", "quote", "status", "source__title", "source__published_on", "claim__updated_at")


def evidence_orm(user, ids):
    return list(selectors.evidence_for(user).filter(claim_id__in=ids).order_by("id").values(*COLUMNS))


EVIDENCE = Prepared(lambda user, ids: selectors.evidence_for(user).filter(claim_id__any=ids).order_by("id")
                    .values(*COLUMNS), shape=selectors.sees_drafts, ids=list)
CLAIM = Prepared(lambda user, pk: selectors.claims_for(user).filter(pk=pk).values("id", "statement", "value",
                                                                                   "published_at", "metric__slug"),
                 shape=selectors.sees_drafts, pk=int)


@pytest.fixture
def corpus():
    """A generated corpus with drafts, public claims, pending and approved evidence."""
    from seeding.corpus import generate_corpus

    generate_corpus(claims=120, seed=3)
    return list(Claim.objects.order_by("id").values_list("id", flat=True)), user_with_role(CHIEF_EDITOR)


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_prepared_rows_equal_the_orm_for_any_ids(corpus, data):
    ids, chief = corpus
    picked = data.draw(st.lists(st.one_of(st.sampled_from(ids), st.integers(-5, 10**12)), max_size=30))
    for user in [AnonymousUser(), chief]:
        assert EVIDENCE(user, ids=picked) == evidence_orm(user, picked)
        pk = data.draw(st.one_of(st.sampled_from(ids), st.integers(-(2**63), 2**63 - 1)))
        expected = list(selectors.claims_for(user).filter(pk=pk).values("id", "statement", "value", "published_at",
                                                                       "metric__slug"))
        assert CLAIM(user, pk=pk) == expected


def test_calls_never_share_rows_and_readers_never_get_the_newsrooms_sql(corpus):
    ids, chief = corpus
    drafts = [pk for pk in ids if not Claim.objects.get(pk=pk).is_public]
    public = [pk for pk in ids if pk not in drafts]
    assert drafts and public
    # Interleaved, each call answers for its own ids and its own reader, whatever ran before it.
    for pk in [public[0], drafts[0], public[1], drafts[0], public[0]]:
        for user in [chief, AnonymousUser(), chief]:
            rows = CLAIM(user, pk=pk)
            assert [row["id"] for row in rows] == ([pk] if pk in public or user is chief else [])
    assert {row["claim_id"] for row in EVIDENCE(AnonymousUser(), ids=drafts)} == set()
    assert {row["claim_id"] for row in EVIDENCE(chief, ids=drafts)} == set(Appearance.objects.filter(
        claim_id__in=drafts).values_list("claim_id", flat=True))


def test_one_query_per_call_and_nothing_compiled_again(corpus):
    ids, _chief = corpus
    evidence = Prepared(EVIDENCE.build, shape=selectors.sees_drafts, ids=list)
    evidence(AnonymousUser(), ids=ids[:3])
    with CaptureQueriesContext(connection) as captured:
        assert evidence(AnonymousUser(), ids=ids[3:9]) == evidence_orm(AnonymousUser(), ids[3:9])
    assert len(captured) == 2 and "ANY(" in captured[0]["sql"]  # the prepared call, then the ORM's
    assert list(evidence._compiled) == [False]  # one shape so far: readers


def test_a_queryset_whose_sql_depends_on_the_values_is_refused():
    # __in writes one placeholder per distinct item: the SQL is not the same for every list.
    by_in = Prepared(lambda ids: Claim.objects.filter(pk__in=ids + [0]).values("id"), ids=list)
    with pytest.raises(PreparationError):
        by_in(ids=[1, 2])
    unused = Prepared(lambda pk: Claim.objects.filter(pk=1).values("id"), pk=int)
    with pytest.raises(PreparationError):
        unused(pk=1)
    with pytest.raises(PreparationError):
        Prepared(lambda pk: Claim.objects.filter(pk=pk), pk=int)(pk=1)  # instances, not .values()


def test_parameters_are_checked_at_every_call():
    with pytest.raises(TypeError):
        CLAIM(AnonymousUser(), pk="1")
    with pytest.raises(TypeError):
        CLAIM(AnonymousUser(), pk=True)
    with pytest.raises(TypeError):
        EVIDENCE(AnonymousUser(), ids=5)
    with pytest.raises(TypeError):
        EVIDENCE(AnonymousUser(), ids=[1, None])
    with pytest.raises(TypeError):
        EVIDENCE(AnonymousUser())
    # Past the 64-bit range the ORM answers (no row) without the compiled SQL.
    with CaptureQueriesContext(connection) as captured:
        assert CLAIM(AnonymousUser(), pk=2**63) == []
    assert all("ANY(" not in query["sql"] for query in captured)


BY_SLUG = Prepared(lambda user, slug: selectors.claims_for(user).filter(slug=slug).values("id", "slug"),
                   shape=selectors.sees_drafts, slug=str)


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_text_parameters_answer_as_the_orm_does(corpus, data):
    ids, chief = corpus
    slugs = list(Claim.objects.filter(pk__in=ids).values_list("slug", flat=True))
    slug = data.draw(st.one_of(st.sampled_from(slugs), st.text(max_size=20),
                               st.just("~stand-in -7340000000000001000~")))
    for user in [AnonymousUser(), chief]:
        if "\x00" in slug:  # text the database cannot hold: the driver refuses it, for the ORM as here
            with pytest.raises(DataError):
                list(selectors.claims_for(user).filter(slug=slug).values("id"))
            with pytest.raises(DataError):
                BY_SLUG(user, slug=slug)
        else:
            assert BY_SLUG(user, slug=slug) == list(selectors.claims_for(user).filter(slug=slug).values("id", "slug"))
    with pytest.raises(TypeError):
        BY_SLUG(AnonymousUser(), slug=1)
    # A lookup that rewrites its text (LIKE with escapes and wildcards) cannot be compiled once.
    with pytest.raises(PreparationError):
        Prepared(lambda slug: Claim.objects.filter(slug__icontains=slug).values("id"), slug=str)(slug="a")


def test_a_query_without_parameters_compiles_once_and_answers_as_the_orm_does(corpus):
    menu = Prepared(lambda: selectors.public_metrics().order_by("name").values("id", "slug", "name"))
    assert menu() == list(selectors.public_metrics().order_by("name").values("id", "slug", "name"))
    with CaptureQueriesContext(connection) as captured:
        menu()
    assert len(captured) == 1 and list(menu._compiled) == [()]
    with pytest.raises(TypeError):
        menu(pk=1)
