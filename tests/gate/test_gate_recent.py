"""The edge machine over the doors opened since issue #27: ratings, Said before, flags, the change feed, webhooks.

The same oracle as ``test_gate_edges`` (every anonymous answer compared with what editors last
approved), with the change feed added to the surfaces and these steps mixed into the corrections:

- a rating proposed by a contributor or an editor, approved by one or two others, declined;
- a new article's candidate recorded as an appearance of the public claim it repeats ("Said before",
  the desk's one click), by a contributor;
- an editor flagging a contradiction between the public claims and a draft about an entity no
  reader has seen: the editor publishes the flag and its note, never the draft's words;
- every role but the Webhook manager trying to read or take over webhook subscriptions.

A step an editor approved may change public bytes, but never show a word no editor approved.
`GATE_EXAMPLES=50 GATE_STEPS=20 .venv/bin/python -m pytest -p no:xdist tests/gate/test_gate_recent.py` runs it longer.
"""
from __future__ import annotations

import os
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from hypothesis import HealthCheck, assume, settings
from hypothesis import strategies as st
from hypothesis.stateful import rule

from claims import services
from claims.models import Appearance, RatingProposal
from imports import records
from imports.capture import from_text
from tests.factories import EntityFactory, UserFactory
from tests.gate.edges import EdgeMachine, word
from webhooks import services as webhooks
from webhooks.models import Subscription
from webhooks.roles import WEBHOOK_MANAGER

EXAMPLES = int(os.environ.get("GATE_EXAMPLES", "4"))
STEPS = int(os.environ.get("GATE_STEPS", "10"))
# A new article repeating both public claims, worded otherwise ("Said before" offers each).
ECHO = ("Echo {new}\n\nOfficials said the Aigun treaty ceded about 100 km² of land. A survey put the area ceded "
        "under Aigun at 900 km² instead.")


class RecentMachine(EdgeMachine):
    # The edge machine's own doors are its test's; here the corrections stay, to mix with the new steps.
    change_a_public_address = add_an_alias = review_an_alias = delete_an_alias = a_new_draft_joins_a_conflict = None
    import_into_the_source = review_a_capture = administer_accounts = None

    def __init__(self):
        super().__init__()
        manager = UserFactory(username="hooks")
        manager.groups.add(Group.objects.get(name=WEBHOOK_MANAGER))
        self.hook = webhooks.subscription_create(url="https://receiver.example.org/hook", user=manager)
        self.secret = self.hook.secret

    def surfaces(self) -> list[str]:
        return [*super().surfaces(), "/api/v1/changes/", "/api/v1/changes/?since=0", "/api/v1/appearances/",
                "/api/v1/sources/", "/api/v1/publishers/", "/api/v1/entities/", "/sitemap-entities.xml", "/sitemap-conflicts.xml"]

    def nothing_unapproved_shown(self, step: str) -> None:
        """No public answer holds a word no editor approved."""
        hidden = [w for w in self.written if w not in self.approved_words]
        for url, answer in self.public.items():
            assert not [w for w in hidden if w in answer[1]], (step, url)

    # --- ratings -------------------------------------------------------------------------------------------

    @rule(index=st.integers(0, 1), who=st.sampled_from(["alice", "eve"]),
          verdict=st.sampled_from(["inaccurate", "accurate", "misleading"]))
    def propose_a_rating(self, index, who, verdict):
        claim = self._claim(index)
        assume(claim.status == "published" and not claim.rating_proposals.filter(status="open").exists())
        assume(claim.verdict != verdict)
        new = word()
        self.written.append(new)
        services.rating_propose(claim=claim, verdict=verdict, rationale=f"Because {new}.",
                                public_note=f"Rerated after {new}.", user=self.users[who])
        self.unchanged("a proposed rating")

    @rule(who=st.sampled_from(["eve", "ed", "cat"]), approve=st.booleans())
    def decide_a_rating(self, who, approve):
        proposal = RatingProposal.objects.filter(status="open").order_by("pk").first()
        assume(proposal is not None)
        if not approve:
            services.rating_decline(proposal=proposal, user=self.users[who], note="Not yet.")
            return self.unchanged("a declined rating")
        try:
            services.rating_approve(proposal=proposal, user=self.users[who])
        except services.ServiceError as refused:
            assert refused.code in ("four_eyes", "state"), refused
            return self.unchanged("a refused rating approval")
        proposal.refresh_from_db()
        if proposal.status != "published":
            return self.unchanged("first of two rating approvals")
        self.approved(*[w for w in self.written if w in proposal.rationale + proposal.public_note])
        self.nothing_unapproved_shown("a published rating")

    # --- Said before ---------------------------------------------------------------------------------------

    @rule(index=st.integers(0, 1))
    def record_a_repeat(self, index):
        new = word()
        self.written.append(new)
        job, result = records.import_recorded(from_text(ECHO.format(new=new)), via="form", title=f"Echo {new}",
                                              user=self.users["alice"])
        claim = self._claim(index)
        offered = [(c.key, m["id"]) for c in result.candidates for m in c.matches if m["id"] == claim.pk]
        assume(offered)
        url = reverse("admin:imports_candidates", args=[job.pk])
        self.admin["alice"].post(url, {"repeat": f"{offered[0][0]}:{offered[0][1]}"})
        # Recorded, as evidence waiting for an editor: readers see the claim's evidence as it was.
        assert Appearance.objects.filter(claim=claim, source=job.source, status="pending").exists()
        self.unchanged("a repeat recorded by a contributor")

    # --- flags -----------------------------------------------------------------------------------------------

    @rule(who=st.sampled_from(["eve", "ed"]), with_subject=st.booleans())
    def flag_public_claims_with_a_draft(self, who, with_subject):
        new, note = word(), word()
        self.written.append(new)
        subjects = [EntityFactory(name=f"Secret {new}", kind="place")] if with_subject else []
        draft = services.claim_create(statement=f"Draft {new} says otherwise.", subjects=subjects,
                                      created_by=self.users["alice"])
        claims = [self._claim(0), self._claim(1), draft]
        services.conflict_flag(claims=claims, note=f"Contradiction {note}.", user=self.users[who])
        self.approved(note)  # the editor's flag and note are theirs to publish; the draft's words are not
        self.nothing_unapproved_shown("a flag naming a draft")

    # --- webhooks --------------------------------------------------------------------------------------------

    @rule(who=st.sampled_from(["alice", "eve", "cat"]), attempt=st.sampled_from(["list", "rotate", "move", "admin"]))
    def reach_for_webhooks(self, who, attempt):
        api, url = self.api[who], f"/api/v1/webhooks/subscriptions/{self.hook.subscription.pk}/"
        if attempt == "list":
            response = api.get("/api/v1/webhooks/subscriptions/")
        elif attempt == "rotate":
            response = api.post(url + "rotate-secret/")
        elif attempt == "move":
            response = api.patch(url, {"url": "https://attacker.example.net/"}, format="json")
        else:
            response = self.admin[who].get(f"/admin/webhooks/subscription/{self.hook.subscription.pk}/change/")
        assert response.status_code in (403, 404), (who, attempt, response.status_code)
        assert self.secret not in response.content.decode()
        assert not re.search(r"attacker", Subscription.objects.get().url)
        assert Subscription.objects.get().secret == self.secret
        self.unchanged(f"{who} reaching for webhooks")


@pytest.mark.django_db
def test_no_recent_door_shows_readers_what_no_editor_approved():
    """Run the machine over random sequences (seeded, so CI is deterministic)."""
    RecentMachine.TestCase.settings = settings(
        max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None, derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )
    RecentMachine.TestCase().runTest()
