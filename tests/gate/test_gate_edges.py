"""The gate at its edges, model-based: every door to readers other than the claim workflow's own steps.

Random sequences of corrections drafted aside (statement, figure, verdict, claimant role), slug
edits, aliases, new captures of a public source, new draft claims that join a public conflict, and
account administration by every role, through the API, the admin and the services. After every
step, every anonymous answer (status, body, ETag, Last-Modified) of every public surface — pages,
search, every claim filter and ordering, JSON Lines and CSV exports, the feed, sitemaps, conflicts
and their validators — is compared with what it was when editors last approved something.

The oracle cannot be fooled by spelling: a step no editor approved must leave every public byte
and validator as it was; a step an editor approved may change them and becomes the new model of
"what editors approved" (and the approved words must then be there).

`make test` runs a short, derandomized search; a long run is
`GATE_EXAMPLES=200 GATE_STEPS=30 .venv/bin/python -m pytest -p no:xdist tests/gate/test_gate_edges.py`
(see docs/developers/read-model.md).
"""
import pytest
from hypothesis import HealthCheck, settings

from tests.gate.edges import EXAMPLES, STEPS, EdgeMachine


@pytest.mark.django_db
def test_no_step_an_editor_did_not_approve_changes_a_public_byte_or_validator():
    """Run the edge machine over random sequences (seeded, so CI is deterministic)."""
    EdgeMachine.TestCase.settings = settings(
        max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None, derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )
    EdgeMachine.TestCase().runTest()
