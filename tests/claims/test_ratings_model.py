"""Ratings against an oracle: random proposals, approvals and declines by random people, checked after each step.

The oracle is the rule as written: a rating reaches readers when editors other than its author, each
once, reach the count its verdict needs (two for misleading and inaccurate); a refused step changes
nothing; the first published rating is a rating and each later one a correction.
"""
import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from claims.errors import ServiceError
from claims.models import ChangeEvent, Claim, ClaimStatus, RatingProposal, Verdict
from claims.roles import CONTRIBUTOR, EDITOR
from claims.selectors import public_totals
from claims.services import claim_create, rating_approve, rating_decline, rating_propose
from claims.services.counts import fresh_counts
from claims.workflow import approvals_needed
from tests.factories import user_with_role

PEOPLE = {"rita": CONTRIBUTOR, "eve": EDITOR, "ed": EDITOR, "cat": EDITOR}
REVIEWERS = {name for name, role in PEOPLE.items() if role == EDITOR}
VERDICTS = [v for v in Verdict.values if v != Verdict.NOT_YET_RATED]


class RatingMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.users = {name: user_with_role(role, f"{name}-{id(self)}") for name, role in PEOPLE.items()}
        self.claim = claim_create(statement="Trade doubled.", status=ClaimStatus.PUBLISHED)
        self.verdict = Verdict.NOT_YET_RATED  # what readers see
        self.open = None  # (proposal id, verdict, author, approvers)
        self.published = 0

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    @rule(who=st.sampled_from(list(PEOPLE)), verdict=st.sampled_from(Verdict.values), note=st.booleans())
    def propose(self, who, verdict, note):
        allowed = (self.open is None and verdict not in (Verdict.NOT_YET_RATED, self.verdict)
                   and (self.verdict == Verdict.NOT_YET_RATED or note))
        try:
            proposal = rating_propose(claim=self.claim, verdict=verdict, rationale="Because.", user=self.users[who],
                                      public_note="We rated it otherwise before." if note else "")
        except ServiceError:
            assert not allowed
            return
        assert allowed
        self.open = (proposal.pk, verdict, who, set())

    @rule(who=st.sampled_from(list(PEOPLE)))
    def approve(self, who):
        if self.open is None:
            return
        pk, verdict, author, approvers = self.open
        allowed = who in REVIEWERS and who != author and who not in approvers
        try:
            rating_approve(proposal=RatingProposal.objects.get(pk=pk), user=self.users[who])
        except ServiceError:
            assert not allowed
            return
        assert allowed
        approvers.add(who)
        if len(approvers) >= approvals_needed(verdict):
            self.verdict, self.open, self.published = verdict, None, self.published + 1

    @rule(who=st.sampled_from(list(PEOPLE)))
    def decline(self, who):
        if self.open is None:
            return
        pk, _verdict, author, _approvers = self.open
        try:
            rating_decline(proposal=RatingProposal.objects.get(pk=pk), user=self.users[who], note="No.")
        except ServiceError:
            assert who != author and who not in REVIEWERS
            return
        self.open = None

    @invariant()
    def readers_see_what_the_oracle_says(self):
        assert Claim.objects.get(pk=self.claim.pk).verdict == self.verdict
        kinds = list(ChangeEvent.objects.filter(claim=self.claim).exclude(kind=ChangeEvent.Kind.PUBLISHED)
                     .order_by("id").values_list("kind", flat=True))
        assert kinds == [ChangeEvent.Kind.RATED] * min(self.published, 1) + \
            [ChangeEvent.Kind.CORRECTED] * max(self.published - 1, 0)
        assert RatingProposal.objects.filter(claim=self.claim, status="open").count() == (self.open is not None)
        stored = public_totals()
        assert {key: stored[key] for key in ("rated", f"verdict_{self.verdict}")} == \
            {key: fresh_counts()[key] for key in ("rated", f"verdict_{self.verdict}")}


@pytest.mark.django_db
def test_ratings_follow_the_rule_in_any_order():
    RatingMachine.TestCase.settings = settings(max_examples=25, stateful_step_count=20, deadline=None,
                                               derandomize=True, suppress_health_check=list(HealthCheck))
    RatingMachine.TestCase().runTest()
