"""Import an article: capture it as a snapshot, re-anchor known quotes, propose and accept candidates.

Admin, command line and background jobs all call these, so the rules live in one place. Accepting
candidates has its own module (imports.accepting); its functions are re-exported here as the service API.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from claims import matching
from claims.models import AnchorStatus, Claim, Entity, EntityAlias, Metric
from claims.selectors import is_public_reference, live_evidence
from claims.services import reference_save
from claims.services.permissions import IMPORT_ARTICLES, REVIEW, may, require
from imports import candidates, capture, proposing
from imports.accepting import Choice, accept_candidates, claimant_for, decisions_of, declined_keys  # noqa: F401
from imports.capture import Captured, CaptureError
from imports.detector import store
from imports.snapshots import adopt, reanchor, snapshot_review  # noqa: F401 - reanchor, snapshot_review: the service API
from project.locale import guess_language
from sources.models import Publisher, Snapshot, SnapshotStatus, Source, text_sha256


@dataclass
class ImportResult:
    source: Source
    snapshot: Snapshot
    source_created: bool
    snapshot_created: bool
    anchors: Counter = field(default_factory=Counter)
    candidates: list[candidates.Candidate] = field(default_factory=list)
    detector_version: str = ""  # the claim detector that proposed the candidates

    @property
    def outcome(self) -> str:
        if self.source_created:
            return "new source"
        if self.snapshot_created and self.snapshot.status == SnapshotStatus.PENDING:
            return "new version of a published source, waiting for an editor"
        if self.snapshot_created:
            return "new version of a known source"
        return "already known: nothing changed"

    def as_dict(self) -> dict:
        return {
            "source": {"id": self.source.pk, "title": self.source.title, "url": self.source.url,
                       "slug": self.source.slug},
            "created": self.source_created,
            "already_known": not self.snapshot_created,
            "outcome": self.outcome,
            "snapshot": {"id": self.snapshot.pk, "sha256": self.snapshot.sha256, "created": self.snapshot_created,
                         "status": self.snapshot.status,
                         "characters": len(self.snapshot.text)},
            "anchors": {status.value: self.anchors.get(status.value, 0) for status in AnchorStatus},
            "candidates": [c.as_dict() for c in self.candidates],
            "detector_version": self.detector_version,
        }


# --- Reading input ---------------------------------------------------------------------------------------

def read_file(path: str | Path, *, title: str = "") -> Captured:
    """Capture a local HTML or text file."""
    path = Path(path)
    if not path.exists():
        raise CaptureError(f"no such file: {path}")
    if not path.is_file():
        raise CaptureError(f"not a file: {path}")
    size = path.stat().st_size
    if size > settings.CROSSCHECK_IMPORT_MAX_BYTES:
        raise CaptureError(f"{path} is {size:,} bytes, over the {settings.CROSSCHECK_IMPORT_MAX_BYTES:,}-byte limit")
    media_type = "text/html" if path.suffix.lower() in {".html", ".htm", ".xhtml"} else ""
    return capture.from_bytes(path.read_bytes(), name=str(path), media_type=media_type, title=title)


def read_input(path_or_url: str, *, title: str = "") -> Captured:
    """Capture a URL (http or https) or a local file."""
    if path_or_url.startswith(("http://", "https://")):
        captured = capture.fetch(path_or_url)
        if title:
            captured.title = title
        return captured
    return read_file(path_or_url, title=title)


# --- Capturing ---------------------------------------------------------------------------------------

@transaction.atomic
def import_captured(captured: Captured, *, title: str = "", url: str = "", publisher_name: str = "",
                    source: Source | None = None, user=None, propose: bool = True,
                    scheduled: bool = False) -> ImportResult:
    """Store ``captured`` as a snapshot of its source (found by URL, given, or new), idempotently.

    The same content again changes nothing; changed content becomes a new snapshot of the same
    source and every appearance of that source is re-anchored on it. ``scheduled``: nobody asked for
    this capture (the periodic re-fetch), so no one's authority approves it.
    """
    require(user, IMPORT_ARTICLES, "import articles")
    url = (url or captured.url).strip()
    sha = text_sha256(captured.text)
    # One import per URL or text at a time: two editors importing the same page make one source.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"import:{url or sha}"])

    if source is None and url:
        source = Source.objects.filter(url=url).first()
    if source is None and not url:
        known = Snapshot.objects.filter(sha256=sha).select_related("source").order_by("captured_at").first()
        if known is not None:
            return _result(known.source, known, False, False, propose)
    source_created = source is None
    if source_created:
        source = _new_source(captured, title=title, url=url, publisher_name=publisher_name, user=user)
    else:
        source = Source.objects.select_for_update().get(pk=source.pk)
        known = source.snapshots.filter(sha256=sha).first()
        if known is not None:
            return _result(source, known, False, False, propose)

    # A new text of a source readers see waits for an editor: it would move or hide the quotes of
    # published claims, and readers would read words nobody reviewed. A scheduled re-fetch is nobody's
    # review either: whoever controls the address (or holds its domain next) wrote what it brings.
    pending = not source_created and (scheduled or not may(user, REVIEW)) and is_public_reference(source)
    snapshot = Snapshot.objects.create(
        source=source, text=captured.text, raw=captured.raw, media_type=captured.media_type,
        fetched_url=captured.url, proposed_by=user,
        status=SnapshotStatus.PENDING if pending else SnapshotStatus.APPROVED,
    )
    result = _result(source, snapshot, source_created, True, propose)
    if not pending:
        result.anchors = adopt(source, snapshot, user)
    return result


def _result(source, snapshot, source_created, snapshot_created, propose) -> ImportResult:
    result = ImportResult(source, snapshot, source_created, snapshot_created)
    if propose:
        detector = store.active()
        result.candidates = propose_candidates(snapshot, detector)
        result.detector_version = detector.version
    return result


def _new_source(captured: Captured, *, title: str, url: str, publisher_name: str, user) -> Source:
    publisher = None
    name = " ".join((publisher_name or captured.site_name).split())
    if name:
        publisher = Publisher.objects.filter(name__iexact=name).first() or reference_save(
            instance=Publisher(name=name), user=user)
    title = " ".join((title or captured.title).split())
    if not title:
        first_line = captured.text.strip().split("\n", 1)[0]
        title = first_line if len(first_line) <= 120 else first_line[:120].rsplit(" ", 1)[0] + "…"
    source = Source(
        title=title[:500], url=url, publisher=publisher, authors=captured.authors,
        language=guess_language(captured.text[:4000]),
        published_on=captured.published_on, notes="Imported by Crosscheck's importer.",
    )
    if captured.updated_on:
        source.updated_at_source = timezone.make_aware(datetime.combine(captured.updated_on, time.min))
    source.full_clean(exclude=["slug"], validate_unique=False)
    return reference_save(instance=source, user=user)


# --- Candidates --------------------------------------------------------------------------------------

def known_entities() -> list[candidates.KnownEntity]:
    """Return every entity name and alias, for matching in text (two queries)."""
    known = [candidates.KnownEntity(pk, name, name, kind) for pk, name, kind in
             Entity.objects.values_list("pk", "name", "kind")]
    by_id = {k.entity_id: k for k in known}
    for entity_id, alias in EntityAlias.objects.values_list("entity_id", "name"):
        entity = by_id[entity_id]
        known.append(candidates.KnownEntity(entity_id, alias, entity.canonical_name, entity.kind))
    return known


_indexed_names: dict[tuple, candidates.EntityMatcher] = {}


def entity_matcher() -> candidates.EntityMatcher:
    """Return the index of every entity name and alias, rebuilt only when an entity or alias changed.

    Every change to either writes a history row, so the newest history ids say whether the index
    this process keeps is still current (one query instead of loading every name per import).
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT (SELECT max(history_id) FROM claims_historicalentity), "
                       "(SELECT max(history_id) FROM claims_historicalentityalias)")
        stamp = (connection.settings_dict["NAME"], *cursor.fetchone())
    matcher = _indexed_names.get(stamp)
    if matcher is None:
        matcher = candidates.EntityMatcher(known_entities())
        _indexed_names.clear()
        _indexed_names[stamp] = matcher
    return matcher


