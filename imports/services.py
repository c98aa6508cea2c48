"""Import an article: capture it as a snapshot, re-anchor known quotes, propose and accept candidates.

Admin, command line and background jobs all call these, so the rules live in one place.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from claims import conflicts, figures
from claims.errors import ServiceError
from claims.models import AnchorStatus, Claim, ClaimStatus, Entity, EntityAlias, Metric
from claims.selectors import is_public_reference, live_evidence
from claims.services import appearance_add, claim_create, reference_save
from claims.services.permissions import IMPORT_ARTICLES, REVIEW, may, require
from imports import candidates, capture, proposing
from imports.capture import Captured, CaptureError
from imports.detector import store
from imports.models import CandidateDecision
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
                    source: Source | None = None, user=None, propose: bool = True) -> ImportResult:
    """Store ``captured`` as a snapshot of its source (found by URL, given, or new), idempotently.

    The same content again changes nothing; changed content becomes a new snapshot of the same
    source and every appearance of that source is re-anchored on it.
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
    # published claims, and readers would read words nobody reviewed.
    pending = not source_created and not may(user, REVIEW) and is_public_reference(source)
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
    _match_existing(found)
    _mark_recorded(found, snapshot)
    return found


def candidate_keys(candidate: candidates.Candidate, metric: Metric, subject_ids) -> tuple[str, figures.Interval]:
    """Return the comparison key and canonical interval a claim made from ``candidate`` would have."""
    _family, key = conflicts.comparison_keys(
        metric_id=metric.pk, cumulative=metric.cumulative, period_start=candidate.period_start,
        period_end=candidate.period_end, subject_ids=set(subject_ids), has_figure=True,
    )
    return key, candidate.figure.interval_in(metric.canonical_unit)


def _match_existing(found: list[candidates.Candidate]) -> None:
    """Attach to each candidate the live claims with its comparison key whose figures overlap (one query)."""
    metrics = {m.pk: m for m in Metric.objects.filter(pk__in={c.metric[0] for c in found if c.metric})}
    wanted = {}
    for candidate in found:
        if not candidate.metric:
            continue
        try:
            wanted[candidate.key] = candidate_keys(candidate, metrics[candidate.metric[0]],
                                                   [i for i, _ in candidate.entities])
        except figures.FigureError:
            continue
    if not wanted:
        return
    rows = list(Claim.objects.live().filter(comparison_key__in={k for k, _ in wanted.values()})
                .values("pk", "slug", "statement", "figure_text", "status", "verdict", "comparison_key",
                        "canonical_value",
                        "canonical_lower", "canonical_upper"))
    for candidate in found:
        if candidate.key not in wanted:
            continue
        key, interval = wanted[candidate.key]
        value = (interval.lower if interval.upper is None else interval.upper if interval.lower is None
                 else (interval.lower + interval.upper) / 2)
        overlapping = [r for r in rows if r["comparison_key"] == key and _overlaps(r, interval)]
        overlapping.sort(key=lambda r: abs((r["canonical_value"] or 0) - value))
        candidate.matches = [
            {"id": r["pk"], "slug": r["slug"], "statement": r["statement"], "figure": r["figure_text"],
             "status": r["status"], "verdict": r["verdict"]} for r in overlapping
        ]
        for match in candidate.matches:
            match["label"] = proposing.choice_label(match)


def _overlaps(row, interval: figures.Interval) -> bool:
    lower = row["canonical_lower"] if row["canonical_lower"] is not None else float("-inf")
    upper = row["canonical_upper"] if row["canonical_upper"] is not None else float("inf")
    other_lower = interval.lower if interval.lower is not None else float("-inf")
    other_upper = interval.upper if interval.upper is not None else float("inf")
    return lower <= other_upper and other_lower <= upper


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


# --- Accepting candidates --------------------------------------------------------------------------

