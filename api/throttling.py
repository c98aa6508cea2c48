"""API throttles that count clients by the address the trusted proxies recorded, never by what a client sends.

DRF's own throttles take X-Forwarded-For as written when NUM_PROXIES is unset, so a client that sends
a new made-up address with every request is never throttled. These use ``client_address``, the rule the
login lockout and the reader-report limit follow (CROSSCHECK_TRUSTED_PROXIES).

Where they count: where the cache is shared (Redis, with REDIS_URL), in it, as DRF does. Where the cache is a
database table, DRF's counter cost every anonymous read two statements, a read and a committed write of a
pickled list; there one statement (``_record``) drops the window's expired times, records the request
unless the window is full, and returns the window, in an unlogged table of its own (``ThrottleWindow``).
The rule is DRF's: at most ``num_requests`` counted requests in the last ``duration`` seconds, a refused
request not counted, ``Retry-After`` from the oldest counted one.
"""
from itertools import count

from django.conf import settings
from django.db import connection
from rest_framework import throttling

from project.security import client_address

# Windows untouched for a day (DRF's longest period) are deleted, inside the statement, once in this many.
PRUNE_EVERY = 256
STALE_AFTER = 86400
_statements = count()

_RECORD = """
WITH pruned AS (
    DELETE FROM api_throttlewindow WHERE %(prune)s AND key <> %(key)s AND hits[1] < %(stale)s
)
INSERT INTO api_throttlewindow AS w (key, hits) VALUES (%(key)s, ARRAY[%(now)s::float8])
ON CONFLICT (key) DO UPDATE SET hits = (
    SELECT CASE WHEN count(*) >= %(limit)s THEN coalesce(array_agg(h ORDER BY h DESC), '{}')
                ELSE %(now)s::float8 || coalesce(array_agg(h ORDER BY h DESC), '{}') END
    FROM unnest(w.hits) AS h WHERE h > %(now)s::float8 - %(duration)s)
RETURNING hits
"""


def counts_in_table() -> bool:
    """Say whether throttles count in their table: only when the default cache is the database's.

    The configured cache decides, not REDIS_URL, so a shared cache that is down refuses (503) rather than
    letting requests through uncounted.
    """
    return settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")


def _record(key: str, now: float, duration: float, limit: int) -> list[float]:
    """Count a request at ``now`` unless ``key`` has ``limit`` in the last ``duration`` s; return the window."""
    with connection.cursor() as cursor:
        cursor.execute(_RECORD, {"prune": next(_statements) % PRUNE_EVERY == 0, "key": key, "now": now,
                                 "stale": now - STALE_AFTER, "limit": limit, "duration": duration})
        return list(cursor.fetchone()[0])


class ClientAddressMixin:
    def get_ident(self, request):
        return client_address(request) or ""


class WindowMixin:
    """Count in one statement (``_record``) when the cache is the database; in the cache (Redis) otherwise."""

    def allow_request(self, request, view):
        if not counts_in_table():
            return super().allow_request(request, view)
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        if self.num_requests < 1:
            self.history = []
            return self.throttle_failure()
        self.history = _record(self.key, self.now, self.duration, self.num_requests)
        # Counted: the request's own time heads the window (a refused request leaves only older ones).
        return True if self.history and self.history[0] == self.now else self.throttle_failure()


class AnonRateThrottle(ClientAddressMixin, WindowMixin, throttling.AnonRateThrottle):
    """Limit anonymous clients per address (``anon``)."""


class UserRateThrottle(ClientAddressMixin, WindowMixin, throttling.UserRateThrottle):
    """Limit signed-in clients per user (``user``); anonymous ones are the anonymous throttle's alone.

    DRF's version also counts anonymous clients by address, at a looser rate than ``anon``: a second
    set of counters, written on every request, that could never refuse first.
    """

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)


class ScopedRateThrottle(ClientAddressMixin, WindowMixin, throttling.ScopedRateThrottle):
    """Limit a view's scope (the token endpoint's ``token``) per user, or per address."""

    def allow_request(self, request, view):
        if not counts_in_table():
            return super().allow_request(request, view)
        # As DRF's ScopedRateThrottle: the scope, and so the rate, is known only once the view is.
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return WindowMixin.allow_request(self, request, view)
