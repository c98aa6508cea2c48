"""A candidate as an import proposed it, kept as JSON and read back, so the import can be taken up again.

What the extraction found is kept (the text, figure, entities, metric, period, claimant, type and
score); what depends on the claims recorded since (the claims it repeats, whether its quote is
recorded) is looked up again each time the candidates are shown.
"""
from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from imports.attribution import Attribution
from imports.candidates import Candidate

_LIVE = ("matches", "recorded")  # filled in against the database each time, never kept


def to_data(candidate: Candidate) -> dict:
    """Return the candidate's extracted fields as JSON-ready values (decimals and dates as text)."""
    data = {}
    for item in dataclasses.fields(Candidate):
        if item.name in _LIVE:
            continue
        value = getattr(candidate, item.name)
        if isinstance(value, Decimal):
            value = format(value, "f")
        elif isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, Attribution):
            value = dataclasses.asdict(value)
        elif isinstance(value, tuple):
            value = list(value)
        elif item.name == "entities":
            value = [list(pair) for pair in value]
        data[item.name] = value
    return data


def from_data(data: dict) -> Candidate:
    """Rebuild a candidate from ``to_data``'s answer."""
    known = {item.name for item in dataclasses.fields(Candidate)} - set(_LIVE)
    fields = {name: value for name, value in data.items() if name in known}
    for name in ("value", "total"):
        if fields.get(name) is not None:
            fields[name] = Decimal(fields[name])
    for name in ("period_start", "period_end"):
        if fields.get(name):
            fields[name] = date.fromisoformat(fields[name])
    fields["entities"] = [tuple(pair) for pair in fields.get("entities") or []]
    if fields.get("metric"):
        fields["metric"] = tuple(fields["metric"])
    if fields.get("claimant"):
        fields["claimant"] = Attribution(**fields["claimant"])
    return Candidate(**fields)
