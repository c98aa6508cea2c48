"""API clients for tests (anonymous or with a role's token), forgetting throttles, and the seed data's counts."""
from django.contrib.auth.models import Group
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from api.models import ThrottleWindow
from claims.services import claim_create
from seeding import seed_data
from tests.factories import UserFactory


def forget_throttles():
    """Start every client's rate afresh: counters live in the cache (Redis) or their own table (api.throttling)."""
    cache.clear()
    ThrottleWindow.objects.all().delete()


def client_for(role=None):
    """Return an API client, anonymous or holding a token of a new user in ``role``."""
    client = APIClient()
    if role:
        user = UserFactory()
        user.groups.add(Group.objects.get(name=role))
        token = Token.objects.create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        client.user = user
    return client


SEED_CLAIMS = len(seed_data.CLAIMS)
CAPEK_CLAIMS = sum(any(source == seed_data.CAPEK for source, *_ in c["appearances"]) for c in seed_data.CLAIMS)


def draft(**fields):
    """Create a draft claim through the service (a statement readers must never see, unless given)."""
    return claim_create(statement=fields.pop("statement", "A DRAFT-ONLY claim about treaties."), **fields)


def ids(response):
    """Return the ids of a list answer's results, in order."""
    return [item["id"] for item in response.json()["results"]]