@dataclass
class Choice:
    """An editor's decision on one candidate: a new draft claim, or an appearance of an existing claim."""

    candidate: candidates.Candidate
    statement: str = ""
    figure_text: str = ""
    metric: Metric | None = None
    subjects: list[Entity] = field(default_factory=list)
    period_label: str = ""
    attach_to: Claim | None = None
    claimant_name: str = ""  # matched to an entity by name or alias, or created as one of claimant_kind
    claimant_kind: str = Entity.Kind.PERSON
    claimant_role: str = ""


def claimant_for(*, name: str, kind: str, user) -> Entity | None:
    """Return the person or organisation named ``name`` (by name or alias), creating it when none matches.

    A name that belongs to an entity of another kind (a country, a place) is refused: the editor
    chooses another name rather than have a place made into a person.
    """
    name = " ".join(name.split())
    if not name:
        return None
    if kind not in (Entity.Kind.PERSON, Entity.Kind.ORGANISATION):
        raise ServiceError(f"A claimant is a person or an organisation, not “{kind}”.", code="invalid")
    existing = Entity.objects.matching(name).first()
    if existing is not None:
        if existing.kind not in (Entity.Kind.PERSON, Entity.Kind.ORGANISATION):
            raise ServiceError(f"“{name}” is recorded as a {existing.get_kind_display().lower()}, not a person or "
                               "organisation; name the claimant differently or leave it empty.", code="invalid")
        return existing
    return reference_save(instance=Entity(name=name, kind=kind), user=user)


def declined_keys(snapshot: Snapshot) -> set[str]:
    """Return the keys of this snapshot's candidates an editor declined."""
    return set(CandidateDecision.objects.filter(snapshot=snapshot, accepted=False).values_list("key", flat=True))


@transaction.atomic
def accept_candidates(*, snapshot: Snapshot, choices: list[Choice], user=None,
                      declined: Iterable[str] = ()) -> tuple[list[Claim], list[Claim]]:
    """Turn the chosen candidates into draft claims, or appearances of the claims they repeat.

    All or nothing: a figure that cannot be read refuses every choice (FigureError names it).
    Evidence for a published claim waits for an editor's approval (``services.appearance_add``).
    ``declined`` are the keys of the candidates the editor left unticked: remembered, so they are
    not offered ticked again. Returns the claims created and the existing claims given evidence.
    """
    _record_decisions(snapshot, {choice.candidate.key for choice in choices}, set(declined), user,
                      store.active().version)
    created, attached = [], []
    source = snapshot.source
    for choice in choices:
        candidate = choice.candidate
        claim = choice.attach_to
        if claim is None and candidate.recorded:
            continue  # accepted before (Accept pressed again): its quote is recorded already
        if claim is None:
            claimant = claimant_for(name=choice.claimant_name, kind=choice.claimant_kind, user=user)
            claim = claim_create(
                statement=choice.statement.strip() or candidate.quote, subjects=choice.subjects,
                metric=choice.metric, figure_text=choice.figure_text or candidate.figure_text,
                period_start=candidate.period_start, period_end=candidate.period_end,
                period_label=choice.period_label, status=ClaimStatus.DRAFT, created_by=user,
                claimant=claimant, claimant_role=choice.claimant_role if claimant else "",
            )
            created.append(claim)
        elif live_evidence().filter(claim=claim, source=source, quote=candidate.quote, replaces__isnull=True).exists():
            continue  # accepted twice: the appearance is there already
        else:
            attached.append(claim)
        worded = candidate.figure_text if candidate.figure_text != claim.figure_text else ""
        appearance_add(claim=claim, source=source, quote=candidate.quote, prefix=candidate.prefix,
                       suffix=candidate.suffix, figure_text=worded, snapshot=snapshot, user=user)
    return created, attached


def _record_decisions(snapshot: Snapshot, accepted: set[str], declined: set[str], user, version: str) -> None:
    """Remember each answer: the review page shows it, and train_detector learns from it."""
    for key, was_accepted in [(k, True) for k in accepted] + [(k, False) for k in declined - accepted]:
        CandidateDecision.objects.update_or_create(snapshot=snapshot, key=key, defaults={
            "accepted": was_accepted, "decided_by": user, "detector_version": version})
