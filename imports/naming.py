"""Find known entities (by name or alias, in any script) and propose the metric a figure fits."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from claims import figures
from imports import proposing

_STEM_SUFFIXES = ("ings", "ing", "ies", "es", "ed", "s")
_STOPWORDS = {"the", "a", "an", "of", "in", "on", "to", "and", "or", "by", "for", "from", "with", "that", "this",
              "is", "was", "were", "are", "be", "it", "its", "as", "at", "per", "one", "two", "over", "their"}


@dataclass(frozen=True)
class KnownEntity:
    entity_id: int
    name: str  # the entity's name or one of its aliases
    canonical_name: str
    kind: str


@dataclass(frozen=True)
class KnownMetric:
    metric_id: int
    name: str
    description: str
    canonical_unit: str
    dimension: str
    subject_kinds: frozenset[str] = frozenset()  # kinds of entity its existing claims are about


# A Chinese character is a word of its own (Chinese writes no spaces), so "根据瑷珲条约" holds "瑷珲条约".
HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_WORD = re.compile(rf"[{HAN}]|[^\W{HAN}]+(?:['’][^\W{HAN}]+)*")


class EntityMatcher:
    """Find known entities by name or alias, word by word, longest name first.

    Names are looked up as runs of words in a dictionary, so matching costs the same with fifty
    names or a hundred thousand. Names of three letters or fewer ("Xi") must match case.
    """

    def __init__(self, known: list[KnownEntity]):
        self.by_words: dict[str, KnownEntity] = {}
        self.exact: dict[str, KnownEntity] = {}
        self.longest = 1
        for entity in known:
            words = [name_word(w) for w in _WORD.findall(_fold(entity.name))]
            if not words:
                continue
            self.longest = max(self.longest, len(words))
            key = " ".join(words)
            if len(key) <= 3:
                self.exact.setdefault(key, entity)
            else:
                self.by_words.setdefault(key.lower(), entity)

    def find(self, text: str) -> tuple[list[KnownEntity], list[tuple[int, int]]]:
        """Return the entities named in ``text``, first mention first, and where the names are."""
        words = list(_WORD.finditer(_fold(text)))
        found, seen, spans, i = [], set(), [], 0
        while i < len(words):
            for size in range(min(self.longest, len(words) - i), 0, -1):
                key = " ".join(name_word(w.group()) for w in words[i:i + size])
                entity = self.exact.get(key) if len(key) <= 3 else self.by_words.get(key.lower())
                if entity is not None:
                    spans.append((words[i].start(), words[i + size - 1].end()))
                    if entity.entity_id not in seen:
                        seen.add(entity.entity_id)
                        found.append(entity)
                    i += size
                    break
            else:
                i += 1
        return found, spans


@functools.lru_cache(maxsize=65536)
def name_word(word: str) -> str:
    """Return a word as names are matched: a Russian word by its stem, so every case of a name matches."""
    if len(word) > 3 and re.search("[а-яё]", word, re.IGNORECASE):
        stem = _russian_stemmer().stemWord(word.lower())
        return stem if word[:1].islower() else stem[:1].upper() + stem[1:]
    return word


@functools.cache
def _russian_stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("russian")


@functools.lru_cache(maxsize=4)
def matcher_for(entities: tuple[KnownEntity, ...]) -> EntityMatcher:
    """Index the names once per set of known entities."""
    return EntityMatcher(list(entities))


def _fold(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'")


def _stem(word: str) -> str:
    word = word.lower()
    for suffix in _STEM_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _words(text: str) -> set[str]:
    return {_stem(w) for w in re.findall(r"[A-Za-z]+", text) if w.lower() not in _STOPWORDS}


def propose_metric(figure: figures.Figure, sentence: str, metrics: list[KnownMetric],
                   before: str = "") -> KnownMetric | None:
    """Propose the metric whose unit fits the figure and whose name and description the wording echoes.

    Nothing is proposed when the wording does not single one out.
    """
    try:
        dimension = figures.dimension_of(figure.unit)
    except figures.FigureError:
        return None
    fitting = [m for m in metrics if m.dimension == dimension
               and proposing.counted_thing_fits(figure, f"{m.name} {m.description}", before)]
    words = _words(sentence) | _words(figure.noun)
    scored = sorted(((len(words & _words(f"{m.name} {m.description}")), m) for m in fitting),
                    key=lambda pair: -pair[0])
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]
