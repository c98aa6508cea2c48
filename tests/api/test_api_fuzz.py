"""Schemathesis against a live server, from the schema it serves: every operation, reads and writes.

Anonymous and as a chief editor who also manages webhooks (a token), with valid and invalid data. Writes to an existing
resource need If-Match, so before each such case the test reads the resource and sends its ETag
(what a client does; a random tag would only ever get 428 or 412), and path ids and the ids a body
names are drawn from rows that exist, so writes reach the services. The run asserts no server error and no
response off the schema (status, content type, headers, body).
"""
import os
import re

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.throttling import SimpleRateThrottle
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

pytestmark = pytest.mark.django_db(transaction=True)

# Every check but two, which judge requests rather than responses: empty filter values
# ("?published_before=") mean "no filter", as in django-filter, where the schema's format would call
# them invalid; and a body naming a claim id that does not exist is rightly a 400, which no schema
# can foresee. Server errors, status codes, content types, headers and bodies are all checked.
EXCLUDED = [negative_data_rejection, positive_data_acceptance]
# Cases per operation and mode: 47 operations, two modes, two clients. Raise it for a deeper run.
EXAMPLES = int(os.environ.get("CROSSCHECK_FUZZ_EXAMPLES", "4"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))
RESOURCE = re.compile(r"^(/api/v1/(?P<collection>[a-z/]+?)/\{id\}/)")
# Body fields that name another row, and where their ids come from: a valid body names rows that exist.
REFERENCES = {"claim": "claims", "source": "sources", "original": "sources", "entity": "entities",
              "claimant": "entities", "metric": "metrics", "publisher": "publishers"}


@pytest.fixture(autouse=True)
def _no_throttling(monkeypatch):
    # Fuzzing sends hundreds of requests from one address; throttling has its own tests.
    monkeypatch.setattr(SimpleRateThrottle, "allow_request", lambda self, request, view: True)


@pytest.fixture
def site(live_server):
    """Seed the live server's database; return its URL, a chief editor's token and the ids that exist."""
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from rest_framework.authtoken.models import Token

    from claims.models import Appearance, Claim, Conflict, Entity, EntityAlias, Metric
    from seeding.seed import load_seed
    from sources.models import Publisher, Source
    from tests.factories import UserFactory
    from webhooks.models import Subscription
    from webhooks.roles import WEBHOOK_MANAGER, sync_webhook_manager_group
    from webhooks.services import subscription_create

    load_seed()
    user = UserFactory(username="fuzzer")
    sync_webhook_manager_group(Group.objects, Permission.objects, ContentType.objects)  # flushed by earlier tests
    user.groups.add(Group.objects.get(name="Chief editor"), Group.objects.get(name=WEBHOOK_MANAGER))
    subscription_create(url="https://hooks.example.org/crosscheck", user=user)  # one to read, change and delete
    models = {"claims": Claim, "sources": Source, "publishers": Publisher, "entities": Entity,
              "aliases": EntityAlias, "metrics": Metric, "conflicts": Conflict, "appearances": Appearance,
              "webhooks/subscriptions": Subscription}
    ids = {collection: list(model.objects.values_list("pk", flat=True)) for collection, model in models.items()}
    return live_server.url, Token.objects.create(user=user).key, ids


def _fuzz(operation, base: str, auth: dict, ids: dict, session) -> str | None:
    """Run one operation's cases; return the failure, if any, in a line."""
    resource = RESOURCE.match(operation.path)
    real_ids = ids.get(resource["collection"], []) if resource else []
    takes_if_match = any(p.name == "If-Match" for p in operation.headers)
    strategy = st.one_of(operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE))

    @FUZZ
    @given(case=strategy, data=st.data())
    def run(case, data):
        if real_ids and isinstance(case.path_parameters.get("id"), int):  # a valid id: one that exists
            case.path_parameters["id"] = data.draw(st.sampled_from(real_ids))
        for field, collection in REFERENCES.items():
            if isinstance(case.body, dict) and isinstance(case.body.get(field), int) and ids[collection]:
                case.body[field] = data.draw(st.sampled_from(ids[collection]))
        if takes_if_match and data.draw(st.integers(0, 3)) < 3:  # mostly the current ETag; else as generated
            read = session.get(base + resource[1].format(**case.path_parameters), headers=auth)
            if "ETag" in read.headers:
                case.headers = {**(case.headers or {}), "If-Match": read.headers["ETag"]}
        case.call_and_validate(base_url=base, session=session, headers=auth, excluded_checks=EXCLUDED)

    try:
        run()
    except Exception as failure:  # noqa: BLE001 - every operation runs; the test lists what failed
        return f"{operation.method.upper()} {operation.path}: {failure}"
    return None


def _fuzz_all(site, auth: dict) -> list[str]:
    base, _, ids = site
    schema = schemathesis.openapi.from_url(f"{base}/api/schema/")
    with requests.Session() as session:
        return [failure for result in schema.get_all_operations()
                if (failure := _fuzz(result.ok(), base, auth, ids, session))]


def test_every_operation_as_an_anonymous_client(site):
    assert _fuzz_all(site, {}) == []


def test_every_operation_as_a_chief_editor_and_webhook_manager(site):
    assert _fuzz_all(site, {"Authorization": f"Token {site[1]}"}) == []
