"""API throttles that count clients by the address the trusted proxies recorded, never by what a client sends.

DRF's own throttles take X-Forwarded-For as written when NUM_PROXIES is unset, so a client that sends
a new made-up address with every request is never throttled. These use ``client_address``, the rule the
login lockout and the reader-report limit follow (CROSSCHECK_TRUSTED_PROXIES).
"""
from rest_framework import throttling

from project.security import client_address


class ClientAddressMixin:
    def get_ident(self, request):
        return client_address(request) or ""


class AnonRateThrottle(ClientAddressMixin, throttling.AnonRateThrottle):
    """Limit anonymous clients per address (``anon``)."""


class UserRateThrottle(ClientAddressMixin, throttling.UserRateThrottle):
    """Limit signed-in clients per user (``user``); anonymous ones are the anonymous throttle's alone.

    DRF's version also counts anonymous clients by address, at a looser rate than ``anon``: a second
    set of counters, written on every request, that could never refuse first.
    """

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)


class ScopedRateThrottle(ClientAddressMixin, throttling.ScopedRateThrottle):
    """Limit a view's scope (the token endpoint's ``token``) per user, or per address."""
