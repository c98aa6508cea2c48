"""The throttles' window in one statement (api.throttling) keeps DRF's rule for every sequence of requests."""
import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api import throttling
from api.models import ThrottleWindow

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def counting_in_the_table(monkeypatch):
    """Count in the table whatever cache this run has (with REDIS_URL the throttles count in Redis)."""
    monkeypatch.setattr(throttling, "counts_in_table", lambda: True)


class Reference:
    """DRF's SimpleRateThrottle rule on a list in memory: the behaviour the table must keep."""

    def __init__(self, limit, duration):
        self.limit, self.duration, self.history = limit, duration, []

    def allow(self, now):
        self.history = [hit for hit in self.history if hit > now - self.duration]
        if len(self.history) >= self.limit:
            return False
        self.history.insert(0, now)
        return True


def throttle_at(now, rate):
    throttle = throttling.AnonRateThrottle()
    throttle.rate = rate
    throttle.num_requests, throttle.duration = throttle.parse_rate(rate)
    throttle.timer = lambda: now
    return throttle


def anonymous(address):
    request = RequestFactory().get("/api/v1/claims/", REMOTE_ADDR=address)
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    return request


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(limit=st.integers(1, 4), steps=st.lists(st.tuples(st.sampled_from(["192.0.2.1", "192.0.2.2"]),
                                                          st.floats(0.001, 40)), max_size=25))
def test_the_window_decides_as_drfs_list_does(db, limit, steps):
    ThrottleWindow.objects.all().delete()
    references, now = {}, 1_764_000_000.0
    for address, gap in steps:
        now += gap
        throttle = throttle_at(now, f"{limit}/min")
        allowed = throttle.allow_request(anonymous(address), None)
        reference = references.setdefault(address, Reference(limit, 60))
        assert allowed == reference.allow(now)
        assert throttle.history == reference.history  # what Retry-After is computed from
        if not allowed:
            assert throttle.wait() == pytest.approx(60 - (now - reference.history[-1]))


def test_one_statement_per_counted_request_and_stale_windows_go():
    with CaptureQueriesContext(connection) as captured:
        assert throttle_at(1000.0, "2/min").allow_request(anonymous("192.0.2.9"), None)
    assert len(captured) == 1
    ThrottleWindow.objects.create(key="throttle_anon_198.51.100.1", hits=[1.0])  # a client gone for days
    for n in range(throttling.PRUNE_EVERY):
        throttle_at(100_000.0 + n, "1000/min").allow_request(anonymous("192.0.2.9"), None)
    assert not ThrottleWindow.objects.filter(key="throttle_anon_198.51.100.1").exists()
    assert ThrottleWindow.objects.filter(key="throttle_anon_192.0.2.9").exists()


def test_a_full_window_refuses_through_the_api_with_retry_after(client, monkeypatch):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "2/min"})
    codes = [client.get("/api/v1/metrics/", REMOTE_ADDR="203.0.113.5").status_code for _ in range(3)]
    refused = client.get("/api/v1/metrics/", REMOTE_ADDR="203.0.113.5")
    assert codes == [200, 200, 429] and refused.status_code == 429 and int(refused["Retry-After"]) <= 60
    assert client.get("/api/v1/metrics/", REMOTE_ADDR="203.0.113.6").status_code == 200
    assert len(ThrottleWindow.objects.get(key="throttle_anon_203.0.113.5").hits) == 2  # refusals are not counted
