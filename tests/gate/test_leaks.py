"""Nobody sees what is not theirs: an anonymous walk of every public page, API, feed, sitemap and export."""
import json
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth.models import Group

from claims.models import Claim, ClaimStatus
from claims.roles import CHIEF_EDITOR, CONTRIBUTOR, EDITOR
from claims.services import appearance_add, appearance_change, claim_create, claim_transition, claim_update
from tests.factories import EntityFactory, MetricFactory, PublisherFactory, SourceFactory, UserFactory

SECRET = "SECRETMARK"
START = ["/", "/claims/", "/conflicts/", "/methodology/", "/feed/", "/sitemap.xml", "/api/v1/",
         "/api/schema/", "/api/v1/claims.csv", "/api/v1/claimreviews.jsonl", "/claims/?q=statement+rationale+quote",
         "/api/v1/claims/?search=statement", "/api/v1/claims/?status=draft", "/api/v1/claims/?status=in_review",
         "/api/v1/claims/?status=rejected", "/api/v1/claims/?status=withdrawn", "/api/v1/appearances/",
         "/api/v1/sources/", "/api/v1/entities/", "/api/v1/publishers/", "/api/v1/conflicts/", "/api/v1/metrics/"]
MAX_PAGES = 600


def _editor(username, role):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def secrets(seeded):
    """Claims in every state readers must not see, each marked in every text field, plus a pending correction."""
    author, editor, chief = _editor("author", EDITOR), _editor("editor", EDITOR), _editor("chief", CHIEF_EDITOR)
    metric = MetricFactory(name="Area for the leak test", canonical_unit="km²")  # public: a public claim uses it
    public_twin = claim_create(statement="A public claim about an area.", metric=metric, figure_text="10 km²",
                               subjects=[EntityFactory(name="Public place")], status=ClaimStatus.PUBLISHED)
    created = {}
    for state in ["draft", "in_review", "rejected", "withdrawn", "changes_requested"]:
        entity = EntityFactory(name=f"{SECRET} entity {state}")
        source = SourceFactory(title=f"{SECRET} source {state}", url=f"https://secret.example/{state}",
                               publisher=PublisherFactory(name=f"{SECRET} publisher {state}"))
        claim = claim_create(statement=f"{SECRET} statement {state}", subjects=[entity, *public_twin.subjects.all()],
                             metric=metric, figure_text="999 km²", rationale=f"{SECRET} rationale {state}",
                             period_label=f"{SECRET} period", created_by=author)
        appearance_add(claim=claim, source=source, quote=f"{SECRET} quote {state}", figure_text="999 km²")
        if state != "draft":
            claim_transition(claim=claim, action="submit", user=author)
        if state == "rejected":
            claim_transition(claim=claim, action="reject", user=editor, note="No.")
        if state == "changes_requested":
            claim_transition(claim=claim, action="request_changes", user=editor, note="Fix.")
        if state == "withdrawn":
            claim_transition(claim=claim, action="approve", user=editor, note="ok")
            claim_transition(claim=claim, action="withdraw", user=chief, note="gone",
                             public_note="Withdrawn: the source retracted it.")
        created[state] = Claim.objects.get(pk=claim.pk)
    # A published claim under correction: readers see the approved version, not the pending edit.
    reopened = Claim.objects.get(slug="treaty-of-aigun-signed-in-1858")
    claim_transition(claim=reopened, action="reopen", user=editor, note="Fix it.")
    claim_update(claim=reopened, user=editor, statement=f"{SECRET} pending correction",
                 rationale=f"{SECRET} pending rationale")
    created["reopened"] = reopened
    # Evidence waiting for an editor on a public claim: new, and a change to approved evidence.
    contributor = _editor("contributor", CONTRIBUTOR)
    secret_source = SourceFactory(title=f"{SECRET} pending source", publisher=PublisherFactory(name=f"{SECRET} pub"))
    appearance_add(claim=public_twin, source=secret_source, quote=f"{SECRET} pending quote", user=contributor)
    approved = appearance_add(claim=public_twin, source=SourceFactory(), quote="An approved quote.")
    appearance_change(appearance=approved, quote=f"{SECRET} changed quote", user=contributor)
    # A first approval of two, whose correction note waits for the second.
    rated = claim_create(statement="A claim rated inaccurate.", created_by=author, verdict="inaccurate")
    claim_transition(claim=rated, action="submit", user=author)
    claim_transition(claim=rated, action="approve", user=editor, public_note=f"{SECRET} first approval note")
    return created


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


