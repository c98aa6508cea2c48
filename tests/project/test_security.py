"""Security headers, brute-force lockout of admin and API logins, and admin edits that never overwrite silently."""
import re

import pytest
from django.contrib.auth.models import Group

from claims.models import Claim
from claims.roles import CONTRIBUTOR
from claims.services import claim_create
from tests.factories import UserFactory

PASSWORD = "a-long-test-password"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/claims/", "/admin/login/", "/api/v1/", "/api/docs/"])
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", policy)[1]
    assert script_src == "'self'" and "unsafe" not in script_src  # no inline or eval'd scripts anywhere
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    if not url.startswith(("/admin", "/api/")):  # the admin and the browsable API style inline
        assert "style-src 'self';" in policy  # reader pages carry no inline styles either
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_admin_login_locks_out_after_repeated_failures(client, settings):
    UserFactory(username="casey", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/admin/login/?next=/admin/", {"username": "casey", "password": "guess"})
        assert response.status_code == 200 and "Please enter the correct username" in response.content.decode()
    locked = client.post("/admin/login/?next=/admin/", {"username": "casey", "password": "guess"})
    assert locked.status_code == 429 and "Too many failed logins" in locked.content.decode()
    # Even the right password is refused while locked out; another account is not affected.
    assert client.post("/admin/login/?next=/admin/", {"username": "casey", "password": PASSWORD}).status_code == 429
    UserFactory(username="dana", is_staff=True)
    other = client.post("/admin/login/?next=/admin/", {"username": "dana", "password": PASSWORD})
    assert other.status_code == 302


@pytest.mark.django_db
def test_api_token_logins_lock_out_with_a_json_error(client, settings):
    UserFactory(username="robot")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post("/api/v1/auth/token/", {"username": "robot", "password": "guess"}).status_code == 401
    assert client.post("/api/v1/auth/token/", {"username": "robot", "password": "guess"}).status_code == 429
    locked = client.post("/api/v1/auth/token/", {"username": "robot", "password": PASSWORD})
    assert locked.status_code == 429, locked.content
    assert locked.json()["error"]["code"] == "locked_out" and int(locked["Retry-After"]) > 0


@pytest.mark.django_db
def test_a_stale_admin_edit_is_refused_not_applied(client):
    author = UserFactory(username="author")
    author.groups.add(Group.objects.get(name=CONTRIBUTOR))
    claim = claim_create(statement="Original statement.", created_by=author)
    client.force_login(author)
    url = f"/admin/claims/claim/{claim.pk}/change/"
    page = client.get(url).content.decode()
    loaded = re.search(r'name="loaded_updated_at" value="([^"]+)"', page)[1]
    form = {"statement": "Mine.", "qualifier": "exact", "loaded_updated_at": loaded, "verdict": "not_yet_rated",
            "appearances-TOTAL_FORMS": "0", "appearances-INITIAL_FORMS": "0",
            "reviews-TOTAL_FORMS": "0", "reviews-INITIAL_FORMS": "0"}

    from claims.services import claim_update

    claim_update(claim=claim, statement="Someone else's statement.")  # saved meanwhile
    response = client.post(url, form)
    assert response.status_code == 200 and "Someone else saved this claim after you opened it" in \
        response.content.decode()
    assert Claim.objects.get(pk=claim.pk).statement == "Someone else's statement."

    fresh = re.search(r'name="loaded_updated_at" value="([^"]+)"', client.get(url).content.decode())[1]
    response = client.post(url, {**form, "loaded_updated_at": fresh})
    assert response.status_code == 302, re.findall(r"errorlist[^>]*>(.*?)</ul>", response.content.decode())
    assert Claim.objects.get(pk=claim.pk).statement == "Mine."


@pytest.mark.parametrize("proxies, forwarded, expected", [
    (0, "203.0.113.10", "10.0.0.2"),  # no proxy trusted: the header is the client's own words
    (1, "203.0.113.10", "203.0.113.10"),
    (1, "192.0.2.99, 203.0.113.10", "203.0.113.10"),  # a forged first entry is ignored
    (2, "192.0.2.99, 203.0.113.10, 10.0.0.9", "203.0.113.10"),  # TLS proxy, then Varnish
    (2, "203.0.113.10", "10.0.0.2"),  # fewer entries than proxies: not through them all
    (1, "not-an-address", "10.0.0.2"),
    (1, "", "10.0.0.2"),
])
def test_the_client_address_is_the_one_the_outermost_trusted_proxy_recorded(rf, settings, proxies, forwarded,
                                                                            expected):
    from axes.helpers import get_client_ip_address

    from project.security import client_address

    settings.CROSSCHECK_TRUSTED_PROXIES = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected
    assert get_client_ip_address(request) == expected  # login lockouts count the same address


@pytest.mark.django_db
@pytest.mark.parametrize("proxies", [1, 2])
def test_a_forged_x_forwarded_for_does_not_escape_the_lockout(client, settings, proxies):
    """An attacker behind the trusted proxies writes a new address first in the header on every try."""
    settings.CROSSCHECK_TRUSTED_PROXIES = proxies
    UserFactory(username="casey", is_staff=True)
    chain = ["203.0.113.10", "10.0.0.9"][:proxies]  # what nginx (and Varnish behind it) append

    def attempt(n, password="guess"):
        forged = f"198.51.100.{n}, 192.0.2.{n}"
        return client.post("/admin/login/?next=/admin/", {"username": "casey", "password": password},
                           HTTP_X_FORWARDED_FOR=", ".join([forged, *chain]), REMOTE_ADDR="127.0.0.1")

    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(n).status_code == 200
    assert attempt(50).status_code == 429
    assert attempt(51, PASSWORD).status_code == 429  # the right password too, from "another" address
    # A reader behind the same proxies at a different real address is not locked out with the attacker.
    other = client.post("/admin/login/?next=/admin/", {"username": "casey", "password": PASSWORD},
                        HTTP_X_FORWARDED_FOR=", ".join(["203.0.113.77", *chain[1:]]), REMOTE_ADDR="127.0.0.1")
    assert other.status_code == 302
