"""The learned check-worthiness score: TF-IDF of words and characters, logistic regression.

Trained from the corpus the team wrote (``imports/detector/corpus/``) plus, once a newsroom
retrains it, its desk's accept/decline decisions. Nothing is downloaded: the shipped corpus is
trained into a model on first use (a few seconds) and cached on disk under a name that says which
corpus and which scikit-learn made it; a retrained model is stored by ``train_detector``.
"""
from __future__ import annotations

import csv
import functools
import hashlib
import io
import pickle
import re
from dataclasses import dataclass
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
CORPUS_FILES = ("generated.tsv", "spoken.tsv", "handwritten.tsv", "written.tsv")
HELD_OUT_SHARE = 0.2
THRESHOLD = 0.5  # a sentence scoring this much is a claim


@dataclass(frozen=True)
class Example:
    sentence: str
    label: int  # 1: a checkable factual claim; 0: not
    why: str = ""  # for a negative: what it is instead (opinion, prediction, furniture…)
    origin: str = "corpus"  # "corpus" or "desk"
    group: str = ""  # sentences written from one template share it, and are held out together

    @property
    def held_out(self) -> bool:
        """Say whether this example belongs to the held-out part (fixed by its wording, never by chance)."""
        return held_out_group(self.group or self.sentence.strip().lower())


def held_out_group(group: str) -> bool:
    """Say whether a template (or a sentence) is held out; a compound goes with its first part."""
    group = group.removeprefix("compound:").split("+")[0]
    return hashlib.sha256(group.encode("utf-8")).digest()[0] < 256 * HELD_OUT_SHARE


def normalise(text: str) -> str:
    """Fold case and digits so "$1.5 trillion" and "$7 billion" look alike to the model."""
    return re.sub(r"\d", "0", text.lower().replace("’", "'"))


def corpus(directory: Path = CORPUS_DIR) -> list[Example]:
    """Read the shipped corpus: TSV files of label, kind, genre, why, template (optional), sentence."""
    examples = []
    for name in CORPUS_FILES:
        path = directory / name
        if not path.exists():
            continue
        for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")), delimiter="\t",
                                  quoting=csv.QUOTE_NONE):
            examples.append(Example(row["sentence"], int(row["label"]), row["why"],
                                    group=row.get("template") or ""))
    return examples


def corpus_digest(directory: Path = CORPUS_DIR) -> str:
    """Return a short hash of the shipped corpus files: the base model's version."""
    digest = hashlib.sha256()
    for name in CORPUS_FILES:
        path = directory / name
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


class Detector:
    """A trained model with its version; scores sentences 0 to 1 for "a checkable factual claim"."""

    def __init__(self, pipeline, version: str):
        self.pipeline, self.version = pipeline, version

    def scores(self, sentences: list[str]) -> list[float]:
        if not sentences:
            return []
        return [float(p) for p in self.pipeline.predict_proba(sentences)[:, 1]]

    def score(self, sentence: str) -> float:
        return self.scores([sentence])[0]

    def dumps(self) -> bytes:
        return pickle.dumps(self.pipeline, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def loads(cls, data: bytes, version: str) -> Detector:
        return cls(pickle.loads(data), version)  # noqa: S301 - only models this project trained and stored


def train(examples: list[Example], version: str) -> Detector:
    """Fit the model on ``examples`` (deterministic: the same examples give the same model)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    features = make_union(
        TfidfVectorizer(preprocessor=normalise, ngram_range=(1, 2), sublinear_tf=True, min_df=2),
        TfidfVectorizer(preprocessor=normalise, analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                        min_df=3, max_features=60000),
    )
    pipeline = make_pipeline(features, LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced"))
    pipeline.fit([e.sentence for e in examples], [e.label for e in examples])
    return Detector(pipeline, version)


def measure(detector: Detector, examples: list[Example], threshold: float = THRESHOLD) -> dict:
    """Return precision, recall and F1 of the claim class on ``examples``."""
    scores = detector.scores([e.sentence for e in examples])
    hits = sum(1 for s, e in zip(scores, examples) if s >= threshold and e.label)
    proposed = sum(1 for s in scores if s >= threshold)
    claims = sum(e.label for e in examples)
    precision = hits / proposed if proposed else 0.0
    recall = hits / claims if claims else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
            "sentences": len(examples), "claims": claims}


def _cache_path(version: str) -> Path:
    import sklearn
    from django.conf import settings

    return Path(settings.CROSSCHECK_DETECTOR_CACHE) / f"detector-{version}-sklearn{sklearn.__version__}.pickle"


@functools.lru_cache(maxsize=1)
def base() -> Detector:
    """Return the model trained from the shipped corpus's training part, cached on disk after the first fit."""
    version = f"corpus-{corpus_digest()}"
    path = _cache_path(version)
    if path.exists():
        try:
            return Detector.loads(path.read_bytes(), version)
        except Exception:  # noqa: BLE001 - a stale or torn cache file is rebuilt, never trusted
            path.unlink(missing_ok=True)
    detector = train([e for e in corpus() if not e.held_out], version)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_bytes(detector.dumps())
    partial.replace(path)  # atomic: a parallel test process never reads half a file
    return detector
