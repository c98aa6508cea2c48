"""The page cache's bookkeeping: the generation, pending invalidations, tag versions and purge targets.

The tables keep the names they were created with in the reader app (reader_*): the models moved here
with state-only migrations, and the commit trigger (reader/migrations/0003) writes them by name.
"""
from django.db import models


class PageGeneration(models.Model):
    """One row whose value the database itself advances when a transaction that changed what readers
    see commits (a deferred constraint trigger on PendingInvalidation), in that same commit."""

    value = models.BigIntegerField(default=0)

    class Meta:
        db_table = "reader_pagegeneration"


class PendingInvalidation(models.Model):
    """A change readers could see, recorded inside its transaction; consumed by the trigger at commit."""

    # What changed; "all" (the default, and what a bare bump() records) invalidates every answer.
    tag = models.TextField(db_default="all")

    class Meta:
        db_table = "reader_pendinginvalidation"


class TagVersion(models.Model):
    """The generation at which something readers see (a tag like ``claim:12``) last changed.

    Written only by the commit trigger (reader/migrations/0003): a cached answer rendered at generation
    G and showing tags T is current while no tag of T has a version above G.
    """

    tag = models.TextField(primary_key=True)
    version = models.BigIntegerField(db_index=True)

    class Meta:
        db_table = "reader_tagversion"


class PurgeTarget(models.Model):
    """A shared cache (Varnish, a CDN) that is sent purges, and how far its purges have got.

    Every tag whose version is above ``purged_through`` still has to be purged there: a purge that
    fails leaves it where it was, so the next attempt (the next publication, or ``send_purges``) sends
    it again; nothing is lost by a cache that was down.
    """

    url = models.TextField(unique=True)
    purged_through = models.BigIntegerField(default=0)
    failures = models.PositiveIntegerField(default=0, help_text="Failed attempts since the last success.")
    last_error = models.TextField(blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "reader_purgetarget"

    def __str__(self):
        return self.url
