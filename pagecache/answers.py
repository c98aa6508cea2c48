"""Whole reader pages and API answers in the shared cache, each valid until something it shows changes.

An answer records what it shows as tags (pagecache.cachetags): every tagged row it read, and the lists it
queried. A change records the tags it touches inside its own transaction (``touch``); at that
transaction's commit the database gives each touched tag the next generation number as its version
(a deferred trigger, reader/migrations/0003). An answer rendered after reading generation G stays
current while none of its tags has a version above G: a commit the render might have missed was
numbered above G, so it invalidates the answer if it touched anything the answer shows, and nothing
else does. Checking that is one query per request (``_state``), hit or miss.

The versions live in PostgreSQL, not in the cache, so a cache that fails (full, down) cannot leave
readers with a stale verdict: cache errors only make pages slower, never wrong, never a 500.

Public answers also carry their tags in ``Surrogate-Key``/``Cache-Tag`` headers with a shared-cache
lifetime, and commits send purges of the touched tags to Varnish or a CDN (pagecache.purge).
"""
from __future__ import annotations

import contextvars
import hashlib
import logging
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from pagecache import cachetags

logger = logging.getLogger(__name__)
_KEPT_HEADERS = ("Cache-Control", "Content-Language", "Vary", "Link", "Surrogate-Key", "Cache-Tag")
TAG_HEADERS = ("Surrogate-Key", "Cache-Tag")
_collected: contextvars.ContextVar[set | None] = contextvars.ContextVar("pagecache_tags", default=None)


class _Pages:
    """The "pages" cache, looked up when used (tests and settings may swap caches)."""

    def __getattr__(self, name):
        return getattr(caches["pages"], name)


cache = _Pages()


def current_version() -> int:
    """Return the generation: the number of the last commit that changed what readers see (one read)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE((SELECT value FROM reader_pagegeneration WHERE id = 1), 0)")
        return cursor.fetchone()[0]


def tag_versions(tags) -> dict[str, int]:
    """Return the committed version of each of ``tags`` that ever changed."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tag, version FROM reader_tagversion WHERE tag = ANY(%s)", [list(tags)])
        return dict(cursor.fetchall())


def _state(tags) -> tuple[int | None, int | None]:
    """Return the generation and the newest version among ``tags``, in one query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT (SELECT value FROM reader_pagegeneration WHERE id = 1),"
                       " (SELECT max(version) FROM reader_tagversion WHERE tag = ANY(%s))", [list(tags)])
        return cursor.fetchone()


def touch(tags, lookups=()) -> None:
    """Record that ``tags`` change when the current transaction commits (at once outside a transaction).

    ``lookups`` are (prefix, query, id) triples from pagecache.cachetags whose rows are tags too; they
    run inside the same INSERT, so recording a change is always one query.
    """
    parts, params = ["SELECT unnest(%s::text[])"], [sorted({*tags, cachetags.ANY})]
    for prefix, query, pk in lookups:
        parts.append(f"SELECT %s || looked.v::text FROM ({query}) AS looked(v)")
        params += [prefix, pk]
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO reader_pendinginvalidation (tag) SELECT DISTINCT t FROM ("
                       + " UNION ALL ".join(parts) + ") AS touched(t)", params)
    from pagecache import purge

    purge.after_commit()


def bump() -> None:
    """Invalidate every cached answer when the current transaction commits (bulk loads, unplaced changes)."""
    touch([cachetags.ALL])


# --- What an answer shows ----------------------------------------------------------------------------

def record(*tags: str) -> None:
    """Add tags to the answer being rendered (the lists a view queried; rows tag themselves)."""
    collected = _collected.get()
    if collected is not None:
        collected.update(tag for tag in tags if tag)


def _on_model_init(sender, instance, **kwargs):
    """Tag the answer being rendered with each tagged row it reads (post_init: rows loaded from the database)."""
    collected = _collected.get()
    if collected is not None and isinstance(instance, cachetags.TAGGED_MODELS) and instance.pk is not None:
        collected.update(cachetags.shown_by(instance))


class collecting:
    """Collect the tags of what is read inside the block (nested blocks add to the outer one too)."""

    def __enter__(self) -> set:
        self.outer = _collected.get()
        self.tags = set()
        self.token = _collected.set(self.tags)
        return self.tags

    def __exit__(self, *exc):
        _collected.reset(self.token)
        if self.outer is not None:
            self.outer.update(self.tags)
        return False


def final_tags(tags) -> list[str]:
    """Return the tags an answer is stored and served with: ALL always; ANY instead of too many rows."""
    tags = set(tags) | {cachetags.ALL}
    if len(tags) > settings.CROSSCHECK_MAX_ANSWER_TAGS:
        # Too many to check or send in a header (a sitemap): any change at all invalidates it instead.
        tags = {tag for tag in tags if tag.startswith("list:")} | {cachetags.ALL, cachetags.ANY}
    return sorted(tags)


def shared_cache_headers(response, tags) -> None:
    """Let shared caches keep a public answer until a purge of one of its tags (or s-maxage) ends it."""
    response["Surrogate-Key"] = " ".join(tags)  # Fastly, and Varnish's xkey (deploy/varnish)
    response["Cache-Tag"] = ",".join(tags)  # Cloudflare and others
    patch_cache_control(response, public=True, max_age=settings.CROSSCHECK_PAGE_MAX_AGE,
                        s_maxage=settings.CROSSCHECK_SHARED_MAX_AGE)


def private_headers(response) -> None:
    """Keep an answer for a signed-in client out of shared caches (it may show drafts or their name)."""
    for name in (*TAG_HEADERS, "Cache-Control"):
        if response.has_header(name):
            del response[name]
    patch_cache_control(response, private=True, no_cache=True)


# --- The cache --------------------------------------------------------------------------------------

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
    """Return the cache key of this request's answer (its validity is checked against tag versions)."""
    identity = f"{kind}|{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"{kind}:" + hashlib.sha256(identity.encode()).hexdigest()


