"""A client generated from the live schema with openapi-python-client runs the whole editorial flow.

No hand-written HTTP here: if the schema stops describing the API as it behaves, this test fails.
"""
import csv
import importlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from claims.models import Claim, ClaimStatus, Verdict
from claims.roles import CONTRIBUTOR, EDITOR
from project.site import site_url
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db(transaction=True)

CONFIG = Path(__file__).resolve().parents[2] / "api" / "openapi-python-client.yaml"


def generate_client(schema_url: str, where: Path):
    """Generate the client package from ``schema_url`` into ``where`` and import it."""
    bin_dir = Path(sys.executable).parent  # the generator and its formatter are in the same environment
    subprocess.run([str(bin_dir / "openapi-python-client"), "generate", "--url", schema_url, "--meta", "none",
                    "--output-path", str(where / "crosscheck_client"), "--config", str(CONFIG)],
                   check=True, capture_output=True, env={**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"})
    sys.path.insert(0, str(where))
    try:
        return importlib.import_module("crosscheck_client")
    finally:
        sys.path.remove(str(where))


@pytest.fixture(scope="module")
def client_package(live_server, tmp_path_factory, django_db_blocker):
    """Generate the client once from the live server's schema (it depends on no data)."""
    with django_db_blocker.unblock():  # the schema view counts the request against the throttle, in the database
        return generate_client(f"{live_server.url}/api/schema/", tmp_path_factory.mktemp("generated"))


def signed_in(package, url: str, username: str):
    """Return a generated client holding ``username``'s token, fetched through the generated auth call."""
    from crosscheck_client.api.auth import auth_token_create
    from crosscheck_client.models import AuthTokenRequest

    anonymous = package.Client(base_url=url, raise_on_unexpected_status=True)
    token = auth_token_create.sync(client=anonymous, body=AuthTokenRequest(username=username, password=PASSWORD))
    return package.AuthenticatedClient(base_url=url, token=token.token, prefix="Token", raise_on_unexpected_status=True)


def etag(client, claim_id: int) -> str:
    from crosscheck_client.api.claims import claims_retrieve

    return claims_retrieve.sync_detailed(claim_id, client=client).headers["ETag"]


def test_the_editorial_flow_through_a_generated_client(live_server, client_package):
    from crosscheck_client.api.changes import changes_list
    from crosscheck_client.api.conflicts import conflicts_list

    from seeding.seed import load_seed

    load_seed()  # roles and metrics
    for name, role in (("carol", CONTRIBUTOR), ("ed1", EDITOR), ("ed2", EDITOR)):
        user_with_role(role, name)
    anonymous = client_package.Client(base_url=live_server.url, raise_on_unexpected_status=True)
    carol, ed1 = (signed_in(client_package, live_server.url, name) for name in ("carol", "ed1"))
    claims = _two_figures_submitted(anonymous, carol, ed1)
    _approved_naming_the_missing_parameter(ed1, claims)

    conflict = next(c for c in conflicts_list.sync(client=anonymous).results
                    if {m.claim for m in c.members} == set(claims))
    assert conflict.status.value == "open" and conflict.difference > 0

    changes = changes_list.sync(client=anonymous, since=0)
    ours = [(e.kind.value, e.claim or e.conflict) for e in changes.results
            if e.claim in claims or e.conflict == conflict.id]  # the seed's own conflicts opened before
    assert ours == [("published", claims[0]), ("conflict_opened", conflict.id), ("published", claims[1])]
    assert all(e.claim_url.startswith(site_url()) for e in changes.results if e.claim in claims)  # the one address
    assert changes_list.sync(client=anonymous, since=changes.since).results == []


def _two_figures_submitted(anonymous, carol, ed1) -> list[int]:
    """A contributor records two figures of the same area from one source, with a claimant, and submits both."""
    from crosscheck_client.api.appearances import appearances_create
    from crosscheck_client.api.claims import claims_create, claims_submit_create
    from crosscheck_client.api.entities import entities_create
    from crosscheck_client.api.metrics import metrics_list
    from crosscheck_client.api.sources import sources_create
    from crosscheck_client.models import (
        AppearanceRequest,
        ClaimWriteRequest,
        EntityRequest,
        SourceRequest,
        TransitionRequest,
    )

    area = next(m for m in metrics_list.sync(client=anonymous).results if m.slug == "area-ceded")
    territory = entities_create.sync(client=ed1, body=EntityRequest(name="Outer Manchuria (test)"))
    historian = entities_create.sync(client=ed1, body=EntityRequest.from_dict({"name": "A. Historian (test)", "kind": "person"}))
    source = sources_create.sync(client=carol, body=SourceRequest(title="Two figures", url="https://example.org/2"))
    claims = []
    for figure in ("about 100 square kilometres", "about 900 square kilometres"):
        claim = claims_create.sync(client=carol, body=ClaimWriteRequest(
            statement=f"The treaty ceded {figure}.", metric=area.id, subjects=[territory.id], figure_text=figure,
            claimant=historian.id, claimant_role="Historian of the Amur frontier"))
        assert (claim.claimant.name, claim.claimant_role) == ("A. Historian (test)", "Historian of the Amur frontier")
        appearances_create.sync(client=carol, body=AppearanceRequest(
            claim=claim.id, source=source.id, quote=f"ceded {figure}"))
        submitted = claims_submit_create.sync(claim.id, client=carol, body=TransitionRequest(),
                                              if_match=etag(carol, claim.id))
        assert submitted.claim.status.value == "in_review"
        claims.append(claim.id)
    return claims


def _approved_naming_the_missing_parameter(ed1, claims: list[int]) -> None:
    """The two figures disagree: an approval names the one parameter it misses, then succeeds with it."""
    from crosscheck_client.api.claims import claims_approve_create
    from crosscheck_client.models import Error, TransitionRequest

    refused = claims_approve_create.sync_detailed(claims[0], client=ed1, body=TransitionRequest(note="Checked."),
                                                  if_match=etag(ed1, claims[0]))
    assert refused.status_code == 409 and isinstance(refused.parsed, Error)
    assert list(refused.parsed.error.fields.to_dict()) == ["conflict_note"]
    for claim_id in claims:
        approved = claims_approve_create.sync(claim_id, client=ed1, if_match=etag(ed1, claim_id), body=TransitionRequest(
            note="Checked.", conflict_note="The sources measure different areas."))
        assert approved.claim.status.value == "published"


def test_conditional_requests_idempotent_retries_and_exports_through_a_generated_client(live_server, client_package):
    from claims.services import claim_create
    from seeding.seed import load_seed

    load_seed()
    user_with_role(EDITOR, "ed1")
    rated = claim_create(statement="The treaty ceded 101 km².", figure_text="101 km²", status=ClaimStatus.PUBLISHED,
                         verdict=Verdict.ACCURATE)
    anonymous = client_package.Client(base_url=live_server.url, raise_on_unexpected_status=True)
    editor = signed_in(client_package, live_server.url, "ed1")
    claim_id = _idempotent_retries(editor)
    _conditional_requests(editor, claim_id)
    _exports(anonymous, rated)


def _idempotent_retries(editor) -> int:
    """A retry with the same key gets the first answer, marked, and writes nothing; another body is 422."""
    from crosscheck_client.api.claims import claims_create
    from crosscheck_client.models import ClaimWriteRequest

    body = ClaimWriteRequest(statement="Ceded 1.5 km² in 1858.", figure_text="1.5 km²")
    first = claims_create.sync_detailed(client=editor, body=body, idempotency_key="retry-1")
    again = claims_create.sync_detailed(client=editor, body=body, idempotency_key="retry-1")
    assert (first.status_code, again.status_code) == (201, 201) and again.parsed.id == first.parsed.id
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert again.headers["ETag"] == first.headers["ETag"]
    assert Claim.objects.filter(statement="Ceded 1.5 km² in 1858.").count() == 1
    other = claims_create.sync_detailed(client=editor, body=ClaimWriteRequest(statement="Another claim."),
                                        idempotency_key="retry-1")
    assert other.status_code == 422 and other.parsed.error.code == "idempotency_key_reused"
    return first.parsed.id


def _conditional_requests(editor, claim_id: int) -> None:
    """If-None-Match: 304 until the claim changes; If-Match with a tag read before a change: 412, nothing changed."""
    from crosscheck_client.api.claims import claims_partial_update, claims_retrieve, claims_submit_create
    from crosscheck_client.models import Error, PatchedClaimWriteRequest, TransitionRequest

    tag = claims_retrieve.sync_detailed(claim_id, client=editor).headers["ETag"]
    assert claims_retrieve.sync_detailed(claim_id, client=editor, if_none_match=tag).status_code == 304
    edited = claims_partial_update.sync_detailed(claim_id, client=editor, if_match=tag,
                                                 body=PatchedClaimWriteRequest(statement="Ceded 1.6 km² in 1858."))
    assert edited.status_code == 200 and edited.headers["ETag"] != tag
    fresh = claims_retrieve.sync_detailed(claim_id, client=editor, if_none_match=tag)
    assert fresh.status_code == 200 and fresh.parsed.statement == "Ceded 1.6 km² in 1858."

    stale = claims_submit_create.sync_detailed(claim_id, client=editor, if_match=tag, body=TransitionRequest())
    assert stale.status_code == 412 and isinstance(stale.parsed, Error)
    assert stale.parsed.error.code == "precondition_failed"
    assert Claim.objects.get(pk=claim_id).status == ClaimStatus.DRAFT
    submitted = claims_submit_create.sync_detailed(claim_id, client=editor, if_match=fresh.headers["ETag"],
                                                   body=TransitionRequest())
    assert submitted.status_code == 200 and submitted.parsed.claim.status.value == "in_review"


def _exports(anonymous, rated) -> None:
    """ClaimReview typed, JSON Lines kept by the generator (as text), CSV."""
    from crosscheck_client.api.claims import claimreviews_jsonl, claims_claimreview_retrieve, claims_csv_retrieve
    from crosscheck_client.models import ClaimReview

    review = claims_claimreview_retrieve.sync(rated.pk, client=anonymous)
    assert isinstance(review, ClaimReview) and review.type_.value == "ClaimReview"
    assert review.review_rating.alternate_name == "Accurate" and review.claim_reviewed == rated.statement
    lines = claimreviews_jsonl.sync(client=anonymous).splitlines()
    assert [ClaimReview.from_dict(json.loads(line)).to_dict() for line in lines] == [review.to_dict()]
    rows = list(csv.DictReader(io.StringIO(claims_csv_retrieve.sync(client=anonymous))))
    assert {int(row["id"]): row["verdict"] for row in rows}[rated.pk] == "accurate"
