"""API clients for tests: anonymous or with a role's token, and throttles forgotten between tests."""
from django.contrib.auth.models import Group
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from api.models import ThrottleWindow
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