def _links(response, body: str, base: str) -> set[str]:
    content_type = response.get("Content-Type", "")
    found = set()
    if "html" in content_type or "xml" in content_type:
        found |= set(re.findall(r'href="([^"#]+)', body)) | set(re.findall(r"<loc>([^<]+)</loc>", body))
    if "json" in content_type:
        found |= set(re.findall(r'"(https?://testserver/[^"]+|/api/[^"]+)"', body))
    urls = set()
    for link in found:
        absolute = urljoin(base, link.replace("&amp;", "&"))
        parts = urlsplit(absolute)
        if parts.netloc not in {"", "testserver"} or parts.path.startswith(("/admin", "/static")):
            continue
        urls.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return urls


def test_an_anonymous_walk_of_every_public_url_shows_nothing_unpublished(client, secrets):
    queue, seen, visited = deque(START), set(START), 0
    while queue and visited < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url, HTTP_ACCEPT="text/html,application/json")
        visited += 1
        # 400: a filter refused; 405: POST-only; 401: a signed-in role's endpoint (webhook subscriptions), found in the schema.
        allowed = {200, 301, 302, 400, 404, 405} | ({401} if url.startswith("/api/v1/webhooks/") else set())
        assert response.status_code in allowed, (url, response.status_code)
        body = _body(response)
        assert SECRET not in body, f"{url} shows unpublished text"
        for link in _links(response, body, "http://testserver" + url):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    assert visited > 60  # the walk reached claims, sources, entities, conflicts and API pages
    assert {"/sitemap-claims.xml", "/api/v1/claims/", "/feed/"} <= seen


def test_direct_addresses_of_unpublished_things_are_not_found(client, secrets):
    for state, claim in secrets.items():
        if state == "reopened":
            page = client.get(f"/claims/{claim.slug}/")
            assert page.status_code == 200 and SECRET not in page.content.decode()
            continue
        expected = 410 if state == "withdrawn" else 404
        page = client.get(f"/claims/{claim.slug}/")
        assert page.status_code == expected and SECRET not in page.content.decode()
        api = client.get(f"/api/v1/claims/{claim.pk}/")
        assert api.status_code == expected and SECRET not in api.content.decode()
        assert client.get(f"/api/v1/claims/{claim.pk}/claimreview/").status_code == expected
        source = claim.appearances.get().source
        assert client.get(f"/sources/{source.slug}/").status_code == 404
        assert client.get(f"/api/v1/sources/{source.pk}/").status_code == 404
        entity = claim.subjects.get(name__startswith=SECRET)
        assert client.get(f"/entities/{entity.slug}/").status_code == 404
        assert client.get(f"/api/v1/entities/{entity.pk}/").status_code == 404
    reopened = client.get(f"/api/v1/claims/{secrets['reopened'].pk}/")
    assert reopened.status_code == 200 and SECRET not in reopened.content.decode()
    assert json.loads(reopened.content)["statement"] == "The Treaty of Aigun was signed in 1858."


@pytest.mark.django_db
def test_sitemap_queries_do_not_grow_with_the_claims(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import SourceFactory

    def publish(n):
        for i in range(n):
            claim = claim_create(statement=f"Public claim {i} {SourceFactory().pk}", status=ClaimStatus.PUBLISHED,
                                 subjects=[EntityFactory()])
            appearance_add(claim=claim, source=SourceFactory(), quote=f"quote {claim.pk}")

    counts = []
    for n in (1, 19):
        publish(n)
        for section in ("claims", "sources", "entities"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"/sitemap-{section}.xml").status_code == 200
            counts.append((n, section, len(queries)))
    assert [c for _, _, c in counts[:3]] == [c for _, _, c in counts[3:]]
    assert client.get("/sitemap-claims.xml").content.decode().count("<loc>") == 20
