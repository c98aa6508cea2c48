"""What figures measure, and the unit they are compared in."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from claims import figures
from sources.models import unique_slug


class Metric(models.Model):
    """What a figure measures, and how figures for it combine."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    description = models.TextField(blank=True)
    canonical_unit = models.CharField(
        max_length=30, help_text="Figures are compared in this unit, e.g. km², count, m³/yr, year."
    )
    dimension = models.CharField(max_length=40, editable=False)
    additive = models.BooleanField(
        default=False, help_text="Parts add up: the figures for two territories sum to the figure for both."
    )
    cumulative = models.BooleanField(
        default=False, help_text='Only grows over time ("met over 40 times since 2012").'
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="metric_name_unique_ci")]

    def __str__(self):
        return f"{self.name} ({self.canonical_unit})"

    def clean(self):
        try:
            self.canonical_unit = figures.normalise_unit(self.canonical_unit)
        except figures.FigureError as exc:
            raise ValidationError({"canonical_unit": str(exc)}) from exc

    def save(self, *args, **kwargs):
        self.canonical_unit = figures.normalise_unit(self.canonical_unit)
        self.dimension = figures.dimension_of(self.canonical_unit)
        if not self.slug:
            self.slug = unique_slug(Metric, self.name, instance_pk=self.pk)
        super().save(*args, **kwargs)
