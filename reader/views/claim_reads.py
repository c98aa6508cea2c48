"""What a claim page shows, read through compiled queries (project.prepared).

The claim is made an instance, as ``select_related("metric", "claimant")`` would make it, from one
compiled query's values (its wording, JSON-LD and withdrawal read the model); its subjects, evidence with sources, and the approvals that name who checked it are read as values
(project.prepared) and handed to it as its prefetched relations, so the claim's own code reads
them as it would the ORM's prefetches. Which rows readers see is the selectors' rule, built into
the SQL; the answer is tagged with every row read (values rows tag nothing by themselves).
"""
from __future__ import annotations

from django.db.models import F

from claims import selectors
from claims.models import Claim, Entity, Metric
from pagecache.answers import record
from project.prepared import Prepared
from reader.views.rows import Related, Row, SourceRow, split

EVIDENCE_COLUMNS = (
    "id", "quote", "quote_translation", "anchor", "source_id", "source__slug", "source__title", "source__url",
    "source__archive_url", "source__language", "source__published_on", "source__authors", "source__date_note",
    "source__publisher_id", "source__publisher__name", "source__original_id", "source__original__slug",
    "source__original__title",
)
# The claim's columns but its two search vectors (never shown), and its metric's and claimant's.
CLAIM_FIELDS = tuple(f.attname for f in Claim._meta.concrete_fields if f.attname not in ("search_vector",
                                                                                          "subjects_vector"))
_JOINED = {"metric": Metric, "claimant": Entity}
_CLAIM = Prepared(lambda slug: Claim.objects.filter(slug=slug).values(*CLAIM_FIELDS, *(
    f"{name}__{field.attname}" for name, model in _JOINED.items() for field in model._meta.concrete_fields)),
    slug=str)
_SUBJECTS = Prepared(lambda claim_id: Claim.subjects.through.objects.filter(claim_id=claim_id)
                     .order_by("entity__name", "entity_id").values("entity_id", "entity__name", "entity__slug"),
                     claim_id=int)
_EVIDENCE = Prepared(lambda claim_id: selectors.approved_evidence().filter(claim_id=claim_id).order_by(
    F("source__published_on").asc(nulls_last=True), "id").values(*EVIDENCE_COLUMNS), claim_id=int)
_APPROVALS = Prepared(lambda claim_id: selectors.published_approvals().filter(claim_id=claim_id).values(
    "rating_id", "action", "to_status", "actor_id", "actor__first_name", "actor__last_name"), claim_id=int)


class Editor(Row):
    """Who approved a version, as ``display_name`` reads a user."""

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


def claim_at(slug: str) -> Claim | None:
    """Return the claim at ``slug``, drafts too (the view decides what readers see), with its metric and claimant.

    Made with ``from_db`` as the ORM makes instances, so it tags the answer as a read row does.
    """
    rows = _CLAIM(slug=slug)
    if not rows:
        return None
    row, db = rows[0], Claim.objects.db
    claim = Claim.from_db(db, CLAIM_FIELDS, [row[name] for name in CLAIM_FIELDS])
    for name, model in _JOINED.items():
        fields = [field.attname for field in model._meta.concrete_fields]
        claim._state.fields_cache[name] = None if row[f"{name}__id"] is None else model.from_db(
            db, fields, [row[f"{name}__{field}"] for field in fields])
    return claim


def attach_shown(claim: Claim) -> None:
    """Give ``claim`` its subjects, shown evidence (``appearances``) and ``approval_log``, in three queries."""
    subjects = [Row({"id": row["entity_id"], "name": row["entity__name"], "slug": row["entity__slug"]})
                for row in _SUBJECTS(claim_id=claim.pk)]
    evidence = _EVIDENCE(claim_id=claim.pk)
    appearances = Related(_appearance(row) for row in evidence)
    editors: dict[int, Editor] = {}  # one row per editor: checked_by names each once
    approvals = [Row(row | {"actor": None if row["actor_id"] is None else editors.setdefault(row["actor_id"], Editor(
        {"id": row["actor_id"], "first_name": row["actor__first_name"], "last_name": row["actor__last_name"]}))})
        for row in _APPROVALS(claim_id=claim.pk)]
    claim._prefetched_objects_cache = {"subjects": Related(subjects), "appearances": appearances}
    claim.approval_log = approvals
    tags = [f"entity:{subject.id}" for subject in subjects]
    for row in evidence:
        tags += [f"source:{row['source_id']}", f"publisher:{row['source__publisher_id']}",
                 f"source:{row['source__original_id']}"]
    record(*(tag for tag in tags if not tag.endswith(":None")))


def _appearance(row: dict) -> Row:
    source = SourceRow(split(row, "source__") | {"id": row["source_id"]})
    source.publisher = Row({"name": source.publisher__name}) if source.publisher_id is not None else None
    source.original = Row({"slug": source.original__slug, "title": source.original__title}) \
        if source.original_id is not None else None
    return Row(row | {"source": source})
