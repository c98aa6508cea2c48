"""If-Match is checked under the row lock for every writable resource: two writers with one ETag, one 412.

The services are slowed down inside the write so both requests have checked their ETag before
either saves: checked before the lock, both answered 200 and the first edit was lost.
"""
import threading
import time

import pytest
from django.contrib.auth.models import Group
from django.db import connections
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims import services
from claims.models import EntityAlias, Metric
from claims.roles import EDITOR
from tests.factories import EntityFactory, MetricFactory, SourceFactory, UserFactory, make_conflicting_claims

pytestmark = pytest.mark.django_db(transaction=True)


def editor_client():
    user = UserFactory()
    user.groups.add(Group.objects.get(name=EDITOR))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def race(monkeypatch, service_name, url, bodies, method="patch"):
    """Send one write per body at once, all with the ETag read before any of them; return the statuses."""
    clients = [editor_client() for _ in bodies]
    resource = url.split("/explain/")[0].rstrip("/") + "/"
    etag = clients[0].get(resource).headers["ETag"]
    real = getattr(services, service_name)

    def slow(*args, **kwargs):
        time.sleep(0.4)  # both requests are inside their write before either commits
        return real(*args, **kwargs)

    monkeypatch.setattr(services, service_name, slow)
    barrier, statuses = threading.Barrier(len(bodies)), []

    def write(client, body):
        try:
            barrier.wait()
            statuses.append(getattr(client, method)(url, body, format="json", HTTP_IF_MATCH=etag).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=pair) for pair in zip(clients, bodies, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(statuses)


@pytest.mark.parametrize("kind", ["sources", "entities", "publishers", "metrics", "aliases"])
def test_two_patches_with_one_etag_get_one_412(monkeypatch, kind):
    if kind == "sources":
        pk, field = SourceFactory().pk, "title"
    elif kind == "entities":
        pk, field = EntityFactory().pk, "description"
    elif kind == "publishers":
        pk, field = SourceFactory().publisher_id, "name"
    elif kind == "metrics":
        pk, field = MetricFactory().pk, "description"
    else:
        pk, field = EntityAlias.objects.create(entity=EntityFactory(), name="Old name").pk, "note"
    url = f"/api/v1/{kind}/{pk}/"
    assert race(monkeypatch, "reference_save", url, [{field: "First editor"}, {field: "Second editor"}]) == [200, 412]


def test_two_alias_deletions_with_one_etag_get_one_answer_each(monkeypatch):
    alias = EntityAlias.objects.create(entity=EntityFactory(), name="Doomed name")
    statuses = race(monkeypatch, "reference_delete", f"/api/v1/aliases/{alias.pk}/", [None, None], method="delete")
    assert statuses[0] == 204 and statuses[1] in (404, 412)
    assert not EntityAlias.objects.filter(pk=alias.pk).exists()


def test_two_conflict_decisions_with_one_etag_get_one_412(monkeypatch):
    make_conflicting_claims(1, metric=Metric.objects.create(name="Area", canonical_unit="km²"))
    from claims.models import Conflict

    conflict = Conflict.objects.get()
    url = f"/api/v1/conflicts/{conflict.pk}/explain/"
    bodies = [{"note": "Different borders."}, {"note": "Different years."}]
    assert race(monkeypatch, "conflict_explain", url, bodies, method="post") == [200, 412]
    conflict.refresh_from_db()
    assert conflict.note in ("Different borders.", "Different years.")
