"""Whole reader pages in the shared cache, valid for one generation of what readers can see.

A reader page shows many rows (a claim, its disagreements, sources, corrections), so instead of
tracking which pages a change touches, any change readers could see starts a new generation and
every page is rendered afresh once. Publications are rare next to page views, so the cache pays.

The generation lives in PostgreSQL, not in the cache: a change records an invalidation inside its
own transaction, and the database advances the generation at that transaction's commit (a deferred
trigger, see reader/migrations/0001). So a page rendered from data a commit replaced is only ever
stored under the old generation, and a cache that fails (full, down) cannot leave readers with a
stale verdict: cache errors only make pages slower, never wrong, never a 500.
"""
from __future__ import annotations

import hashlib
import logging
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse

logger = logging.getLogger(__name__)
_KEPT_HEADERS = ("Cache-Control", "Content-Language", "Vary", "Link")


class _Pages:
    """The "pages" cache, looked up when used (tests and settings may swap caches)."""

    def __getattr__(self, name):
        return getattr(caches["pages"], name)


cache = _Pages()


def current_version() -> int:
    """Return the generation of everything readers can see (one primary-key read)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE((SELECT value FROM reader_pagegeneration WHERE id = 1), 0)")
        return cursor.fetchone()[0]


def bump() -> None:
    """Start a new generation when the current transaction commits (at once outside a transaction)."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO reader_pendinginvalidation DEFAULT VALUES")


def cache_get(key: str):
    """Read from the page cache; a failing cache is a miss, never an error."""
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001 - any backend's failure (Redis down, out of memory) means "render it"
        logger.warning("page cache unavailable for reading %s", key, exc_info=True)
        return None


def cache_set(key: str, value, timeout) -> None:
    """Store in the page cache when it can; a failing cache only costs the next reader a render."""
    try:
        cache.set(key, value, timeout)
    except Exception:  # noqa: BLE001 - see cache_get
        logger.warning("page cache unavailable for writing %s", key, exc_info=True)


def key_for(request, kind: str = "page") -> str:
    """Return the cache key of this request's answer under the current version."""
    identity = f"{kind}|{current_version()}|{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"{kind}:" + hashlib.sha256(identity.encode()).hexdigest()


def cached_page(view):
    """Serve an anonymous reader's GET from the cache; store 200 responses under the current version."""
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if (not settings.CROSSCHECK_PAGE_CACHE_SECONDS or request.method not in ("GET", "HEAD")
                or settings.SESSION_COOKIE_NAME in request.COOKIES):
            return view(request, *args, **kwargs)  # editors logged in see pages as rendered, never cached
        key = key_for(request)
        stored = cache_get(key)
        if stored is not None:
            content, status, headers = stored
            response = HttpResponse(content, status=status)
            for name, value in headers.items():
                response[name] = value
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            headers = {"Content-Type": response["Content-Type"]}
            headers.update({name: response[name] for name in _KEPT_HEADERS if response.has_header(name)})
            cache_set(key, (response.content, response.status_code, headers), settings.CROSSCHECK_PAGE_CACHE_SECONDS)
        return response

    return wrapper


def _bump_on_visible_change(sender, instance=None, **kwargs):
    """Bump on saves and deletes readers could see (``selectors.shown_to_readers``); drafts change none."""
    from claims.models import Review
    from claims.selectors import shown_to_readers

    label = sender._meta.app_label
    if label not in {"claims", "sources"} or sender.__name__.startswith("Historical") or sender is Review:
        return  # history rows come with the save they record; a review comes with its claim's save
    if instance is not None and not isinstance(instance, str) and not shown_to_readers(instance):
        return
    bump()


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_bump_on_visible_change, dispatch_uid=f"pagecache-{signal}")
