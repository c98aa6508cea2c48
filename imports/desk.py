"""Imports on the admin home ("Your work"): those with candidates still undecided, for those who import."""
from django.urls import reverse

from claims.services.permissions import IMPORT_ARTICLES
from imports.models import ImportJob
from project.desk import Queue, register


def register_queues() -> None:
    """Put the imports still to finish on the admin home, counted as the list's "Has undecided" filter counts."""
    register(Queue("imports_to_finish", "Imports with undecided candidates",
                   lambda: reverse("admin:imports_importjob_changelist") + "?undecided=yes",
                   lambda user: ImportJob.objects.unfinished().count(),
                   lambda user: user.has_perm(IMPORT_ARTICLES), order=25))