def lookup(key: str):
    """Return (stored answer or None, generation to store a fresh render under or None), in one query.

    The generation is read before anything is rendered: a commit the render could miss is numbered
    above it. None means "do not store" (the generation row is gone until the next change).
    """
    stored = cache_get(key)
    if not isinstance(stored, dict) or "tags" not in stored:
        stored = None  # a miss, or an entry in an older format
    generation, newest = _state(stored["tags"] if stored else [])
    if stored is not None and generation is not None and (newest is None or newest <= stored["generation"]):
        return stored, generation
    return None, generation


def store(key: str, generation: int | None, entry: dict) -> None:
    """Store a fresh answer with the generation read before it was rendered."""
    if generation is not None:
        cache_set(key, {**entry, "generation": generation}, settings.CROSSCHECK_PAGE_CACHE_SECONDS)


def is_anonymous_read(request) -> bool:
    """Say whether this is a GET or HEAD without a session: what the shared caches may keep."""
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


def cached_page(view):
    """Serve an anonymous reader's GET from the cache; store 200 responses with the tags they show."""
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_anonymous_read(request):
            response = view(request, *args, **kwargs)  # editors signed in see pages as rendered, never cached
            private_headers(response)
            return response
        caching = bool(settings.CROSSCHECK_PAGE_CACHE_SECONDS)
        key, generation = key_for(request), None
        if caching:
            stored, generation = lookup(key)
            if stored is not None:
                response = HttpResponse(stored["content"], status=stored["status"])
                for name, value in stored["headers"].items():
                    response[name] = value
                return response
        with collecting() as tags:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()  # templates read rows as they render: collect those too
        if response.status_code not in (200, 410) or response.streaming:
            return response  # errors and redirects: not worth a shared cache's space, nor tagged
        tags = final_tags(tags)
        shared_cache_headers(response, tags)
        if caching and response.status_code == 200:
            headers = {"Content-Type": response["Content-Type"]}
            headers.update({name: response[name] for name in _KEPT_HEADERS if response.has_header(name)})
            store(key, generation, {"content": response.content, "status": response.status_code,
                                    "headers": headers, "tags": tags})
        return response

    return wrapper


# --- Changes ----------------------------------------------------------------------------------------

def _touch_on_visible_change(sender, instance=None, **kwargs):
    """Touch what saves and deletes readers could see change (``selectors.shown_to_readers``); drafts touch nothing."""
    from claims.models import Review
    from claims.selectors import shown_to_readers

    label = sender._meta.app_label
    if label not in {"claims", "sources"} or sender.__name__.startswith("Historical") or sender is Review:
        return  # history rows come with the save they record; a review comes with its claim's save
    if instance is not None and not isinstance(instance, str) and not shown_to_readers(instance):
        return
    if "pk_set" in kwargs:  # m2m_changed: a claim's subjects, from either side
        touch(*cachetags.touched_by_m2m(instance, kwargs["model"], kwargs["pk_set"]))
    else:
        touch(*cachetags.touched_by(instance))


def _touch_on_conflicts_changed(sender, conflict_ids=(), member_claim_ids=(), everything=False, **kwargs):
    """Touch what a bulk write to conflicts changed (the domain's bulk SQL sends no save signals)."""
    if everything:
        touch([cachetags.ALL])
    elif conflict_ids:
        touch(cachetags.touched_by_conflicts(conflict_ids, member_claim_ids))


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

    from claims.signals import conflicts_changed

    conflicts_changed.connect(_touch_on_conflicts_changed, dispatch_uid="pagecache-conflicts-changed")

    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_touch_on_visible_change, dispatch_uid=f"pagecache-{signal}")
    post_init.connect(_on_model_init, dispatch_uid="pagecache-tags-read")
