"""Webhook subscriptions managed by a role, through the API and the desk: the secret is shown once, on
creation and on rotation, and signs every delivery; everyone else is refused and changes nothing."""
import hashlib
import hmac
import json
import re

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from claims.roles import CHIEF_EDITOR, CONTRIBUTOR
from tests.factories import user_with_role
from tests.loopback import LoopbackServer
from tests.workflow import PUBLISHED, draft, person, put_in_state
from webhooks import delivery as webhooks
from webhooks.models import Subscription
from webhooks.roles import WEBHOOK_MANAGER

pytestmark = pytest.mark.django_db
API = "/api/v1/webhooks/subscriptions/"


@pytest.fixture(autouse=True)
def _loopback_receivers(settings):
    settings.CROSSCHECK_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    settings.CROSSCHECK_WEBHOOK_TIMEOUT = 2


@pytest.fixture
def manager():
    return user_with_role(WEBHOOK_MANAGER, "hooks")


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def publish_and_deliver(statement):
    author = person(CONTRIBUTOR)
    put_in_state(draft(author, statement=statement), PUBLISHED, author)
    webhooks.deliver_due()


def signed_with(secret: str, headers: dict, body: bytes) -> bool:
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(headers["X-Crosscheck-Signature"], expected)


def test_a_webhook_manager_creates_rotates_and_deletes_through_the_api_and_sees_the_secret_once(manager):
    api = client_for(manager)
    with LoopbackServer() as receiver:
        created = api.post(API, {"url": f"{receiver.url}/hook", "description": "Partner desk"}, format="json")
        assert created.status_code == 201 and created["Cache-Control"] == "no-store"
        secret, pk = created.json()["secret"], created.json()["id"]
        assert created.json()["fingerprint"] == hashlib.sha256(secret.encode()).hexdigest()[:12]
        for answer in (api.get(API), api.get(f"{API}{pk}/"), api.patch(f"{API}{pk}/", {"description": "Partner"},
                                                                        format="json")):
            assert answer.status_code == 200 and secret not in answer.content.decode() and "secret\"" not in \
                answer.content.decode()
        publish_and_deliver("They met 40 times.")
        rotated = api.post(f"{API}{pk}/rotate-secret/")
        assert rotated.status_code == 200 and rotated["Cache-Control"] == "no-store"
        new = rotated.json()["secret"]
        assert new != secret and rotated.json()["fingerprint"] != created.json()["fingerprint"]
        publish_and_deliver("They met 41 times.")
        assert api.patch(f"{API}{pk}/", {"active": False}, format="json").json()["active"] is False
        publish_and_deliver("They met 42 times.")  # inactive: nothing sent
    (_, before, first), (_, after, second) = receiver.posts
    assert signed_with(secret, before, first) and signed_with(new, after, second) and not signed_with(secret, after,
                                                                                                    second)
    assert Subscription.objects.get().created_by == manager
    assert api.delete(f"{API}{pk}/").status_code == 204 and not Subscription.objects.exists()


@pytest.mark.parametrize("role", [CHIEF_EDITOR, None])
def test_everyone_else_is_refused_and_changes_nothing(role, manager):
    subscription = Subscription.objects.create(url="http://127.0.0.1:9/hook")
    secret = subscription.secret
    api = client_for(user_with_role(role, "chief")) if role else APIClient()
    refused = {401, 403}
    assert api.get(API).status_code in refused and api.get(f"{API}{subscription.pk}/").status_code in refused
    assert api.post(API, {"url": "http://127.0.0.1:9/other"}, format="json").status_code in refused
    assert api.post(f"{API}{subscription.pk}/rotate-secret/").status_code in refused
    assert api.patch(f"{API}{subscription.pk}/", {"active": False}, format="json").status_code in refused
    assert api.delete(f"{API}{subscription.pk}/").status_code in refused
    subscription.refresh_from_db()
    assert Subscription.objects.count() == 1 and subscription.secret == secret and subscription.active
    if role:
        assert api.get(API).json()["error"]["code"] == "workflow_permission"


def test_bad_receivers_are_a_400_naming_the_url(manager, settings):
    api = client_for(manager)
    for url in ("ftp://example.org/hook", "not a url", "http://" + "a" * 500 + ".org/"):
        answer = api.post(API, {"url": url}, format="json")
        assert answer.status_code == 400 and "url" in answer.json()["error"]["fields"], (url, answer.content)
    settings.CROSSCHECK_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    for url in ("http://127.0.0.1:8080/hook", "http://[::ffff:10.0.0.1]/hook", "http://169.254.169.254/"):
        answer = api.post(API, {"url": url}, format="json")
        assert answer.status_code == 400 and "private or local" in answer.json()["error"]["message"], url
    assert not Subscription.objects.exists()


def test_the_desk_shows_the_secret_once_on_creation_and_rotation(client, manager):
    manager.is_staff = True
    manager.save()
    client.force_login(manager)
    page = client.post("/admin/webhooks/subscription/add/", {"url": "http://127.0.0.1:9/hook", "description": "Desk",
                                                            "active": "on"})
    subscription = Subscription.objects.get()
    assert page.status_code == 200 and subscription.secret in page.content.decode()
    assert "no-cache" in page["Cache-Control"] and subscription.created_by == manager
    change = client.get(f"/admin/webhooks/subscription/{subscription.pk}/change/").content.decode()
    assert subscription.secret not in change and subscription.fingerprint in change and "Rotate the secret" in change
    assert subscription.secret not in client.get("/admin/webhooks/subscription/").content.decode()
    confirm = client.get(f"/admin/webhooks/subscription/{subscription.pk}/rotate/").content.decode()
    assert subscription.secret not in confirm
    rotated = client.post(f"/admin/webhooks/subscription/{subscription.pk}/rotate/").content.decode()
    old, subscription = subscription.secret, Subscription.objects.get()
    assert subscription.secret != old and subscription.secret in rotated
    assert re.search(r'id="webhook-secret"[^>]*>([^<]+)<', rotated).group(1) == subscription.secret


def test_the_desk_refuses_other_roles(client):
    Subscription.objects.create(url="http://127.0.0.1:9/hook")
    client.force_login(user_with_role(CHIEF_EDITOR, "chief"))
    assert client.get("/admin/webhooks/subscription/").status_code == 403
    assert client.post("/admin/webhooks/subscription/add/", {"url": "http://127.0.0.1:9/x"}).status_code == 403
    assert client.post(f"/admin/webhooks/subscription/{Subscription.objects.get().pk}/rotate/").status_code == 403
    assert Subscription.objects.count() == 1


@pytest.mark.parametrize("page", ["change", "delete", "history"])
def test_a_subscriptions_own_pages_refuse_other_roles_with_a_403_not_an_error(client, page):
    """The admin reads the object before it asks about permissions: the service's refusal is a 403, never a 500."""
    subscription = Subscription.objects.create(url="http://127.0.0.1:9/hook")
    delivery_page = "/admin/webhooks/delivery/1/change/"
    client.raise_request_exception = False
    client.force_login(user_with_role(CHIEF_EDITOR, "chief"))
    for url in (f"/admin/webhooks/subscription/{subscription.pk}/{page}/", delivery_page):
        response = client.get(url)
        assert response.status_code == 403, (url, response.status_code)
        assert subscription.secret not in response.content.decode()


def test_the_role_is_a_group_holding_the_one_permission():
    group = Group.objects.get(name=WEBHOOK_MANAGER)
    assert [f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()] == [
        "webhooks.manage_subscription"]
    assert json.dumps(sorted(p.codename for p in group.permissions.all())) == '["manage_subscription"]'
