"""Back to an import: a source's page and its capture's page link to the capture's candidates."""
import pytest
from django.urls import reverse

from claims.roles import EDITOR
from sources.models import Snapshot
from tests.conftest import team_article
from tests.factories import user_with_role
from tests.imports.test_imports import LEDGER

pytestmark = pytest.mark.django_db


def test_source_and_snapshot_pages_link_to_the_candidates(client):
    client.force_login(user_with_role(EDITOR))
    client.post("/admin/imports/importjob/add/", {"text": team_article(LEDGER), "title": "Amur, pasted"})
    snapshot = Snapshot.objects.get(source__title="Amur, pasted")
    review = reverse("admin:imports_review", args=[snapshot.pk])
    link = f'<a class="snapshot-candidates" href="{review}">Review its candidates</a>'
    source_page = client.get(reverse("admin:sources_source_change", args=[snapshot.source_id])).content.decode()
    assert link in source_page
    assert link in client.get(reverse("admin:sources_snapshot_change", args=[snapshot.pk])).content.decode()
    assert link in client.get(reverse("admin:sources_snapshot_changelist")).content.decode()
    assert client.get(review).status_code == 200
