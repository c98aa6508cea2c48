"""The REST API's throttles: anonymous clients counted by the address the proxy recorded, users per user."""

import pytest
from django.core.cache import cache

from api.models import ThrottleWindow
from claims.roles import EDITOR
from tests.api.clients import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_throttles")]


@pytest.fixture
def low_rates(monkeypatch):
    """Allow 3 anonymous and 4 signed-in requests a minute (DRF reads the rates once, onto the class)."""
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES",
                        {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "3/min", "user": "4/min"})


def test_anonymous_throttling(low_rates):
    anon = client_for()
    codes = [anon.get("/api/v1/metrics/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = anon.get("/api/v1/metrics/")
    assert limited.json()["error"]["code"] == "throttled" and "Retry-After" in limited


def test_a_made_up_forwarded_address_does_not_escape_the_throttle(low_rates):
    # Regression: DRF's throttles read X-Forwarded-For as sent, so a new made-up address each time
    # was a new counter and the limit never came.
    anon = client_for()
    codes = [anon.get("/api/v1/metrics/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(4)]
    assert codes == [200, 200, 200, 429]


def test_behind_a_trusted_proxy_each_reader_is_counted_by_the_address_it_recorded(low_rates, settings):
    settings.CROSSCHECK_TRUSTED_PROXIES = 1
    anon = client_for()

    def via_proxy(reader, claimed="192.0.2.99"):
        # The client wrote the first entry; our proxy appended the address it saw, then connected from 10.0.0.1.
        return anon.get("/api/v1/metrics/", REMOTE_ADDR="10.0.0.1",
                        HTTP_X_FORWARDED_FOR=f"{claimed}, {reader}").status_code

    assert [via_proxy("203.0.113.7", claimed=f"192.0.2.{n}") for n in range(4)] == [200, 200, 200, 429]
    assert via_proxy("203.0.113.8") == 200  # another reader behind the same proxy has a counter of its own


def test_signed_in_clients_are_counted_per_user_and_anonymous_ones_once(low_rates):
    from api.throttling import UserRateThrottle, counts_in_table

    editor = client_for(EDITOR)
    codes = [editor.get("/api/v1/metrics/", REMOTE_ADDR=f"192.0.2.{n}").status_code for n in range(5)]
    assert codes == [200, 200, 200, 200, 429]  # the user's rate, whatever address it comes from
    anon = client_for()
    anon.get("/api/v1/metrics/", REMOTE_ADDR="192.0.2.50")
    # Only the anonymous throttle keeps a counter for an anonymous client.
    def counted(key):
        return ThrottleWindow.objects.filter(key=key).exists() if counts_in_table() else cache.get(key)
    assert counted("throttle_anon_192.0.2.50") and not counted("throttle_user_192.0.2.50")
    assert UserRateThrottle().get_cache_key(type("Request", (), {"user": None})(), None) is None
