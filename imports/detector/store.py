"""The detector in use, and retraining it from the shipped corpus plus the desk's decisions."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django.db import connection, transaction

from imports.detector import model

_loaded: dict[tuple, model.Detector] = {}


def active() -> model.Detector:
    """Return the detector in use: the active retrained version, else the one from the shipped corpus."""
    from imports.models import DetectorVersion

    row = DetectorVersion.objects.filter(active=True).values_list("pk", "version").first()
    if row is None:
        return model.base()
    key = (connection.settings_dict["NAME"], *row)
    if key not in _loaded:
        data = DetectorVersion.objects.values_list("model", flat=True).get(pk=row[0])
        _loaded.clear()
        _loaded[key] = model.Detector.loads(bytes(data), row[1])
    return _loaded[key]


def desk_examples() -> list[model.Example]:
    """Return every sentence the desk accepted (a claim) or declined (not one) a candidate of.

    A sentence with one figure accepted and another declined is a claim: the desk found one in it.
    """
    from imports import candidates
    from imports.models import CandidateDecision
    from sources.models import Snapshot

    decisions = list(CandidateDecision.objects.values_list("snapshot_id", "key", "accepted"))
    texts = dict(Snapshot.objects.filter(pk__in={d[0] for d in decisions}).values_list("pk", "text"))
    spans = {pk: candidates.sentences(text) for pk, text in texts.items()}
    labels: dict[str, int] = {}
    for snapshot_id, key, accepted in decisions:
        sentence = _sentence_of(key, texts[snapshot_id], spans[snapshot_id])
        if sentence:
            labels[sentence] = max(labels.get(sentence, 0), int(accepted))
    return [model.Example(sentence, label, "" if label else "declined by the desk", origin="desk")
            for sentence, label in sorted(labels.items())]


def _sentence_of(key: str, text: str, spans: list[tuple[int, int]]) -> str:
    """Return the sentence a candidate's key points into ("s120-180" a sentence, "130-137" a figure)."""
    found = re.fullmatch(r"s?(\d+)-(\d+)", key)
    if not found:
        return ""
    start = int(found[1])
    return next((text[s:e] for s, e in spans if s <= start < e), "")


@dataclass
class Retraining:
    version: str
    desk_examples: int
    before: dict
    after: dict
    replaced: str
    kept: bool


def retrain(*, dry_run: bool = False) -> Retraining:
    """Train a new model from the corpus and the desk's decisions; keep it only if it measures better.

    Both models are measured on the same held-out part (the corpus's held-out templates and a fixed
    share of the desk's sentences), which neither was trained on.
    """
    examples = model.corpus() + desk_examples()
    training = [e for e in examples if not e.held_out]
    held_out = [e for e in examples if e.held_out]
    current = active()
    digest = hashlib.sha256("\n".join(f"{e.label}\t{e.sentence}" for e in training).encode()).hexdigest()[:10]
    desk = sum(e.origin == "desk" for e in examples)
    candidate = model.train(training, f"desk-{desk}-{digest}")
    before, after = model.measure(current, held_out), model.measure(candidate, held_out)
    kept = after["f1"] > before["f1"] and candidate.version != current.version
    if kept and not dry_run:
        _store(candidate, current.version, desk, before, after)
    return Retraining(candidate.version, desk, before, after, current.version, kept and not dry_run)


@transaction.atomic
def _store(detector: model.Detector, replaced: str, desk: int, before: dict, after: dict) -> None:
    from imports.models import DetectorVersion

    DetectorVersion.objects.select_for_update().filter(active=True).update(active=False)
    DetectorVersion.objects.update_or_create(version=detector.version, defaults={
        "corpus": model.corpus_digest(), "desk_examples": desk, "replaced": replaced,
        "f1_before": before["f1"], "precision": after["precision"], "recall": after["recall"],
        "f1": after["f1"], "model": detector.dumps(), "active": True})
