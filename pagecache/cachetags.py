"""What a cached answer shows and what a change touches, as tags: the one map between the two.

A page or API answer carries the tags of every row it read (``shown_by``) and of the lists it
queried (``LIST_*``); a change touches the tags of what it changed and of every list or page a new
or changed row could now appear in (``touched_by``). The page cache (pagecache.answers) and the
purges sent to Varnish or a CDN (pagecache.purge) invalidate exactly the answers carrying a touched tag.

The rule that keeps this safe: a row's change always touches the tag its readers carry (its own
tag), so removing a row from a page invalidates the page; and anything a page finds by querying
(a claim's related claims, an entity's claims, a list) carries a tag that adding a row touches.
Which rows readers may see at all stays the selectors' question (``selectors.shown_to_readers``).
"""
from __future__ import annotations

import hashlib

from claims.models import Appearance, ChangeEvent, Claim, Conflict, ConflictMember, Entity, EntityAlias, Metric, Review
from sources.models import Publisher, Snapshot, Source

# Every answer depends on ALL: touched by changes this map cannot place (bulk loads, unknown rows).
ALL = "all"
# Touched by every change: answers that show too many rows to tag each (sitemaps) carry it instead.
ANY = "any"
LIST_CLAIMS = "list:claims"  # claim lists, search, home, feed, sitemaps, the claims API list
LIST_CONFLICTS = "list:conflicts"
LIST_SOURCES = "list:sources"  # which sources (and publishers) are public, and the home page's count
LIST_ENTITIES = "list:entities"
LIST_CHANGES = "list:changes"  # the change feed


def comparison_tag(key: str) -> str:
    """Tag the claims with one comparison key (a claim page's "figures that agree")."""
    return "compare:" + hashlib.sha256(key.encode()).hexdigest()[:16]


def list_tag(model) -> str | None:
    """Return the tag of a list of ``model`` rows (an API list endpoint's collection)."""
    for kinds, tag in ((
            (Claim, Review, Metric), LIST_CLAIMS), ((Conflict, ConflictMember), LIST_CONFLICTS),
            ((Source, Publisher, Snapshot, Appearance), LIST_SOURCES), ((Entity, EntityAlias), LIST_ENTITIES),
            ((ChangeEvent,), LIST_CHANGES)):
        if issubclass(model, kinds):
            return tag
    return None


def shown_by(instance) -> tuple[str, ...]:
    """Return the tags an answer that read ``instance`` carries (no query: ids on the row only)."""
    if isinstance(instance, (Claim, HistoricalClaim)):
        return (f"claim:{instance.pk if isinstance(instance, Claim) else instance.id}",)
    if isinstance(instance, Review):
        return (f"claim:{instance.claim_id}",)
    if isinstance(instance, Appearance):
        return (f"claim:{instance.claim_id}", f"source:{instance.source_id}")
    if isinstance(instance, ConflictMember):
        return (f"conflict:{instance.conflict_id}", f"claim:{instance.claim_id}")
    if isinstance(instance, Conflict):
        return (f"conflict:{instance.pk}",)
    if isinstance(instance, Source):
        return (f"source:{instance.pk}",)
    if isinstance(instance, Snapshot):
        return (f"source:{instance.source_id}",)
    if isinstance(instance, Publisher):
        return (f"publisher:{instance.pk}",)
    if isinstance(instance, Entity):
        return (f"entity:{instance.pk}",)
    if isinstance(instance, EntityAlias):
        return (f"entity:{instance.entity_id}",)
    if isinstance(instance, Metric):
        return (f"metric:{instance.pk}",)
    return ()


def shown_by_values(rows, subject_links, evidence, conflict_ids) -> set[str]:
    """Return the tags of what a flat read (``.values()`` rows, no instances to tag themselves) showed.

    The same tags ``shown_by`` gives the rows as instances: claims, their metric, subjects and
    claimant, each piece of evidence with its source and publisher, and the conflicts named.
    """
    tags = set()
    for row in rows:
        tags.add(f"claim:{row['id']}")
        tags.update(f"{kind}:{row[key]}" for kind, key in (("metric", "metric_id"), ("entity", "claimant_id"))
                    if row.get(key) is not None)
    tags.update(f"entity:{link['entity_id']}" for link in subject_links)
    for row in evidence:
        tags.update((f"claim:{row['claim_id']}", f"source:{row['source_id']}"))
        if row.get("source__publisher_id") is not None:
            tags.add(f"publisher:{row['source__publisher_id']}")
    tags.update(f"conflict:{pk}" for pk in conflict_ids)
    return tags


