"""Entities (places, treaties, people, organisations) and their other names."""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.urls import reverse
from simple_history.models import HistoricalRecords

from claims.models.expressions import contains_pattern
from project.locale import CONTENT_LANGUAGES, guess_language
from sources.models import unique_slug


class EntityQuerySet(models.QuerySet):
    def matching(self, name: str):
        """Filter entities whose name or any alias is ``name``, ignoring case."""
        name = " ".join(name.split())
        # A name waiting for an editor is nobody's name yet: it matches nothing.
        return self.filter(Q(name__iexact=name) | Q(aliases__name__iexact=name, aliases__status="approved")).distinct()

    def containing(self, text: str):
        """Filter entities whose name or any alias contains ``text``, ignoring case.

        Two single-table lookups joined by UNION, each answered by a trigram index where the server has
        pg_trgm (migration 0017); an OR across the alias join, as Django writes it, reads both tables.
        """
        pattern = contains_pattern(" ".join(text.split()))
        return self.filter(pk__in=RawSQL(
            "SELECT id FROM claims_entity WHERE name ILIKE %s UNION SELECT entity_id FROM claims_entityalias "
            "WHERE name ILIKE %s AND status = 'approved'", [pattern, pattern]))


class Entity(models.Model):
    class Kind(models.TextChoices):
        PLACE = "place", "Place"
        REGION = "region", "Region"
        COUNTRY = "country", "Country"
        TREATY = "treaty", "Treaty or agreement"
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        EVENT = "event", "Event"
        INFRASTRUCTURE = "infrastructure", "Infrastructure"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = EntityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entities"
        constraints = [models.UniqueConstraint(Lower("name"), name="entity_name_unique_ci")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("entity-detail", args=[self.slug])

    def save(self, *args, **kwargs):
        self.name = " ".join(self.name.split())
        if not self.slug:
            self.slug = unique_slug(Entity, self.name, instance_pk=self.pk)
        super().save(*args, **kwargs)


class EntityAlias(models.Model):
    """Another name for an entity ("Treaty of Beijing" for the Convention of Peking).

    A contributor's new name for an entity readers see waits for an editor (``services.alias_review``).
    """

    class Status(models.TextChoices):
        APPROVED = "approved", "Approved"
        PENDING = "pending", "Waiting for an editor"

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    note = models.CharField(max_length=200, blank=True, help_text='Where the name is used, e.g. "in China".')
    language = models.CharField(
        max_length=16, blank=True, default="", db_default="", choices=CONTENT_LANGUAGES,
        help_text="The language the name is written in; left empty, it is guessed from the letters.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.APPROVED, editable=False)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entity aliases"
        constraints = [models.UniqueConstraint(Lower("name"), name="entity_alias_unique_ci")]

    def __str__(self):
        return self.name

    def clean(self):
        self.name = " ".join(self.name.split())
        clash = Entity.objects.filter(name__iexact=self.name).exclude(pk=self.entity_id).first()
        if clash:
            raise ValidationError({"name": f'"{self.name}" is already the name of another entity, {clash}.'})

    def save(self, *args, **kwargs):
        self.name = " ".join(self.name.split())
        self.language = self.language or guess_language(self.name)
        super().save(*args, **kwargs)
