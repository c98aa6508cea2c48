"""Flat reads of claims for the API: the ClaimSerializer's output built from ``.values()`` rows.

A page of claims through DRF serializers costs a model instance and a field object call per value
and per related row; reads are most of the API's traffic, so GET list and detail build the same
dicts (same keys, order and Python types, hence the same JSON and ETags) from one query for the
claims and one per relation. Writes keep the serializers and the services. What a client may read
comes from ``claims.selectors``, as everywhere; tests/api/test_api_flat.py holds the two paths equal.
"""
from __future__ import annotations

import orjson
from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.db.models import JSONField, OuterRef
from django.db.models.functions import JSONObject
from django.utils import timezone
from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings

from claims import selectors
from claims.models import VERDICT_DEFINITIONS, Claim, Entity, Verdict, stated_figure
from pagecache import answers, cachetags
from project.paths import path_to
from project.prepared import Prepared
from project.site import absolute
from project.uris import as_uri

# The claim columns a representation needs (metric columns joined in the same query).
CLAIM_COLUMNS = (
    "id", "slug", "statement", "metric_id", "metric__name", "metric__slug", "metric__canonical_unit", "figure_text", "value",
    "unit", "qualifier", "count_noun", "total", "canonical_value", "canonical_lower", "canonical_upper",
    "period_start", "period_end", "period_label", "status", "is_public", "verdict", "rationale", "published_at",
    "last_approved_at", "updated_at",
    # The claimant: staff read a drafted correction's claimant id (selectors); the joined columns are the
    # row's, used when the two agree (a correction rarely changes who made the claim).
    "claimant_id", "claimant_role", "claimant__id", "claimant__name", "claimant__slug", "claimant__kind",
)
APPEARANCE_COLUMNS = (
    "id", "claim_id", "quote", "quote_translation", "prefix", "suffix", "figure_text", "start_offset", "end_offset",
    "status", "source_id", "source__title", "source__url", "source__archive_url", "source__publisher_id",
    "source__publisher__name", "source__original_id", "source__published_on",
)

# The serializers' own fields convert values, so decimals and times come out exactly as they would.
_DECIMAL = serializers.DecimalField(max_digits=30, decimal_places=6, allow_null=True, coerce_to_string=False,
                                    normalize_output=True)
_DATETIME = serializers.DateTimeField()
_VERDICTS = {verdict.value: {"value": verdict.value, "label": verdict.label,
                             "definition": VERDICT_DEFINITIONS[verdict]} for verdict in Verdict}


