"""The admin: every changelist renders in a fixed number of queries; claim pages show figures."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim
from tests.desk.rows import make_claim_rows, make_entity_rows, make_reviews, make_source_rows
from tests.factories import (
    ClaimFactory,
    EntityAliasFactory,
    EntityFactory,
    MetricFactory,
    PublisherFactory,
    SnapshotFactory,
    SourceFactory,
    UserFactory,
    make_conflicting_claims,
)

pytestmark = pytest.mark.django_db



CHANGELISTS = [
    ("claims", "claim", make_claim_rows),
    ("claims", "appearance", make_claim_rows),
    ("claims", "entity", make_entity_rows),
    ("claims", "entityalias", make_entity_rows),
    ("claims", "metric", lambda n: [MetricFactory() for _ in range(n)]),
    ("sources", "source", make_source_rows),
    ("sources", "snapshot", make_source_rows),
    ("sources", "publisher", lambda n: [SourceFactory(publisher=PublisherFactory()) for _ in range(n)]),
    ("claims", "conflictmember", make_conflicting_claims),
    ("claims", "review", lambda n: make_reviews(n)),
    ("imports", "importjob", lambda n: make_import_jobs(n)),
]


def make_import_jobs(n):
    from imports import jobs

    for i in range(n):
        snapshot = SnapshotFactory()
        job = jobs.queue(text=f"Pasted text {i}.", user=UserFactory())
        job.status, job.source, job.snapshot, job.outcome = "done", snapshot.source, snapshot, "new source"
        job.save()


def changelist_queries(client, app, model):
    url = reverse(f"admin:{app}_{model}_changelist")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("app, model, make_rows", CHANGELISTS, ids=[m for _, m, _ in CHANGELISTS])
def test_changelist_query_count_is_constant(admin_client, app, model, make_rows):
    make_rows(1)
    with_one = changelist_queries(admin_client, app, model)
    make_rows(19)
    with_twenty = changelist_queries(admin_client, app, model)
    assert with_one == with_twenty


def test_claim_changelist_exact_query_count(admin_client):
    make_claim_rows(20)
    # session, user, metric filter choices, count, filtered count, rows, subjects prefetch
    assert changelist_queries(admin_client, "claims", "claim") == 7


def test_claim_change_page_shows_normalised_figure(admin_client):
    claim = ClaimFactory(figure_text="over 900,000 square kilometers", metric=MetricFactory(canonical_unit="km²"))
    response = admin_client.get(reverse("admin:claims_claim_change", args=[claim.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "over 900,000 km²" in content
    assert "900,000 km² or more" in content


def test_admin_rejects_unreadable_figure_and_saves_nothing(admin_client):
    metric = MetricFactory()
    response = admin_client.post(reverse("admin:claims_claim_add"), {
        "statement": "Some land was ceded.",
        "metric": metric.pk,
        "figure_text": "900,000 square furlongs",
        "status": "draft",
        "verdict": "not_yet_rated",
        "qualifier": "exact",
        "appearances-TOTAL_FORMS": "0", "appearances-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200
    assert "unknown unit &#x27;square furlongs&#x27;" in response.content.decode()
    assert not Claim.objects.exists()


def test_admin_creates_claim_with_author_and_history(admin_client, admin_user):
    metric = MetricFactory()
    entity = EntityFactory()
    response = admin_client.post(reverse("admin:claims_claim_add"), {
        "statement": "The treaty ceded 350,000 square miles.",
        "subjects": [entity.pk],
        "metric": metric.pk,
        "figure_text": "350,000 square miles",
        "status": "draft",
        "verdict": "not_yet_rated",
        "appearances-TOTAL_FORMS": "0", "appearances-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    claim = Claim.objects.get()
    assert claim.created_by == admin_user and claim.unit == "sq mi"
    assert {h.history_user for h in claim.history.all()} == {admin_user}
    assert list(claim.history.latest().subjects.values_list("entity", flat=True)) == [entity.pk]


def test_history_page_renders(admin_client):
    claim = ClaimFactory()
    response = admin_client.get(reverse("admin:claims_claim_history", args=[claim.pk]))
    assert response.status_code == 200


def test_autocomplete_finds_entities_by_alias(admin_client):
    alias = EntityAliasFactory(name="Haishenwai")
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "haishen", "app_label": "claims", "model_name": "claim", "field_name": "subjects"},
    )
    assert [r["text"] for r in response.json()["results"]] == [alias.entity.name]


def test_entity_search_matches_every_word_in_a_name_or_alias(admin_client):
    peking = EntityAliasFactory(name="Treaty of Beijing", entity__name="Convention of Peking").entity
    EntityAliasFactory(name="Treaty of Aigun", entity__name="Aigun Treaty")

    def found(term):
        response = admin_client.get(reverse("admin:claims_entity_changelist"), {"q": term})
        return {entity.name for entity in response.context["cl"].result_list}

    assert found("beijing") == {"Convention of Peking"}  # by its alias, listed once
    assert found("treaty") == {"Convention of Peking", "Aigun Treaty"}
    assert found("peking beijing") == {"Convention of Peking"}  # each word in the name or an alias
    assert found('"of Beijing"') == {"Convention of Peking"}  # a quoted phrase stays one term
    assert found("peking aigun") == set()
    assert found("50%") == set()
    assert peking.name in found("Convention")


def test_entity_changelist_search_costs_the_same_queries_for_one_match_or_many(admin_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(reverse("admin:claims_entity_changelist"), {"q": "amur"}).status_code == 200
        return len(captured)

    EntityAliasFactory(name="Amur 0", entity__name="River 0")
    one = queries()
    for n in range(1, 15):
        EntityAliasFactory(name=f"Amur {n}", entity__name=f"Amur river {n}")
    assert queries() == one


def test_admin_claim_search_finds_by_words_alias_and_quote(client, seeded):
    from claims.models import Claim
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    def found(term):
        page = client.get("/admin/claims/claim/", {"q": term}).content.decode()
        return {slug for slug in Claim.objects.values_list("slug", flat=True) if f"/{Claim.objects.get(slug=slug).pk}/change/" in page}

    assert "treaty-of-aigun-signed-in-1858" in found("signed")  # a word of the statement (stemmed)
    assert "peking-added-a-further-100000-square-miles" in found("Treaty of Beijing")  # an alias of a subject
    assert "putin-and-xi-met-over-40-times-since-2012" in found("Chinese leader Xi")  # words inside a quote
    assert found("no such words anywhere") == set()


def test_conflict_changelist_exact_query_count(admin_client):
    from django.core.cache import cache, caches
    from django.core.cache.backends.db import DatabaseCache

    cache.clear()
    make_conflicting_claims(1)
    changelist_queries(admin_client, "claims", "conflict")  # ranks the entity filter's choices, kept for minutes
    # session, user, metric filter choices, the estimate, the exact count (a small table), the rows with
    # their member counts; and the ranking read back where the cache is a database table
    expected = 6 + isinstance(caches["default"], DatabaseCache)
    assert changelist_queries(admin_client, "claims", "conflict") == expected
    make_conflicting_claims(19)
    assert changelist_queries(admin_client, "claims", "conflict") == expected
