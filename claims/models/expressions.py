"""Query expressions the models' querysets share."""
from __future__ import annotations

from django.db import models
from django.db.models.functions import Coalesce


def contains_pattern(text: str) -> str:
    """Return an ILIKE pattern matching ``text`` anywhere, its wildcards taken literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def count_of(queryset) -> models.Subquery:
    """Count a correlated queryset's rows as one scalar subquery: SELECT COUNT(id) … (no GROUP BY)."""
    counted = queryset.order_by().annotate(n=models.Func(models.F("pk"), function="COUNT")).values("n")
    return models.Subquery(counted, output_field=models.IntegerField())


def independent_sources(path: str = "") -> models.Count:
    """Count the independent origins a claim appears in (at ``path``): a repost counts as its original."""
    return models.Count(Coalesce(f"{path}appearances__source__original_id", f"{path}appearances__source_id"),
                        distinct=True)