class _JSON(JSONField):
    """A JSON value read by orjson: the arrays below hold a page's every subject and piece of evidence."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else orjson.loads(value)


def _array(queryset) -> ArraySubquery:
    return ArraySubquery(queryset, output_field=ArrayField(_JSON()))


def related_columns(user) -> dict:
    """Return a claim's subjects, evidence and open conflicts as arrays read in the claim's own query.

    One statement per page or claim instead of one per relation: each round trip cost the request
    more than the rows it read. What ``user`` may read is still the selectors' rule; the outer claim
    is one ``claims_for(user)`` read, so the relations do not join the claims again (a tenth of the
    detail's planning and a third of its execution).
    """
    outer = OuterRef("id")
    return {
        "subject_rows": _array(
            Claim.subjects.through.objects.filter(claim_id=outer).order_by("entity__name")
            .values(json=JSONObject(entity_id="entity_id", name="entity__name", slug="entity__slug"))),
        "evidence_rows": _array(
            selectors.evidence_for(user, claim_readable=True).filter(claim_id=outer).order_by("id")
            .values(json=JSONObject(**{column: column for column in APPEARANCE_COLUMNS}))),
        "conflict_ids": ArraySubquery(
            selectors.open_conflict_members_for(user, claim_readable=True).filter(claim_id=outer).order_by()
            .values("conflict_id")),
    }


RELATED = ("subject_rows", "evidence_rows", "conflict_ids")

# The hot queries, compiled once per kind of reader (project.prepared): what each may read is still
# the selectors' rule, built into the SQL when it is first compiled.
_CLAIM = Prepared(lambda user, pk: selectors.claims_for(user).filter(pk=pk).values(*CLAIM_COLUMNS, **related_columns(user)),
                  shape=selectors.sees_drafts, pk=int)
_RELATED = Prepared(lambda user, ids: selectors.claims_for(user).filter(id__any=ids).order_by()
                    .values("id", **related_columns(user)), shape=selectors.sees_drafts, ids=list)


def claim_rows(queryset) -> list[dict]:
    """Fetch the columns a representation needs from a queryset of claims (one query)."""
    return list(queryset.values(*CLAIM_COLUMNS))


def claim_row(user, pk: int) -> list[dict]:
    """Return the claim ``pk`` as ``user`` may read it, with its relations, as a one-row list (empty if they may not)."""
    return _CLAIM(user, pk=pk)


def represent(rows: list[dict], *, user, request) -> list[dict]:
    """Return the API representation of claim ``rows`` as ``user`` reads them (two more queries at most)."""
    if not rows:
        return []
    if RELATED[0] not in rows[0]:  # a page of rows: their relations in one query
        related = {row.pop("id"): row for row in _RELATED(user, ids=[row["id"] for row in rows])}
        for row in rows:
            row.update(related.get(row["id"]) or dict.fromkeys(RELATED, []))
    selectors.for_reader_values(user, rows)
    for row in rows:
        row["status"], row["updated_at"] = selectors.shown_state(
            user, status=row["status"], updated_at=row["updated_at"], last_approved_at=row["last_approved_at"])
    _approved_claimants(rows)
    links = [link for row in rows for link in row["subject_rows"]]
    evidence_rows = [item for row in rows for item in row["evidence_rows"]]
    conflicts = {row["id"]: set(row["conflict_ids"]) for row in rows}
    # Rows read as values tag no cached answer by themselves: tag it with what it shows.
    answers.record(*cachetags.shown_by_values(rows, links, evidence_rows, set().union(*conflicts.values())))
    written = _Written()
    return [_claim(row, row["subject_rows"], row["evidence_rows"], conflicts[row["id"]], written) for row in rows]


class _Written:
    """What every claim of one answer writes alike, looked up once per answer instead of once per value.

    A page of 20 claims wrote 60 times through DRF's DateTimeField (each looking up the current time
    zone through asgiref's locals) and joined 20 page URLs with ``urljoin``: 15 % of the list's CPU.
    """

    def __init__(self):
        iso = getattr(_DATETIME, "format", api_settings.DATETIME_FORMAT)
        self.zone = timezone.get_current_timezone() if settings.USE_TZ and iso and iso.lower() == ISO_8601 else None
        self.origin = absolute("/").removesuffix("/")  # a path from path_to has no dot segments to resolve

    def datetime(self, value) -> str | None:
        """Return what ``DateTimeField.to_representation`` returns for ``value``."""
        if value is None or self.zone is None or timezone.is_naive(value):
            return _datetime(value)
        try:
            text = value.astimezone(self.zone).isoformat()
        except OverflowError:
            return _datetime(value)  # DRF's own error
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    def page_url(self, slug: str) -> str:
        path = path_to("claim-detail", slug)
        return self.origin + path if path.startswith("/") and not path.startswith("//") else absolute(path)


def _claim(row: dict, subjects: list[dict], evidence: list[dict], conflicts: set[int], written: _Written) -> dict:
    first = min(evidence, key=lambda a: (a["source__published_on"] is None, a["source__published_on"] or 0, a["id"]),
                default=None)
    return {
        "id": row["id"],
        "slug": row["slug"],
        "page_url": written.page_url(row["slug"]),
        "statement": row["statement"],
        "subjects": [{"id": link["entity_id"], "name": link["name"], "slug": link["slug"]} for link in subjects],
        "claimant": None if row["claimant_id"] is None else {
            "id": row["claimant_id"], "name": row["claimant__name"], "slug": row["claimant__slug"],
            "kind": row["claimant__kind"]},
        "claimant_role": row["claimant_role"],
        "metric": None if row["metric_id"] is None else {
            "id": row["metric_id"], "name": row["metric__name"], "slug": row["metric__slug"],
            "canonical_unit": row["metric__canonical_unit"]},
        "figure": _figure(row),
        "period": {"start": row["period_start"], "end": row["period_end"], "label": row["period_label"]},
        "status": row["status"],
        "is_public": row["is_public"],
        "verdict": dict(_VERDICTS[row["verdict"]]),
        "rationale": row["rationale"],
        "appearances": [_appearance(a) for a in evidence],
        "first_appearance": first["id"] if first else None,
        "open_conflicts": sorted(conflicts),
        "published_at": written.datetime(row["published_at"]),
        "last_approved_at": written.datetime(row["last_approved_at"]),
        "updated_at": written.datetime(row["updated_at"]),
    }


def _approved_claimants(rows: list[dict]) -> None:
    """Give rows whose drafted claimant differs from the row's that entity's columns (one query, rarely)."""
    stale = [row for row in rows if row["claimant_id"] != row["claimant__id"]]
    if not stale:
        return
    entities = {entity["id"]: entity for entity in Entity.objects.filter(
        pk__in={row["claimant_id"] for row in stale if row["claimant_id"]}).values("id", "name", "slug", "kind")}
    for row in stale:
        entity = entities.get(row["claimant_id"], {})
        row.update({"claimant__id": row["claimant_id"], "claimant__name": entity.get("name"),
                    "claimant__slug": entity.get("slug"), "claimant__kind": entity.get("kind")})


def _figure(row: dict) -> dict | None:
    if row["value"] is None:
        return None
    return {
        "text": row["figure_text"],
        "stated": stated_figure(row["value"], row["unit"], row["qualifier"], row["count_noun"], row["figure_text"]),
        "value": _DECIMAL.to_representation(row["value"]),
        "unit": row["unit"],
        "qualifier": row["qualifier"],
        "count_noun": row["count_noun"],
        "total": None if row["total"] is None else _DECIMAL.to_representation(row["total"]),
        "canonical_value": _float(row["canonical_value"]),
        "canonical_unit": row["metric__canonical_unit"] if row["metric_id"] is not None else None,
        "lower": _float(row["canonical_lower"]),
        "upper": _float(row["canonical_upper"]),
    }


def _appearance(row: dict) -> dict:
    return {
        "id": row["id"], "quote": row["quote"], "quote_translation": row["quote_translation"], "prefix": row["prefix"],
        "suffix": row["suffix"],
        "figure_text": row["figure_text"], "start_offset": row["start_offset"], "end_offset": row["end_offset"],
        "status": row["status"],
        "source": {"id": row["source_id"], "title": row["source__title"], "url": as_uri(row["source__url"]),
                   "archive_url": as_uri(row["source__archive_url"]),
                   "publisher": row["source__publisher__name"] if row["source__publisher_id"] else None,
                   "original": row["source__original_id"]},
    }


def _float(value) -> float | None:
    return None if value is None else float(value)


def _datetime(value) -> str | None:
    return None if value is None else _DATETIME.to_representation(value)
