"""Whole reader pages in the shared cache, invalidated by one version stamp that every visible change bumps.

A reader page shows many rows (a claim, its disagreements, sources, corrections), so instead of
tracking which pages a change touches, any change readers could see bumps the version and every
page is rendered afresh once. Publications are rare next to page views, so the cache still pays.
The bump runs after the transaction commits: a page rendered from data the commit replaced can
only be stored under the old version, which nobody asks for again.
"""
from __future__ import annotations

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse

# The database cache culls its fullest table by deleting the keys that sort first; "~" sorts after
# every page key, so the stamp is the last thing culled (losing it only starts a new generation).
VERSION_KEY = "~crosscheck:public-version"
_KEPT_HEADERS = ("Cache-Control", "Content-Language", "Vary", "Link")


class _Pages:
    """The "pages" cache, looked up when used (tests and settings may swap caches)."""

    def __getattr__(self, name):
        return getattr(caches["pages"], name)


cache = _Pages()


def current_version() -> str:
    """Return the version stamp of everything readers can see (one cache read)."""
    version = cache.get(VERSION_KEY)
    if version is None:  # first use, or evicted: start a new generation
        cache.add(VERSION_KEY, str(time.time_ns()), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_now() -> None:
    cache.set(VERSION_KEY, str(time.time_ns()), timeout=None)


def bump() -> None:
    """Invalidate every cached reader page once the current transaction commits."""
    transaction.on_commit(bump_now)


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
        stored = cache.get(key)
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
            cache.set(key, (response.content, response.status_code, headers), settings.CROSSCHECK_PAGE_CACHE_SECONDS)
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
