"""The page cache cannot fail a request or leave readers stale: its generation commits with the data,
and a cache that is down only makes pages slower (the API answers 503 before writing anything)."""
import pytest
from django.db import connection, transaction

from claims.models import Claim
from claims.roles import CHIEF_EDITOR, EDITOR
from claims.services import claim_create, claim_transition
from pagecache import answers
from sources.models import Publisher
from tests.factories import user_with_role

try:
    import redis  # noqa: F401
except ImportError:  # pragma: no cover
    redis = None

# Nothing listens on port 1 of loopback: a Redis cache there fails every call with "connection refused".
DOWN = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}
needs_redis_client = pytest.mark.skipif(redis is None, reason="LOUD SKIP: the `redis` package is not installed "
                                                              "(pip install -e '.[dev]' installs it)")


@pytest.mark.django_db(transaction=True)
def test_the_generation_advances_exactly_when_a_change_commits():
    before = answers.current_version()
    with transaction.atomic():
        answers.bump()
        answers.bump()
        assert answers.current_version() == before  # not before the data it describes is visible
    after = answers.current_version()
    assert after > before
    with pytest.raises(RuntimeError), transaction.atomic():
        answers.bump()
        raise RuntimeError("the change fails")
    assert answers.current_version() == after  # a rolled-back change invalidates nothing
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM reader_pendinginvalidation")
        assert cursor.fetchone()[0] == 0  # consumed at commit


@needs_redis_client
@pytest.mark.django_db(transaction=True)
def test_a_cache_that_is_down_means_rendered_pages_never_errors_or_stale_verdicts(client, settings):
    settings.CROSSCHECK_PAGE_CACHE_SECONDS = 3600
    editor, chief = user_with_role(EDITOR, "ed"), user_with_role(CHIEF_EDITOR, "chief")
    claim = claim_create(statement="The pipeline carries 38 bcm a year.", status="published")
    url = f"/claims/{claim.slug}/"
    assert client.get(url).status_code == 200  # cached in the database cache
    settings.CACHES = {**settings.CACHES, "pages": DOWN}
    assert client.get(url).status_code == 200  # rendered: the cache is down
    claim_transition(claim=Claim.objects.get(pk=claim.pk), action="withdraw", user=chief,
                     public_note="Withdrawn: the source retracted it.")
    assert client.get(url).status_code == 410  # never the cached 200
    settings.CACHES = {**settings.CACHES, "pages": settings.CACHES["default"]}
    assert client.get(url).status_code == 410  # the page cached before the withdrawal is never served
    assert editor  # both roles exist; only the chief may withdraw


@needs_redis_client
@pytest.mark.django_db(transaction=True)
def test_api_requests_answer_503_and_store_nothing_while_the_shared_cache_is_down(client, settings):
    from rest_framework.test import APIClient

    editor = APIClient()
    editor.force_authenticate(user_with_role(EDITOR, "ed"))
    settings.CACHES = {"default": DOWN, "pages": DOWN}
    response = editor.post("/api/v1/publishers/", {"name": "Retry News"}, format="json")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert response.json()["error"]["code"] == "unavailable"
    assert not Publisher.objects.filter(name="Retry News").exists()
    read = client.get("/api/v1/claims/")
    assert read.status_code == 503 and read.json()["error"]["code"] == "unavailable"
    assert client.get("/").status_code == 200  # reader pages need no cache
