"""The page cache's generation: readers' cached pages are valid for one generation of the data."""
from django.db import models


class PageGeneration(models.Model):
    """One row whose value the database itself advances when a transaction that changed what readers
    see commits (a deferred constraint trigger on PendingInvalidation), in that same commit."""

    value = models.BigIntegerField(default=0)

    class Meta:
        db_table = "reader_pagegeneration"


class PendingInvalidation(models.Model):
    """A change readers could see, recorded inside its transaction; consumed by the trigger at commit."""

    class Meta:
        db_table = "reader_pendinginvalidation"