def touched_by(instance) -> tuple[list[str], list[tuple[str, str, int]]]:
    """Return what a visible change to ``instance`` touches: tags, and tags to look up in SQL.

    The lookups are (prefix, query, id): the write path runs them inside the one INSERT that records
    the tags (pagecache.answers.touch), so recording a change stays one query.
    """
    if isinstance(instance, Claim):
        # Conflict lists show it by its own tag; whether a conflict is public is conflicts_refresh_public's.
        tags = [f"claim:{instance.pk}", LIST_CLAIMS, LIST_SOURCES, LIST_ENTITIES]
        if instance.comparison_key:
            tags.append(comparison_tag(instance.comparison_key))
        if instance.claimant_id:
            tags.append(f"entity:{instance.claimant_id}")  # its claimant's page lists the claims it made
        # Entity pages and other claims' "related" lists find it through its subjects; the pages of the
        # sources it cites list its quotes, and their originals' pages list those sources as copies.
        return tags, [("entity:", "SELECT entity_id FROM claims_claim_subjects WHERE claim_id = %s", instance.pk),
                      ("source:", "SELECT source_id FROM claims_appearance WHERE claim_id = %s", instance.pk),
                      ("source:", "SELECT s.original_id FROM claims_appearance a JOIN sources_source s"
                                  " ON s.id = a.source_id WHERE a.claim_id = %s AND s.original_id IS NOT NULL",
                       instance.pk)]
    if isinstance(instance, Review):
        return [f"claim:{instance.claim_id}", LIST_CLAIMS], []
    if isinstance(instance, Appearance):
        # A source turns public with its first public evidence: its original's page lists it as a copy.
        # Evidence moved to another source leaves the one it was at, which may stop being public: that
        # source's answers, and its original's list of copies (tagged with it), go too.
        return ([f"claim:{instance.claim_id}", f"source:{instance.source_id}", LIST_SOURCES, LIST_CLAIMS],
                [("source:", "SELECT original_id FROM sources_source WHERE id = %s AND original_id IS NOT NULL",
                  instance.source_id),
                 ("source:", f"SELECT source_id FROM {HistoricalAppearance._meta.db_table} WHERE id = %s", instance.pk)])
    if isinstance(instance, Conflict):
        # A conflict shows on its members' pages and turns their "disagreement" badges on or off.
        return ([f"conflict:{instance.pk}", LIST_CONFLICTS, LIST_CLAIMS],
                [("claim:", "SELECT claim_id FROM claims_conflictmember WHERE conflict_id = %s", instance.pk)])
    if isinstance(instance, ConflictMember):
        return [f"conflict:{instance.conflict_id}", f"claim:{instance.claim_id}", LIST_CONFLICTS, LIST_CLAIMS], []
    if isinstance(instance, Source):
        tags = [f"source:{instance.pk}", LIST_SOURCES]
        return tags + ([f"source:{instance.original_id}"] if instance.original_id else []), []
    if isinstance(instance, Snapshot):
        return [f"source:{instance.source_id}"], []
    if isinstance(instance, Publisher):
        return [f"publisher:{instance.pk}", LIST_SOURCES], []
    if isinstance(instance, Entity):
        return [f"entity:{instance.pk}", LIST_ENTITIES], []
    if isinstance(instance, EntityAlias):
        return [f"entity:{instance.entity_id}", LIST_ENTITIES], []
    if isinstance(instance, Metric):
        return [f"metric:{instance.pk}", LIST_CLAIMS], []
    if isinstance(instance, ChangeEvent):
        return [LIST_CHANGES], []
    return [ALL], []


def touched_by_m2m(instance, model, pk_set) -> tuple[list[str], list[tuple[str, str, int]]]:
    """Return what adding or removing links (a claim's subjects, from either side) touches.

    Called before and after the change, so the claim's subjects looked up cover both sides.
    """
    tags, lookups = touched_by(instance)
    prefix = {Claim: "claim:", Entity: "entity:"}.get(model)
    if prefix is None:
        return [ALL], []
    return tags + [LIST_CLAIMS] + [f"{prefix}{pk}" for pk in pk_set or ()], lookups


def touched_by_conflicts(conflict_ids, member_claim_ids) -> list[str]:
    """Return what a bulk change to conflicts touches (detection inserts and updates without signals)."""
    return ([f"conflict:{pk}" for pk in conflict_ids] + [f"claim:{pk}" for pk in member_claim_ids]
            + [LIST_CONFLICTS, LIST_CLAIMS])


HistoricalClaim = Claim.history.model
HistoricalAppearance = Appearance.history.model
# The models whose rows answers are tagged with when they read them (pagecache.answers listens for them).
TAGGED_MODELS = (Claim, HistoricalClaim, Review, Appearance, ConflictMember, Conflict, Source, Snapshot, Publisher,
                 Entity, EntityAlias, Metric)
