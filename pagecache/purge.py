"""Purges by tag to the shared caches in front of Crosscheck (Varnish with xkey, or a CDN's purge API).

The tag versions the commit trigger writes (pagecache.models.TagVersion) are the outbox: each purge
target remembers the generation it has been purged through, and a purge sends every tag that
changed since then. So a purge that fails is not lost: it is logged, counted on the target, and
sent again by the next purge job (a failed job is retried) or by ``manage.py send_purges``.

Purges never run inside the request that changed something: a transaction that touched tags defers
one purge job in that same transaction, so the job exists exactly when the change commits, and a
worker sends it (a frozen cache slows no editor). Each purge is sent a second time
CROSSCHECK_PURGE_REPEAT_AFTER seconds later: a reader's render that read the old data before the
commit and reached the cache after the first purge is purged by the second (docs/operators/varnish.md).
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from pagecache import cachetags
from pagecache.models import PurgeTarget, TagVersion
from project import http

logger = logging.getLogger(__name__)
# More tags than this waiting for one target (a long outage, a bulk load): purge "all" instead.
BACKLOG_LIMIT = 5000
# Tags per request: an xkey-purge header (or a CDN's body) stays a few kilobytes.
TAGS_PER_REQUEST = 100


# A purge that failed is retried after 4 s, 8 s, 16 s ... (about two hours in all); after that the next
# publication's purge, or `manage.py send_purges`, sends what is still owed.
RETRY = RetryStrategy(max_attempts=12, exponential_wait=2)


class PurgeFailed(Exception):
    """A shared cache refused a purge or could not be reached."""


@dataclass
class Outcome:
    url: str
    tags: int
    error: str = ""


def after_commit() -> None:
    """Defer the purge of the current transaction's changes, once per transaction (no-op without targets)."""
    if not settings.CROSSCHECK_PURGE_URLS:
        return
    conn = transaction.get_connection()
    if conn.in_atomic_block:
        if any(entry[1] is _purge_deferred for entry in conn.run_on_commit):
            return
        # A marker, so the transaction's later touches defer nothing more; it does nothing at commit.
        transaction.on_commit(_purge_deferred)
    purge_changes.defer()


def _purge_deferred() -> None:
    """Mark a transaction whose purge job is deferred already."""


@app.task(queue="purges", name="pagecache.purge_changes", retry=RETRY)
def purge_changes(repeat_from: dict | None = None) -> None:
    """Send what each target is owed (the worker's job), then the same again after the longest request.

    ``repeat_from`` maps each target to the generation its first purge started from: a repeat sends
    every tag changed since then, whether or not the first purge got through.
    """
    if repeat_from is not None:
        _send_repeat(repeat_from)
        return
    starts = dict(PurgeTarget.objects.filter(url__in=settings.CROSSCHECK_PURGE_URLS).values_list("url", "purged_through"))
    outcomes = send_pending()
    delay = settings.CROSSCHECK_PURGE_REPEAT_AFTER
    if delay > 0:
        purge_changes.configure(schedule_in={"seconds": delay}).defer(
            repeat_from={o.url: starts.get(o.url, 0) for o in outcomes if o.tags})
    failed = [outcome for outcome in outcomes if outcome.error]
    if failed:
        raise PurgeFailed("; ".join(f"{o.url}: {o.error}" for o in failed))  # retried with backoff


def _send_repeat(repeat_from: dict) -> None:
    for url, start in repeat_from.items():
        if url not in settings.CROSSCHECK_PURGE_URLS:
            continue  # a target removed from the configuration since
        changed = list(TagVersion.objects.filter(version__gt=start).values_list("tag", flat=True)[:BACKLOG_LIMIT + 1])
        if not changed:
            continue
        tags = [cachetags.ALL] if len(changed) > BACKLOG_LIMIT else _in_sending_order(changed)
        for first in range(0, len(tags), TAGS_PER_REQUEST):
            _request(url, tags[first:first + TAGS_PER_REQUEST])  # a failure raises: the job is retried


def send_pending(urls=None) -> list[Outcome]:
    """Send every tag that changed since each target's last purge; record how far each got."""
    outcomes = []
    for url in settings.CROSSCHECK_PURGE_URLS if urls is None else urls:
        try:
            outcomes.append(_send_to(url))
        except Exception as error:  # noqa: BLE001 - a database hiccup here must not fail the publication
            logger.exception("purges for %s could not be prepared", url)
            outcomes.append(Outcome(url, 0, str(error)))
    return outcomes


def _send_to(url: str) -> Outcome:
    target, _ = PurgeTarget.objects.get_or_create(url=url)
    changed = list(TagVersion.objects.filter(version__gt=target.purged_through)
                   .order_by("version").values_list("tag", "version")[:BACKLOG_LIMIT + 1])
    if not changed:
        return Outcome(url, 0)
    if len(changed) > BACKLOG_LIMIT:
        # Every answer carries "all": one purge empties the cache rather than thousands of requests.
        through = TagVersion.objects.order_by("-version").values_list("version", flat=True).first()
        tags = [cachetags.ALL]
    else:
        through = changed[-1][1]
        tags = _in_sending_order(tag for tag, _ in changed)
    PurgeTarget.objects.filter(pk=target.pk).update(last_attempt_at=timezone.now())
    try:
        for start in range(0, len(tags), TAGS_PER_REQUEST):
            _request(url, tags[start:start + TAGS_PER_REQUEST])
    except PurgeFailed as error:
        PurgeTarget.objects.filter(pk=target.pk).update(failures=F("failures") + 1, last_error=str(error)[:2000])
        logger.error("purge of %d tags at %s failed, to be sent again: %s", len(tags), url, error)
        return Outcome(url, len(tags), str(error))
    # Greatest: another process may have purged further meanwhile; never move back.
    PurgeTarget.objects.filter(pk=target.pk).update(
        purged_through=Greatest(F("purged_through"), through), failures=0, last_error="",
        last_success_at=timezone.now())
    logger.info("purged %d tags at %s", len(tags), url)
    return Outcome(url, len(tags))


def _in_sending_order(tags) -> list[str]:
    return sorted(set(tags) - {cachetags.ANY}) + [cachetags.ANY]


def _request(url: str, tags: list[str]) -> None:
    headers = {"User-Agent": "Crosscheck purge"}
    if settings.CROSSCHECK_PURGE_TOKEN:
        headers["Authorization"] = f"Bearer {settings.CROSSCHECK_PURGE_TOKEN}"
    if settings.CROSSCHECK_PURGE_KIND == "xkey":
        method, body, headers = "PURGE", None, {**headers, "xkey-purge": " ".join(tags)}
    else:
        method, body = "POST", json.dumps({"tags": tags}).encode()
        headers = {**headers, "Content-Type": "application/json", "Surrogate-Key": " ".join(tags)}
    try:
        # The operator configures purge targets, usually on the private network (Varnish beside the app).
        response = http.send(method, url, allow_private=True, timeout=settings.CROSSCHECK_PURGE_TIMEOUT,
                             total=settings.CROSSCHECK_PURGE_TIMEOUT, body=body, headers=headers)
    except http.OutboundError as error:
        raise PurgeFailed(f"{url} unreachable: {error}") from error
    if response.status >= 400:
        raise PurgeFailed(f"{url} answered {response.status} {response.reason or ''}".strip())