def known_metrics() -> list[candidates.KnownMetric]:
    """Return the metrics with the kinds of entity their claims are about (two queries)."""
    kinds: dict[int, set[str]] = {}
    for metric_id, kind in (Claim.subjects.through.objects.filter(claim__metric__isnull=False)
                            .values_list("claim__metric_id", "entity__kind").distinct()):
        kinds.setdefault(metric_id, set()).add(kind)
    return [candidates.KnownMetric(m.pk, m.name, m.description, m.canonical_unit, m.dimension,
                                   frozenset(kinds.get(m.pk, ())))
            for m in Metric.objects.all()]


def propose_candidates(snapshot: Snapshot, detector=None) -> list[candidates.Candidate]:
    """Find the candidate claims in a snapshot, with the claims they repeat and those already recorded."""
    found = candidates.extract(snapshot.text, matcher=entity_matcher(), metrics=known_metrics(),
                               detector=detector or store.active())
    look_up(found, snapshot)
    return found


def look_up(found: list[candidates.Candidate], snapshot: Snapshot) -> None:
    """Fill in what depends on the claims recorded so far: claims said before, quotes recorded (four queries)."""
    _said_before(found)
    _mark_recorded(found, snapshot)


def _said_before(found: list[candidates.Candidate]) -> None:
    """Attach to each candidate the live claims it may repeat: the same figure under its key, or its wording."""
    metrics = {m.pk: m for m in Metric.objects.filter(pk__in={c.metric[0] for c in found if c.metric})}
    items = []
    for candidate in found:
        metric = metrics.get(candidate.metric[0]) if candidate.metric else None
        key = matching.figure_key(metric=metric, subject_ids=[i for i, _ in candidate.entities],
                                  figure_text=candidate.figure_text if metric else "",
                                  period_start=candidate.period_start, period_end=candidate.period_end)
        items.append((candidate.statement or candidate.quote, key))
    for candidate, matches in zip(found, matching.said_before_each(items) if items else []):
        candidate.matches = [{"id": m.claim_id, "slug": m.slug, "statement": m.statement, "figure": m.figure,
                              "status": m.status, "verdict": m.verdict, "reason": m.reason,
                              "status_label": m.status_label, "verdict_label": m.verdict_label} for m in matches]
        for match in candidate.matches:
            match["label"] = proposing.choice_label(match)


def _mark_recorded(found: list[candidates.Candidate], snapshot: Snapshot) -> None:
    """Mark candidates whose figure sits inside a quote already recorded from this snapshot (one query)."""
    recorded = list(live_evidence().filter(snapshot=snapshot, start_offset__isnull=False)
                    .exclude(anchor=AnchorStatus.MISSING)
                    .values("claim_id", "claim__slug", "claim__statement", "claim__value", "claim__unit",
                            "start_offset", "end_offset"))
    for candidate in found:
        for row in recorded:
            inside = row["start_offset"] <= candidate.figure_start and candidate.figure_end <= row["end_offset"]
            if inside and row["claim__value"] == candidate.value and row["claim__unit"] == candidate.unit:
                candidate.recorded = {"id": row["claim_id"], "slug": row["claim__slug"],
                                      "statement": row["claim__statement"]}
                break
