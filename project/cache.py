"""Django's database cache, writing an entry in one statement instead of six.

Every anonymous API read writes its throttle counter, and every rendered page its cache entry.
Django's DatabaseCache does each write as ``SELECT COUNT(*)`` of the whole table (to decide whether
to cull), then ``BEGIN``, a ``SELECT`` of the key, an ``UPDATE`` or ``INSERT`` and ``COMMIT``: six
round trips, one of them a scan that grows with the table. Here a write is one PostgreSQL upsert,
which counts the table (to cull it) once every few writes instead of at every one.
"""
from __future__ import annotations

import base64
import pickle
from datetime import datetime, timezone
from itertools import count

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router
from django.utils.timezone import now as tz_now

# The table is counted (and culled when over MAX_ENTRIES) once in this many writes at most, and at
# least ten times per MAX_ENTRIES writes, so it overshoots MAX_ENTRIES by a tenth at most.
COUNT_EVERY = 32
_writes: dict[str, count] = {}


class DatabaseCache(DjangoDatabaseCache):
    """A database cache whose ``set`` is one statement, ``INSERT … ON CONFLICT DO UPDATE`` (PostgreSQL)."""

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        expires = datetime.max if timeout is None else datetime.fromtimestamp(timeout, tz=timezone.utc)
        expires = connection.ops.adapt_datetimefield_value(expires.replace(microsecond=0, tzinfo=timezone.utc))
        # As Django stores it: the column is text, so the pickle goes in base64.
        encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        upsert = (f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s) "  # noqa: S608 - quoted
                  "ON CONFLICT (cache_key) DO UPDATE SET value = EXCLUDED.value, expires = EXCLUDED.expires")
        with connection.cursor() as cursor:
            if not self._count_due():
                cursor.execute(upsert, [key, encoded, expires])
                return
            # Counted in the same statement: a write is one round trip whether or not it counts.
            cursor.execute(f"WITH written AS ({upsert} RETURNING 1) SELECT COUNT(*) FROM {table}",  # noqa: S608
                           [key, encoded, expires])
            rows = cursor.fetchone()[0]
            if rows > self._max_entries:
                self._cull(db, cursor, tz_now().replace(microsecond=0), rows)
                cursor.execute(upsert, [key, encoded, expires])  # the cull may have taken this very entry

    def _count_due(self) -> bool:
        every = max(1, min(COUNT_EVERY, self._max_entries // 10))
        return next(_writes.setdefault(self._table, count())) % every == 0
