"""The database cache (project/cache.py): one statement per write, Django's semantics otherwise."""
import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache(settings):
    def make(max_entries=300):
        settings.CACHES = {**settings.CACHES, "under_test": {
            "BACKEND": "project.cache.DatabaseCache", "LOCATION": "crosscheck_cache",
            "OPTIONS": {"MAX_ENTRIES": max_entries, "CULL_FREQUENCY": 2}}}
        made = caches["under_test"]
        made.clear()
        return made
    return make


def test_writes_read_back_as_djangos_database_cache_stores_them(cache):
    from django.core.cache.backends.db import DatabaseCache

    ours = cache()
    ours.set("a", {"n": [1, 2]}, 60)
    ours.set("a", {"n": [3]}, 60)  # a second write replaces the first
    ours.set("forever", "kept", None)
    ours.set("gone", "x", 0)  # expired at once
    assert ours.get("a") == {"n": [3]} and ours.get("forever") == "kept" and ours.get("gone") is None
    # Django's own backend reads what ours wrote (same table, same encoding), and the other way round.
    django = DatabaseCache("crosscheck_cache", {})
    assert django.get("a") == {"n": [3]}
    django.set("b", 7, 60)
    assert ours.get("b") == 7
    assert ours.add("b", 8) is False and ours.add("c", 9) is True and ours.get("c") == 9
    assert ours.touch("c", 120) is True


def test_every_write_is_one_statement(cache):
    ours = cache()
    for n in range(40):  # past the write that counts the table, whichever it is
        with CaptureQueriesContext(connection) as captured:
            ours.set(f"key-{n}", n, 60)
        assert len(captured) == 1, captured.captured_queries


def test_a_full_table_is_culled(cache):
    ours = cache(max_entries=10)
    for n in range(60):
        ours.set(f"key-{n}", n, 60)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM crosscheck_cache")
        assert cursor.fetchone()[0] <= 2 * 10
    assert ours.get("key-59") == 59  # the newest write survives its own cull


def test_the_cache_tables_skip_the_wal():
    """Counters and cached pages are disposable (claims migration 0029): their writes wait for no disk flush."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, relpersistence FROM pg_class WHERE relname = ANY(%s) AND relkind = 'r'",
                       [["crosscheck_cache", "crosscheck_page_cache"]])
        assert dict(cursor.fetchall()) == {"crosscheck_cache": "u", "crosscheck_page_cache": "u"}
