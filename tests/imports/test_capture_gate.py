"""A new capture of a source readers see is a pending change an editor approves.

Before: a contributor importing a file "into" a published source swapped the text on the source
page, and every published claim citing it told readers its quote was "no longer in its latest
version"; no editor saw it.
"""
import pytest
from django.test import Client
from django.urls import reverse

from claims.errors import ServiceError
from claims.models import AnchorStatus, Appearance
from claims.roles import CONTRIBUTOR, EDITOR
from imports import capture, services
from sources.models import Snapshot, SnapshotStatus
from tests.conftest import team_article
from tests.factories import user_with_role
from tests.imports.articles import LEDGER, LEDGER_EDITED

pytestmark = pytest.mark.django_db
REMOVED = "Since 1949, China has settled 17 of its 23 territorial disputes"


def anchors(source):
    return sorted(Appearance.objects.filter(source=source).values_list("pk", "anchor", "snapshot_id",
                                                                           "start_offset"))


def page(source) -> bytes:
    return Client().get(reverse("source-detail", args=[source.slug])).content


def test_contributors_capture_of_a_public_source_waits_and_changes_nothing_readers_see(ledger):
    first = services.import_captured(capture.from_text(team_article(LEDGER)), source=ledger)
    before_anchors, before_page = anchors(ledger), page(ledger)
    contributor = user_with_role(CONTRIBUTOR)

    result = services.import_captured(capture.from_text(team_article(LEDGER_EDITED)), source=ledger,
                                      user=contributor)
    assert result.snapshot.status == SnapshotStatus.PENDING and "waiting for an editor" in result.outcome
    assert anchors(ledger) == before_anchors and page(ledger) == before_page
    assert not Appearance.objects.filter(source=ledger, anchor=AnchorStatus.MISSING).exists()

    with pytest.raises(ServiceError) as refused:
        services.snapshot_review(snapshot=result.snapshot, user=contributor, approve=True)
    assert refused.value.code == "permission"
    editor = user_with_role(EDITOR)
    counts = services.snapshot_review(snapshot=result.snapshot, user=editor, approve=True)
    assert counts[AnchorStatus.MISSING] == 1
    assert Appearance.objects.get(source=ledger, quote=REMOVED).anchor == AnchorStatus.MISSING
    assert page(ledger) != before_page and first.snapshot.pk != result.snapshot.pk


def test_editors_cannot_approve_their_own_capture_and_rejected_ones_change_nothing(ledger):
    services.import_captured(capture.from_text(team_article(LEDGER)), source=ledger)
    before = anchors(ledger), page(ledger)
    editor = user_with_role(EDITOR)
    contributor = user_with_role(CONTRIBUTOR)
    pending = services.import_captured(capture.from_text(team_article(LEDGER_EDITED)), source=ledger,
                                       user=contributor).snapshot
    services.snapshot_review(snapshot=pending, user=editor, approve=False)
    assert Snapshot.objects.get(pk=pending.pk).status == SnapshotStatus.REJECTED
    assert (anchors(ledger), page(ledger)) == before
    with pytest.raises(ServiceError):
        services.snapshot_review(snapshot=pending, user=user_with_role(EDITOR), approve=True)


def test_an_editors_own_capture_applies_at_once(ledger):
    services.import_captured(capture.from_text(team_article(LEDGER)), source=ledger)
    result = services.import_captured(capture.from_text(team_article(LEDGER_EDITED)), source=ledger,
                                      user=user_with_role(EDITOR))
    assert result.snapshot.status == SnapshotStatus.APPROVED and result.anchors[AnchorStatus.MISSING] == 1


def test_the_admin_approves_pending_captures_and_never_adds_or_edits_one(client, ledger):
    services.import_captured(capture.from_text(team_article(LEDGER)), source=ledger)
    pending = services.import_captured(capture.from_text(team_article(LEDGER_EDITED)), source=ledger,
                                       user=user_with_role(CONTRIBUTOR)).snapshot
    client.force_login(user_with_role(EDITOR))
    assert client.get(reverse("admin:sources_snapshot_add")).status_code == 403
    response = client.post(reverse("admin:sources_snapshot_changelist"),
                           {"action": "approve_captures", "_selected_action": [pending.pk]})
    assert response.status_code == 302
    assert Snapshot.objects.get(pk=pending.pk).status == SnapshotStatus.APPROVED
    assert Appearance.objects.get(source=ledger, quote=REMOVED).anchor == AnchorStatus.MISSING
