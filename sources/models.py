"""Publishers, sources and immutable text snapshots. Knows nothing of claims."""
import hashlib

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from project.locale import CONTENT_LANGUAGES


def unique_slug(model, text: str, *, instance_pk=None, max_length: int = 80) -> str:
    """Return a slug for ``text`` that no other row of ``model`` uses."""
    base = slugify(text)[:max_length].strip("-") or model._meta.model_name
    slug, n = base, 2
    others = model._default_manager.exclude(pk=instance_pk) if instance_pk else model._default_manager.all()
    while others.filter(slug=slug).exists():
        suffix = f"-{n}"
        slug, n = base[: max_length - len(suffix)] + suffix, n + 1
    return slug


class Publisher(models.Model):
    class Kind(models.TextChoices):
        NEWS = "news", "News outlet"
        AGGREGATOR = "aggregator", "Aggregator"
        BLOG = "blog", "Blog"
        THINK_TANK = "think_tank", "Think tank"
        REFERENCE = "reference", "Reference work"
        GOVERNMENT = "government", "Government"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    homepage = models.URLField(blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NEWS)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="publisher_name_unique_ci")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = self.name.strip()
        if not self.slug:
            self.slug = unique_slug(Publisher, self.name, instance_pk=self.pk)
        super().save(*args, **kwargs)


class SourceQuerySet(models.QuerySet):
    def for_admin(self):
        """Fetch what the admin changelist shows in one query."""
        return self.select_related("publisher", "original")


class Source(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", "News article"
        OPINION = "opinion", "Opinion / commentary"
        REPOST = "repost", "Repost or syndicated copy"
        REPORT = "report", "Report"
        REFERENCE = "reference", "Reference page"
        STATEMENT = "statement", "Official statement"
        OTHER = "other", "Other"

    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    url = models.URLField(max_length=2000, blank=True, help_text="Leave empty when the address is not confirmed.")
    publisher = models.ForeignKey(
        Publisher, on_delete=models.PROTECT, null=True, blank=True, related_name="sources",
        help_text="Leave empty when the outlet is not confirmed.",
    )
    authors = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ARTICLE)
    language = models.CharField(
        max_length=16, blank=True, default="", db_default="", choices=CONTENT_LANGUAGES,
        help_text="The language the source is written in (the importer guesses it from the text).")
    published_on = models.DateField(null=True, blank=True)
    updated_at_source = models.DateTimeField(
        null=True, blank=True, verbose_name="updated (as the source says)"
    )
    date_note = models.CharField(
        max_length=300, blank=True, help_text="What is known of the date when it is not confirmed."
    )
    retrieved_at = models.DateTimeField(null=True, blank=True)
    archive_url = models.URLField(max_length=2000, blank=True)
    original = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="copies",
        help_text="For a repost or syndicated copy: the source it copies.",
    )
    notes = models.TextField(blank=True, help_text="Editors' notes, not shown to readers.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "title"]
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="source_url_unique_when_present"),
            models.CheckConstraint(condition=~Q(original=models.F("id")), name="source_not_its_own_original"),
            models.CheckConstraint(condition=~Q(title=""), name="source_title_not_empty"),
        ]
        indexes = [models.Index(fields=["published_on"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title = " ".join(self.title.split())
        self.url = self.url.strip()
        self.authors = [a.strip() for a in self.authors if a and a.strip()]
        if not self.slug:
            self.slug = unique_slug(Source, self.title, instance_pk=self.pk)
        super().save(*args, **kwargs)

    @property
    def is_repost(self) -> bool:
        return self.original_id is not None

    @property
    def origin(self) -> "Source":
        """Return the source this one ultimately copies (itself when it is an original)."""
        source, seen = self, set()
        while source.original_id is not None and source.pk not in seen:
            seen.add(source.pk)
            source = source.original
        return source


class SnapshotImmutable(Exception):
    """A snapshot was changed after capture; capture a new one instead."""


def text_sha256(text: str) -> str:
    """Return the hex SHA-256 of ``text`` encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class SnapshotStatus(models.TextChoices):
    APPROVED = "approved", "Approved"
    # A new capture of a source readers see: it replaces the text they read only once an editor approves.
    PENDING = "pending", "Waiting for an editor"
    REJECTED = "rejected", "Rejected"


class Snapshot(models.Model):
    """An immutable capture of a source's text; quotes are anchored to it.

    The text never changes; only the review of a pending capture does (``status``, ``reviewed_by``).
    """

    Status = SnapshotStatus

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="snapshots")
    text = models.TextField(help_text="The article text quotes are anchored to.")
    raw = models.TextField(blank=True, help_text="The input as received (HTML or pasted text), before extraction.")
    media_type = models.CharField(max_length=100, blank=True, help_text="text/html or text/plain.")
    fetched_url = models.URLField(max_length=2000, blank=True, help_text="Where it was fetched, after redirects.")
    sha256 = models.CharField(max_length=64, editable=False)
    captured_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=SnapshotStatus.choices, default=SnapshotStatus.APPROVED,
                              editable=False)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", editable=False)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", editable=False)
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-captured_at"]
        get_latest_by = "captured_at"
        constraints = [
            models.UniqueConstraint(fields=["source", "sha256"], name="snapshot_unique_text_per_source"),
            models.CheckConstraint(condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="snapshot_sha256_is_hex_digest"),
            models.CheckConstraint(condition=~Q(text=""), name="snapshot_text_not_empty"),
        ]

    def __str__(self):
        return f"{self.source} @ {self.captured_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise SnapshotImmutable(f"snapshot {self.pk} is immutable; capture a new snapshot instead")
        self.sha256 = text_sha256(self.text)
        super().save(*args, **kwargs)

