"""The unfiltered claim list's compiled page query (api.pages) pages exactly as the queryset does."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api import pages
from claims.roles import EDITOR
from tests.api.clients import client_for, forget_throttles

pytestmark = pytest.mark.django_db


def _get(client, url: str) -> dict:
    forget_throttles()  # the anonymous rate is not under test
    return client.get(url).json()


def _walk(client, url: str) -> list[tuple[list[int], bool, bool]]:
    """Follow ``next`` links from ``url`` to the last page, then ``previous`` links back; return each page."""
    seen, page = [], _get(client, url)
    while True:
        seen.append(([row["id"] for row in page["results"]], page["next"] is None, page["previous"] is None))
        if page["next"] is None:
            break
        page = _get(client, page["next"])
    while page["previous"] is not None:
        page = _get(client, page["previous"])
        seen.append(([row["id"] for row in page["results"]], page["next"] is None, page["previous"] is None))
    return seen


@pytest.mark.parametrize("role", [None, EDITOR])
def test_compiled_pages_equal_the_querysets_both_ways(seeded, role, monkeypatch):
    """Forward and back through every page: the same claims, the same ends, as ``?ordering=-id`` (the queryset)."""
    client = client_for(role)
    used = []
    original = pages.ClaimPage.__getitem__
    monkeypatch.setattr(pages.ClaimPage, "__getitem__", lambda self, window: used.append(1) or original(self, window))
    for size in (1, 3, 7):
        compiled = _walk(client, f"/api/v1/claims/?page_size={size}")
        assert used, "the unfiltered list ran the compiled page query"
        used.clear()
        assert compiled == _walk(client, f"/api/v1/claims/?page_size={size}&ordering=-id") and not used
        forward = compiled[:next(n for n, (_ids, last, _first) in enumerate(compiled) if last) + 1]
        assert [pk for ids, _, _ in forward for pk in ids] == sorted({pk for ids, _, _ in compiled for pk in ids},
                                                                      reverse=True)


def test_the_compiled_page_is_one_query_and_refuses_a_cursor_of_another_ordering(seeded):
    anon = client_for()
    anon.get("/api/v1/claims/")  # compiled now
    with CaptureQueriesContext(connection) as captured:
        first = anon.get("/api/v1/claims/?page_size=2").json()
    assert len([q for q in captured if q["sql"].startswith('SELECT "claims_claim"')]) == 1  # the page with its relations
    other = anon.get("/api/v1/claims/?page_size=2&ordering=published_at").json()["next"]
    assert anon.get(other.replace("ordering=published_at&", "").replace("&ordering=published_at", "")
                    ).status_code == 400
    assert anon.get(first["next"]).status_code == 200


def test_a_hand_made_offset_pages_as_the_queryset_and_compiles_nothing(seeded):
    """A cursor with an offset (only a hand-made one has it) answers as the queryset does, left uncompiled."""
    from base64 import b64encode

    anon = client_for()
    cursor = b64encode(b"k=-id&o=3").decode()
    shapes = len(pages._PAGE._compiled)
    compiled = anon.get(f"/api/v1/claims/?page_size=2&cursor={cursor}").json()
    queryset = anon.get(f"/api/v1/claims/?page_size=2&ordering=-id&cursor={cursor}").json()
    assert [r["id"] for r in compiled["results"]] == [r["id"] for r in queryset["results"]] != []
    assert len(pages._PAGE._compiled) == shapes
