"""Purges by tag to the shared caches in front of Crosscheck (Varnish with xkey, or a CDN's purge API).

The tag versions the commit trigger writes (pagecache.models.TagVersion) are the outbox: each purge
target remembers the generation it has been purged through, and a purge sends every tag that
changed since then. So a purge that fails is not lost: it is logged, counted on the target, and
sent again by the next publication's purge or by ``manage.py send_purges`` (run it every minute).
Purges run after the commit (``transaction.on_commit``), never for a change that rolled back.
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

from pagecache import cachetags
from pagecache.models import PurgeTarget, TagVersion
from project import http

logger = logging.getLogger(__name__)
# More tags than this waiting for one target (a long outage, a bulk load): purge "all" instead.
BACKLOG_LIMIT = 5000
# Tags per request: an xkey-purge header (or a CDN's body) stays a few kilobytes.
TAGS_PER_REQUEST = 100


class PurgeFailed(Exception):
    """A shared cache refused a purge or could not be reached."""


@dataclass
class Outcome:
    url: str
    tags: int
    error: str = ""


def after_commit() -> None:
    """Send the purges of the current transaction once it commits (once per transaction)."""
    if not settings.CROSSCHECK_PURGE_URLS:
        return
    conn = transaction.get_connection()
    if conn.in_atomic_block and any(entry[1] is _send_after_commit for entry in conn.run_on_commit):
        return
    transaction.on_commit(_send_after_commit, robust=True)


def _send_after_commit() -> None:
    send_pending()


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
        tags = sorted({tag for tag, _ in changed} - {cachetags.ANY}) + [cachetags.ANY]
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
