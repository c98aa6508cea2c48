"""The admin home's "Your work": each app registers its queues; the home counts those the signed-in role works.

Apps register in ``AppConfig.ready`` (claims, reader, imports), so the home needs no import of the
layers above this one. Each queue is one count query; a queue the role does not work is not counted.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Queue:
    key: str
    label: str  # what to do, as the home lists it: "Claims to review"
    url: Callable[[], str]
    count: Callable[[object], int]  # the queue's length for this user (one query)
    works_it: Callable[[object], bool]  # whether this user's role works the queue (no query once perms are cached)
    order: int = 100


_QUEUES: dict[str, Queue] = {}


def register(queue: Queue) -> None:
    """Add a queue to the home (registering a key again replaces it)."""
    _QUEUES[queue.key] = queue


def your_work(user) -> list[dict]:
    """Return the queues ``user`` works, in order, each with its label, length and link."""
    queues = sorted((q for q in _QUEUES.values() if q.works_it(user)), key=lambda q: (q.order, q.label))
    return [{"key": q.key, "label": q.label, "count": q.count(user), "url": q.url()} for q in queues]
