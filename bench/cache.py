"""Hit ratio of the page and API cache under a newsroom's load: tags against one global generation.

Readers request pages across the whole corpus (claims, sources, entities and conflicts by a Zipf law
over a random popularity order; lists, home, feed and the API), READERS_PER_SECOND a simulated
second, while one publication or correction happens every second. Each distinct answer is rendered
once through Django to read the tags it really carries (its Surrogate-Key); each change touches the
tags pagecache.cachetags says it does (looked up on the real row). An answer is a hit when it was
stored before and no tag it carries was touched since (pagecache.answers's rule); under the old
design, when no change at all happened since it was stored. The cache never fills in this run (the
default 50,000 entries outnumber the distinct answers) and no entry outlives its TTL.
"""
from __future__ import annotations

import bisect
import itertools
import random
import time

SECONDS = 240
READERS_PER_SECOND = 40
ZIPF_S = 1.1
# What readers ask for: (share of requests, kind).
MIX = [(0.55, "claim"), (0.10, "source"), (0.05, "entity"), (0.05, "conflict"), (0.08, "claim-list"),
       (0.06, "home"), (0.02, "conflict-list"), (0.02, "feed"), (0.05, "api-claim"), (0.02, "api-list")]


PREFIX = {"source": "/sources/", "entity": "/entities/", "conflict": "/conflicts/"}


class Zipf:
    """Draw ranks 0..n-1 with probability proportional to 1 / (rank + 1) ** s."""

    def __init__(self, n: int, s: float, rng: random.Random):
        self.rng = rng
        self.cumulative = list(itertools.accumulate(1 / (rank + 1) ** s for rank in range(n)))

    def draw(self) -> int:
        return bisect.bisect(self.cumulative, self.rng.random() * self.cumulative[-1])


class Readers:
    """What readers ask for: a public item by Zipf popularity, or a list, home, feed or API answer."""

    def __init__(self, rng: random.Random):
        from claims import selectors
        from claims.models import Claim, ClaimStatus

        self.rng = rng
        self.claims = list(selectors.public_claims().values_list("pk", "slug"))
        self.items = {"source": list(selectors.public_sources().values_list("slug", flat=True)),
                      "entity": list(selectors.public_entities().values_list("slug", flat=True)),
                      "conflict": list(selectors.public_conflicts().values_list("pk", flat=True))}
        self.drafts = list(Claim.objects.exclude(status=ClaimStatus.PUBLISHED).values_list("pk", flat=True))
        for population in (self.claims, *self.items.values()):
            rng.shuffle(population)  # popularity has nothing to do with ids
        self.draws = {kind: Zipf(len(items), ZIPF_S, rng) for kind, items in
                      (("claim", self.claims), *self.items.items()) if items}

    def url(self) -> str:
        rng = self.rng
        kind = rng.choices([k for _, k in MIX], weights=[w for w, _ in MIX])[0]
        if kind in ("claim", "api-claim") and self.claims:
            pk, slug = self.claims[self.draws["claim"].draw()]
            return f"/claims/{slug}/" if kind == "claim" else f"/api/v1/claims/{pk}/"
        if kind in self.draws:
            return f"{PREFIX[kind]}{self.items[kind][self.draws[kind].draw()]}/"
        if kind == "claim-list":
            return "/claims/" + ("" if rng.random() < 0.7 else f"?page={rng.randint(2, 5)}")
        return {"home": "/", "conflict-list": "/conflicts/", "feed": "/feed/", "api-list": "/api/v1/claims/"}.get(
            kind, "/")

    def changed(self) -> int:
        """Return the claim published or corrected this second: a draft half the time, else a public claim."""
        return self.rng.choice(self.drafts) if self.drafts and self.rng.random() < 0.5 else self.rng.choice(self.claims)[0]


class Answers:
    """Each distinct answer rendered once through Django, for the tags it really carries."""

    def __init__(self):
        from django.test import Client

        self.client = Client(HTTP_HOST="localhost")
        self.tags_of: dict[str, frozenset | None] = {}
        self.render_seconds = 0.0

    def tags(self, path: str) -> frozenset | None:
        """Return the answer's Surrogate-Key tags (None: not a 200, never stored)."""
        from django.core.cache import caches
        from django.test import override_settings

        if path not in self.tags_of:
            started = time.perf_counter()
            if path.startswith("/api/"):
                caches["default"].clear()  # the anonymous rate limit: this one client stands for thousands
            with override_settings(CROSSCHECK_PAGE_CACHE_SECONDS=0):
                response = self.client.get(path)
            self.render_seconds += time.perf_counter() - started
            self.tags_of[path] = frozenset(response.get("Surrogate-Key", "").split()) \
                if response.status_code == 200 else None
        return self.tags_of[path]


def touched(pk: int) -> set[str]:
    """Return the tags a change to claim ``pk`` touches, looked up on the real row."""
    from django.db import connection

    from claims.models import Claim
    from pagecache import cachetags

    names, lookups = cachetags.touched_by(Claim.objects.get(pk=pk))
    found = set(names) | {cachetags.ANY}
    with connection.cursor() as cursor:
        for prefix, query, arg in lookups:
            cursor.execute(query, [arg])
            found |= {f"{prefix}{value}" for (value,) in cursor.fetchall()}
    return found


def run(size: int) -> list[dict]:
    readers, answers = Readers(random.Random(7)), Answers()
    stored_at: dict[str, int] = {}  # path -> second it was stored (tags)
    stored_global: dict[str, int] = {}  # path -> generation it was stored under (one global generation)
    touched_at: dict[str, int] = {}  # tag -> last second it was touched
    hits = hits_global = requests = uncacheable = changes = 0
    for second in range(1, SECONDS + 1):
        for _ in range(READERS_PER_SECOND):
            path = readers.url()
            shown = answers.tags(path)
            requests += 1
            if shown is None:
                uncacheable += 1  # a 404: never stored, by either design
                continue
            when = stored_at.get(path)
            if when is not None and all(touched_at.get(tag, 0) < when for tag in shown):
                hits += 1
            else:
                stored_at[path] = second
            if stored_global.get(path) == second - 1:  # stored since the last change (at the end of second-1)
                hits_global += 1
            else:
                stored_global[path] = second - 1
        # One publication or correction a second, after this second's readers. Answers stored in this
        # second were rendered before the change: they carry "second", and a tag touched at "second"
        # is not below it, so the rule above treats them as invalidated.
        for tag in touched(readers.changed()):
            touched_at[tag] = second
        changes += 1
    return [_row(size, requests, uncacheable, changes, hits, hits_global, answers)]


def _row(size, requests, uncacheable, changes, hits, hits_global, answers: Answers) -> dict:
    cacheable = requests - uncacheable
    ratio = (lambda count: round(count / cacheable, 3)) if cacheable else (lambda count: None)
    distinct = len([t for t in answers.tags_of.values() if t is not None])
    return {
        "claims": size, "requests": requests, "distinct answers": len(answers.tags_of), "changes": changes,
        "readers/s": READERS_PER_SECOND, "hit ratio, tags": ratio(hits),
        "hit ratio, one generation": ratio(hits_global),
        # Every distinct answer's first request is a miss whatever the design: the best possible ratio.
        "ceiling": round(1 - distinct / cacheable, 3) if cacheable else None,
        "render s (tag discovery)": round(answers.render_seconds, 1),
    }
