"""Values rows that answer like the model instances the reader's shared code and templates read.

A detail page read through compiled queries (project.prepared) gets dicts; the code that lays out a
conflict's sides, chart and wording (claims.conflicts, reader.charts, the claim's figure properties)
and the templates read attributes. These classes give a row those attributes, borrowing the models'
own properties and labels, so the wording stays the models' and no model instance is made (nor
tagged: a page read this way records its tags itself).
"""
from __future__ import annotations

from claims.models import Claim, Conflict, ConflictMember
from sources.models import Source


class Row:
    """A values row read by attribute (``row.title``)."""

    def __init__(self, fields: dict):
        self.__dict__.update(fields)

    @property
    def pk(self):
        return self.id


class Related(list):
    """Rows standing in for a prefetched relation (``.all()``)."""

    def all(self) -> list:
        return self


def _labels(model, name: str) -> dict:
    return dict(model._meta.get_field(name).flatchoices)


def _label(labels: dict, value) -> str:
    return str(labels.get(value, value))  # as the model's get_FOO_display: the value when it has no label


class ClaimRow(Row):
    """A claim's columns, worded by the claim's own properties (``metric`` a row with ``canonical_unit``)."""

    _VERDICTS = _labels(Claim, "verdict")
    has_figure = Claim.has_figure
    stated_figure = Claim.stated_figure
    canonical_interval = Claim.canonical_interval
    canonical_figure = Claim.canonical_figure

    def get_verdict_display(self) -> str:
        return _label(self._VERDICTS, self.verdict)


class ConflictRow(Row):
    """A conflict's columns with its status and kind as readers read them."""

    _STATUSES, _KINDS = _labels(Conflict, "status"), _labels(Conflict, "kind")

    def get_status_display(self) -> str:
        return _label(self._STATUSES, self.status)

    def get_kind_display(self) -> str:
        return _label(self._KINDS, self.kind)


class MemberRow(Row):
    """A conflict membership with its rank as readers read it (``claim`` a ClaimRow)."""

    Rank = ConflictMember.Rank
    _RANKS = _labels(ConflictMember, "rank")
    side = None  # numbered by claims.conflicts.conflict_sides

    def get_rank_display(self) -> str:
        return _label(self._RANKS, self.rank)


class SourceRow(Row):
    """A source's columns with its language as readers read it (``publisher`` a row or None)."""

    _LANGUAGES = _labels(Source, "language")

    def get_language_display(self) -> str:
        return _label(self._LANGUAGES, self.language)


def split(row: dict, prefix: str) -> dict:
    """Return the columns under ``prefix`` (``claim__slug`` as ``slug``)."""
    cut = len(prefix)
    return {name[cut:]: value for name, value in row.items() if name.startswith(prefix)}
