"""Schemathesis fuzzes the whole API from its own OpenAPI schema: no server errors, no off-schema responses."""
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from project.wsgi import application

# Every check but two, which judge requests rather than responses: empty filter values
# ("?published_before=") mean "no filter", as in django-filter, where the schema's format would call
# them invalid; and a body naming a claim id that does not exist is rightly a 400, which no schema
# can foresee. Server errors, status codes, content types, headers and bodies are all checked.
EXCLUDED = [negative_data_rejection, positive_data_acceptance]



def _openapi() -> dict:
    """Build the schema the /api/schema/ endpoint serves, without a request (collection has no database)."""
    import json

    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))


schema = schemathesis.openapi.from_dict(_openapi())
schema.app = application  # call the app in-process over WSGI, as from_wsgi would

FUZZ = settings(max_examples=12, deadline=None, derandomize=True,
                suppress_health_check=list(HealthCheck))


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Do what Django's test client does: don't close the (transactional) test connection after each request."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _no_throttling(monkeypatch):
    # Fuzzing sends hundreds of requests; throttling has its own test.
    monkeypatch.setattr(SimpleRateThrottle, "allow_request", lambda self, request, view: True)


@pytest.fixture
def chief_token(db):
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token

    from seeding.seed import load_seed
    from tests.factories import UserFactory

    load_seed()
    user = UserFactory(username="fuzzer")
    user.groups.add(Group.objects.get(name="Chief editor"))
    return Token.objects.create(user=user).key


@pytest.mark.django_db
@schema.parametrize()
@FUZZ
def test_api_as_anonymous_reader(case, seeded):
    case.call_and_validate(excluded_checks=EXCLUDED)


@pytest.mark.django_db
@schema.parametrize()
@FUZZ
def test_api_as_chief_editor(case, chief_token):
    case.call_and_validate(headers={"Authorization": f"Token {chief_token}"}, excluded_checks=EXCLUDED)
