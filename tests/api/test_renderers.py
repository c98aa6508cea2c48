"""The API's orjson renderer writes the bytes DRF's JSONRenderer writes (api/renderers.py)."""
import datetime
import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.renderers import JSONRenderer as DRFRenderer

from api.renderers import JSONRenderer
from tests.api.clients import client_for

UTC = datetime.timezone.utc
# Floats orjson and Python word alike: not in exponent form (at or above 1e16, under 1e-4).
plain_floats = st.floats(min_value=-1e15, max_value=1e15, allow_nan=False).filter(lambda x: x == 0 or abs(x) >= 1e-4)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70), plain_floats,
    st.text(alphabet=st.characters(codec="utf-8")) | st.sampled_from(["\u2028", "a\u2029b", "</script>", "é"]),
    st.decimals(min_value=-10**300, max_value=10**300, allow_nan=False),
    st.datetimes(timezones=st.sampled_from([UTC, datetime.timezone(datetime.timedelta(hours=3))])),
    st.datetimes(), st.dates(), st.times(),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
                      | st.dictionaries(st.text(max_size=5), inner, max_size=4), max_leaves=20)


def drf(data) -> bytes:
    return DRFRenderer().render(data, "application/json", {})


@given(values)
def test_same_bytes_as_drf(data):
    assert JSONRenderer().render(data, "application/json", {}) == drf(data)


def test_what_orjson_writes_otherwise_goes_to_drf():
    # Non-string keys and integers beyond 64 bits: DRF's renderer, so DRF's bytes.
    for data in ({1: "a", None: 2}, {"n": 2**80}, {"s": {1, 2}}):
        assert JSONRenderer().render(data, "application/json", {}) == drf(data)
    assert JSONRenderer().render(None) == b""
    assert JSONRenderer().render({"a": [1]}, "application/json; indent=4", {}) == \
        DRFRenderer().render({"a": [1]}, "application/json; indent=4", {})


def test_the_two_differences_are_the_same_values():
    data = {"big": 1e16, "small": 1e-5}
    assert json.loads(JSONRenderer().render(data, "application/json", {})) == json.loads(drf(data))
    assert JSONRenderer().render({"d": Decimal("1.50")}, "application/json", {}) == b'{"d":1.5}'
    with pytest.raises(ValueError):  # DRF's strict encoder, as before
        JSONRenderer().render({"d": Decimal("NaN")}, "application/json", {})


@pytest.mark.django_db
def test_api_answers_are_written_by_it(seeded):
    response = client_for(None).get("/api/v1/claims/")
    assert response.status_code == 200
    assert isinstance(response.accepted_renderer, JSONRenderer)
    assert response.content == drf(response.data)


@pytest.mark.django_db
@pytest.mark.parametrize("accept", [None, "*/*", "application/json", "text/html", "application/json; indent=2",
                                    "application/ld+json", "text/html, */*;q=0.8", ""])
@pytest.mark.parametrize("query", ["", "?format=json", "?format=api"])
def test_a_plain_read_negotiates_what_drf_would(db, accept, query):
    """The claims' read shortcut (``perform_content_negotiation``) picks DRF's renderer and media type, or defers."""
    from rest_framework.negotiation import DefaultContentNegotiation
    from rest_framework.test import APIRequestFactory

    from api.views.claims import ClaimViewSet

    headers = {} if accept is None else {"HTTP_ACCEPT": accept}
    for action, path in [("list", "/api/v1/claims/"), ("retrieve", "/api/v1/claims/1/")]:
        view = ClaimViewSet(action_map={"get": action}, action=action, format_kwarg=None, args=(), kwargs={})
        request = view.initialize_request(APIRequestFactory().get(path + query, **headers))
        try:
            expected = DefaultContentNegotiation().select_renderer(request, view.get_renderers(), None)
        except Exception as refused:  # noqa: BLE001 - whatever DRF raises, the shortcut must raise too
            with pytest.raises(type(refused)):
                view.perform_content_negotiation(request)
            continue
        renderer, media_type = view.perform_content_negotiation(request)
        assert (type(renderer), media_type) == (type(expected[0]), expected[1])
