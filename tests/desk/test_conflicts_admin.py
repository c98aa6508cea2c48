"""The conflict desk in the admin: changelist, side-by-side figures, decisions, flagging."""
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from claims.models import Claim, Conflict, Entity
from claims.roles import CONTRIBUTOR, EDITOR
from claims.services import claim_create
from tests.factories import EntityFactory, MetricFactory, make_conflicting_claims, user_with_role

pytestmark = pytest.mark.django_db


def changelist_queries(client):
    cache.clear()  # the entity filter's ranking is shared for minutes: count the request that computes it
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("admin:claims_conflict_changelist"))
    assert response.status_code == 200
    return len(captured)


def test_conflict_changelist_query_count_is_constant(admin_client):
    make_conflicting_claims(1)
    one = changelist_queries(admin_client)
    make_conflicting_claims(19)
    assert Conflict.objects.count() == 20
    assert changelist_queries(admin_client) == one


def test_conflict_page_shows_figures_side_by_side(admin_client, seeded):
    conflict = Conflict.objects.get(kind="figures")
    content = admin_client.get(reverse("admin:claims_conflict_change", args=[conflict.pk])).content.decode()
    for text in ("over 900,000 km²", "250,000 sq mi", "approximately 150,000 sq mi", "Interval in km²",
                 "part of a sum", "634,547–660,447 km²", "258,999 km² (100,000 sq mi)", "×1.40",
                 "Resolve (rank the claims)"):
        assert text in content, text
    # The side numbers readers and the API give, on the desk too.
    sides = {m["claim"]: m["side"] for m in APIClient().get(f"/api/v1/conflicts/{conflict.pk}/").json()["members"]}
    shown = re.findall(r"<tr><td>(\d+)</td><td><strong>", content)
    assert sorted(int(n) for n in shown) == sorted(sides.values())


def test_claim_changelist_shows_and_filters_open_conflicts(admin_client, seeded):
    url = reverse("admin:claims_claim_changelist")
    response = admin_client.get(url, {"conflicts": "open"})
    assert response.context["cl"].result_count == 7  # 5 figures + 2 hand-flagged
    assert "⚠ 1 open" in response.content.decode()


def test_editor_resolves_a_conflict_in_the_admin(client, seeded):
    editor = user_with_role(EDITOR)
    client.force_login(editor)
    conflict = Conflict.objects.get(kind="figures")
    url = reverse("admin:claims_conflict_resolve", args=[conflict.pk])
    members = list(conflict.members.all())
    data = {"note": "Capek's per-treaty figures match standard references."}
    for member in members:
        data[f"rank_{member.claim_id}"] = "normal"
        data[f"reason_{member.claim_id}"] = ""
    response = client.post(url, data)
    assert "Mark at least one claim preferred" in response.content.decode()
    conflict.refresh_from_db()
    assert conflict.status == "open"

    data[f"rank_{members[0].claim_id}"] = "preferred"
    data[f"reason_{members[0].claim_id}"] = "Agrees with the treaty texts"
    response = client.post(url, data)
    assert response.status_code == 302
    conflict.refresh_from_db()
    assert conflict.status == "resolved" and conflict.decided_by == editor
    assert conflict.members.get(claim_id=members[0].claim_id).rank == "preferred"

    response = client.post(reverse("admin:claims_conflict_reopen", args=[conflict.pk]), {"note": "New evidence."})
    conflict.refresh_from_db()
    assert response.status_code == 302 and conflict.status == "open"


def test_editor_explains_a_conflict(client, seeded):
    client.force_login(user_with_role(EDITOR))
    conflict = Conflict.objects.get(kind="manual")
    response = client.post(reverse("admin:claims_conflict_explain", args=[conflict.pk]), {"note": ""})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    client.post(reverse("admin:claims_conflict_explain", args=[conflict.pk]), {"note": "Offshore vs onshore."})
    conflict.refresh_from_db()
    assert conflict.status == "explained" and conflict.note == "Offshore vs onshore."


def test_contributor_cannot_decide_conflicts(client, seeded):
    client.force_login(user_with_role(CONTRIBUTOR))
    conflict = Conflict.objects.get(kind="figures")
    assert client.get(reverse("admin:claims_conflict_change", args=[conflict.pk])).status_code == 200
    response = client.post(reverse("admin:claims_conflict_explain", args=[conflict.pk]), {"note": "x"})
    assert response.status_code == 403
    conflict.refresh_from_db()
    assert conflict.status == "open"


def test_flag_action_records_a_contradiction(client, seeded):
    client.force_login(user_with_role(EDITOR))
    claims = list(Claim.objects.filter(slug__in=["vladivostok-is-russias-largest-pacific-port",
                                                  "vladivostok-is-home-to-the-pacific-fleet"]))
    url = reverse("admin:claims_claim_changelist")
    selection = {"action": "flag_conflict", "_selected_action": [c.pk for c in claims]}
    response = client.post(url, selection)
    assert response.status_code == 200 and "Why they contradict each other" in response.content.decode()
    response = client.post(url, {**selection, "note": "Test contradiction."})
    assert response.status_code == 302
    flagged = Conflict.objects.get(kind="manual", note="Test contradiction.")
    assert {m.claim_id for m in flagged.members.all()} == {c.pk for c in claims}


def test_saving_a_claim_in_the_admin_detects_conflicts(admin_client):
    metric, entity = MetricFactory(), EntityFactory()
    claim_create(statement="First", subjects=[entity], metric=metric, figure_text="101 km²")
    response = admin_client.post(reverse("admin:claims_claim_add"), {
        "statement": "Second", "subjects": [entity.pk], "metric": metric.pk, "figure_text": "303 km²",
        "status": "draft", "verdict": "not_yet_rated",
        "appearances-TOTAL_FORMS": "0", "appearances-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302
    assert Conflict.objects.get().status == "open"


def test_the_entity_filter_ranks_entities_by_conflicts_and_is_shared_for_minutes(admin_client, seeded):
    cache.clear()

    def choices():
        response = admin_client.get(reverse("admin:claims_conflict_changelist"))
        spec = next(f for f in response.context["cl"].filter_specs if getattr(f, "parameter_name", "") == "entity")
        return [name for _pk, name in spec.lookup_choices]

    first = choices()
    assert "Convention of Peking" in first and "Treaty of Aigun" in first
    make_conflicting_claims(1)  # a new conflict's entities join the ranking when it is next computed
    with CaptureQueriesContext(connection) as captured:
        assert choices() == first
    assert not any("claims_conflictmember m JOIN" in q["sql"] for q in captured)
    cache.clear()
    assert len(choices()) > len(first)


def test_conflict_changelist_counts_and_entity_filter(admin_client, seeded):
    response = admin_client.get(reverse("admin:claims_conflict_changelist"), {"_facets": "1"})
    content = response.content.decode()
    assert response.status_code == 200 and "Open (2)" in content
    peking = Entity.objects.get(name="Convention of Peking")
    filtered = admin_client.get(reverse("admin:claims_conflict_changelist"), {"entity": peking.pk})
    assert [c.kind for c in filtered.context["cl"].result_list] == ["figures"]
