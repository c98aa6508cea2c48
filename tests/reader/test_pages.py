"""Public reader pages: only public content, fixed query counts, search, ClaimReview, caching."""
import json

import extruct
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, ClaimStatus, Conflict, Verdict
from claims.roles import CHIEF_EDITOR, CONTRIBUTOR, EDITOR
from claims.services import (
    appearance_add,
    claim_create,
    claim_transition,
    claim_update,
    conflict_resolve,
)
from tests.factories import EntityFactory, MetricFactory, SnapshotFactory, SourceFactory, user_with_role
from tests.pagecache.counting import cached_page_queries

pytestmark = pytest.mark.django_db


person = user_with_role


def published(statement, **fields):
    return claim_create(statement=statement, status=ClaimStatus.PUBLISHED, **fields)


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def same_queries_for_1_and_20(client, url_for, add_row):
    """Assert a page runs as many queries with 20 related rows as with 1."""
    add_row(0)
    one = queries(client, url_for())
    for n in range(1, 20):
        add_row(n)
    assert queries(client, url_for()) == one
    return one


@pytest.fixture
def topic():
    metric, entity = MetricFactory(name="Area ceded"), EntityFactory(name="Treaty of Aigun")
    source = SourceFactory(title="The original article")
    main = published("The Treaty of Aigun ceded 100,000 km².", metric=metric, subjects=[entity],
                     figure_text="101,000 km²")
    appearance_add(claim=main, source=source, quote="ceded 101,000 square kilometres")
    return {"metric": metric, "entity": entity, "source": source, "claim": main}


def test_home_query_count(client, topic):
    def add(n):
        other = published(f"Claim {n}", metric=topic["metric"], subjects=[EntityFactory()], figure_text=f"{n + 1} km²")
        published(f"Rival {n}", metric=topic["metric"], subjects=list(other.subjects.all()),
                  figure_text=f"{(n + 1) * 1000} km²")
    same_queries_for_1_and_20(client, lambda: reverse("home"), add)


def test_claim_list_query_count(client, topic):
    same_queries_for_1_and_20(
        client, lambda: reverse("claim-list") + "?q=claim",
        lambda n: published(f"Claim number {n}", subjects=[EntityFactory(), EntityFactory()]),
    )


def test_claim_detail_query_count(client, topic):
    main = topic["claim"]

    def add(n):
        appearance_add(claim=main, source=SourceFactory(), quote=f"quote {n}")
        published(f"Agreeing {n}", metric=topic["metric"], subjects=[topic["entity"]], figure_text="101,000 km²")
        published(f"Rival {n}", metric=topic["metric"], subjects=[topic["entity"]], figure_text=f"{500 + n},000 km²")
        published(f"Related {n}", subjects=[topic["entity"]])
    # The claim (with metric and claimant), subjects, evidence, approvals with their editors, conflicts,
    # their members and members' evidence, agreeing claims and their evidence, related claims, corrections.
    assert same_queries_for_1_and_20(client, lambda: reverse("claim-detail", args=[main.slug]), add) == 10


def test_source_detail_query_count(client, topic):
    snapshot = SnapshotFactory(source=topic["source"], text="x " * 50 + "ceded 101,000 square kilometres")

    def add(n):
        claim = published(f"From the source {n}")
        appearance_add(claim=claim, source=topic["source"], quote=f"x x {n}" if n else "x x", snapshot=snapshot)
        SourceFactory(original=topic["source"])
    same_queries_for_1_and_20(client, lambda: reverse("source-detail", args=[topic["source"].slug]), add)


def test_entity_and_conflict_pages_query_counts(client, topic):
    same_queries_for_1_and_20(
        client, lambda: reverse("entity-detail", args=[topic["entity"].slug]),
        lambda n: published(f"About {n}", subjects=[topic["entity"]], metric=topic["metric"],
                            figure_text=f"{n + 1}0,000 km²"),
    )
    conflict = Conflict.objects.get()
    assert conflict.members.count() == 21
    assert queries(client, reverse("conflict-detail", args=[conflict.pk])) <= 8

    def add_conflict(n):
        entity = EntityFactory()
        for figure in ("101 km²", "303 km²"):
            published(f"{figure} {n}", subjects=[entity], metric=topic["metric"], figure_text=figure)
    same_queries_for_1_and_20(client, lambda: reverse("conflict-list"), add_conflict)


def test_feed_query_count(client, topic):
    same_queries_for_1_and_20(client, lambda: reverse("feed"), lambda n: published(f"Feed item {n}"))


def test_every_page_renders_with_the_seed(client, seeded):
    urls = [reverse("home"), reverse("claim-list"), reverse("claim-list") + "?q=Aigun", reverse("conflict-list"),
            reverse("methodology"), reverse("feed")]
    urls += [reverse("claim-detail", args=[c.slug]) for c in Claim.objects.all()]
    urls += [reverse("source-detail", args=[slug]) for slug in ("tully-blog-repost", "capek-newsguard-repost",
                                                                "tully-kyiv-independent", "capek-original")]
    urls += [reverse("conflict-detail", args=[c.pk]) for c in Conflict.objects.all()]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if url != reverse("feed"):
            html = response.content.decode()
            assert '<link rel="canonical"' in html and 'property="og:title"' in html, url


def test_seed_claim_page_shows_the_disagreement(client, seeded):
    page = client.get(reverse("claim-detail", args=["aigun-and-peking-ceded-250000-square-miles"])).content.decode()
    assert "Figures disagree" in page and "100,000 sq mi" in page
    assert '<svg class="interval-chart"' in page and "Sum of the parts" in page
    assert "“the 250,000 square miles that today form Russia’s Far East" in page
    assert "a repost of" in page and "First appearance" in page


@pytest.mark.parametrize("state", [ClaimStatus.DRAFT, ClaimStatus.IN_REVIEW, ClaimStatus.CHANGES_REQUESTED,
                                   ClaimStatus.REJECTED])
def test_unpublished_claims_answer_404(client, state):
    claim = claim_create(statement="SECRET-DRAFT-TEXT about a treaty.", subjects=[EntityFactory(name="Hidden place")])
    source = SourceFactory(title="SECRET-SOURCE-TITLE")
    appearance_add(claim=claim, source=source, quote="secret quote")
    Claim.objects.filter(pk=claim.pk).update(status=state)
    assert client.get(reverse("claim-detail", args=[claim.slug])).status_code == 404
    assert client.get(reverse("source-detail", args=[source.slug])).status_code == 404
    assert client.get(reverse("entity-detail", args=["hidden-place"])).status_code == 404
    for url in (reverse("home"), reverse("claim-list") + "?q=secret", reverse("feed"), reverse("conflict-list")):
        assert b"SECRET" not in client.get(url).content


def test_withdrawn_claim_shows_its_note_and_nothing_else(client):
    author = person(CONTRIBUTOR)
    claim = claim_create(statement="WITHDRAWN-TEXT claim.", created_by=author)
    claim_transition(claim=claim, action="submit", user=author)
    claim_transition(claim=claim, action="approve", user=person(EDITOR))
    claim_transition(claim=claim, action="withdraw", user=person(CHIEF_EDITOR), public_note="The source retracted it.")
    response = client.get(reverse("claim-detail", args=[claim.slug]))
    assert response.status_code == 410
    assert b"The source retracted it." in response.content and b"WITHDRAWN-TEXT" not in response.content


def test_claim_under_correction_shows_the_approved_version(client):
    author, editor = person(CONTRIBUTOR), person(EDITOR)
    claim = claim_create(statement="They met 40 times.", created_by=author)
    claim_transition(claim=claim, action="submit", user=author)
    claim_transition(claim=claim, action="approve", user=editor)
    claim_transition(claim=claim, action="reopen", user=editor, note="Newer count")
    claim_update(claim=claim, statement="They met 42 times (DRAFT).", user=author)
    page = client.get(reverse("claim-detail", args=[claim.slug])).content.decode()
    assert "They met 40 times." in page and "DRAFT" not in page and "reviewing a correction" in page
    claim_transition(claim=claim, action="submit", user=author)
    claim_transition(claim=claim, action="approve", user=person(EDITOR), public_note="We said 40; it is 42.")
    page = client.get(reverse("claim-detail", args=[claim.slug])).content.decode()
    assert "They met 42 times (DRAFT)." in page and "We said 40; it is 42." in page
    feed = client.get(reverse("feed")).content.decode()
    assert "Correction: They met 42 times" in feed


def test_search_is_ranked_full_text(client, seeded):
    response = client.get(reverse("claim-list"), {"q": "Aigun"})
    cards = list(response.context["page"].object_list)  # cards: the claims are read again for their text
    assert cards and all("Aigun" in c.statement + c.rationale for c in Claim.objects.filter(pk__in=[c.pk for c in cards]))
    assert cards[0].rank >= cards[-1].rank
    assert client.get(reverse("claim-list"), {"q": "ceded"}).context["page"].paginator.count >= 6
    assert client.get(reverse("claim-list"), {"q": "zzzz-nothing"}).context["page"].paginator.count == 0
    assert client.get(reverse("claim-list"), {"q": "\"unbalanced"}).status_code == 200  # websearch syntax is forgiving


def test_claim_list_filters(client, seeded):
    def count(**params):
        return client.get(reverse("claim-list"), params).context["page"].paginator.count

    assert count(entity="vladivostok") == 5
    assert count(metric="area-ceded") == 6
    from seeding.seed_data import CLAIMS, TULLY

    assert count(source="tully-blog-repost") == sum(any(a[0] == TULLY for a in c["appearances"]) for c in CLAIMS)
    assert count(conflict="yes") == 7
    assert count(verdict="accurate") == 0
    assert count(verdict="not_yet_rated") == len(CLAIMS)
    assert count(verdict="bogus") == len(CLAIMS)  # unknown values are ignored, not errors


def test_claimreview_json_ld(client, seeded):
    claim = Claim.objects.get(slug="joint-military-exercises-peaked-at-11-in-2024")
    unrated = client.get(reverse("claim-detail", args=[claim.slug])).content.decode()
    assert "ClaimReview" not in unrated  # unrated claims emit none
    Claim.objects.filter(pk=claim.pk).update(verdict=Verdict.MOSTLY_ACCURATE, last_approved_at=claim.published_at)
    html = client.get(reverse("claim-detail", args=[claim.slug])).content.decode()
    data = extruct.extract(html, base_url="http://testserver/", syntaxes=["json-ld"])["json-ld"]
    review = next(item for item in data if item["@type"] == "ClaimReview")
    assert review["claimReviewed"] == claim.statement
    assert review["reviewRating"] == {"@type": "Rating", "name": "Mostly accurate", "alternateName": "Mostly accurate",
                                      "ratingValue": 4, "bestRating": 5, "worstRating": 1}
    item = review["itemReviewed"]
    assert item["@type"] == "Claim" and item["appearance"][0]["headline"].startswith("Why Chinese Nationalists")
    assert item["firstAppearance"]["headline"] == item["appearance"][0]["headline"]
    assert item["author"] == {"@type": "Person", "name": "Filip Capek"}
    assert review["author"]["name"] == "Crosscheck" and review["url"].endswith(f"/claims/{claim.slug}/")
    assert review["datePublished"]


def test_source_derived_text_is_escaped_and_rationale_sanitised(client):
    source = SourceFactory(title="<script>alert('title')</script>")
    claim = published("<img src=x onerror=alert(1)> claim")
    appearance_add(claim=claim, source=source, quote="<script>alert('quote')</script>")
    Claim.objects.filter(pk=claim.pk).update(
        rationale="**Checked.** <script>alert('rationale')</script> [link](javascript:alert(1))",
        verdict=Verdict.ACCURATE, last_approved_at=claim.published_at)
    html = client.get(reverse("claim-detail", args=[claim.slug])).content.decode()
    assert "<script>alert" not in html and "<img" not in html  # present only as escaped text
    # Jinja2 (the reader pages) writes ' as &#39;, Django's templates as &#x27;: either is escaped.
    assert "&lt;script&gt;alert(&#x27;quote&#x27;)&lt;/script&gt;" in html.replace("&#39;", "&#x27;")
    assert "<strong>Checked.</strong>" in html and "javascript:" not in html
    ld = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert json.loads(ld)["claimReviewed"] == "<img src=x onerror=alert(1)> claim"  # data intact, tag-safe


def test_conditional_get_and_cache_headers(client, topic):
    url = reverse("claim-detail", args=[topic["claim"].slug])
    first = client.get(url)
    assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    assert first["ETag"] and not first.has_header("Last-Modified")  # the page shows more than one row
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    # A disagreement appearing changes the page, though the claim itself did not change.
    published("Rival figure", metric=topic["metric"], subjects=[topic["entity"]], figure_text="909,000 km²")
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_resolved_conflict_shows_ranks_and_reasons(client, seeded):
    conflict = Conflict.objects.get(kind="figures")
    members = list(conflict.members.all())
    conflict_resolve(conflict=conflict, user=None, note="Standard references give about 1 million km².",
                     ranks={members[0].claim_id: ("preferred", "Closest to the treaty texts")})
    page = client.get(reverse("conflict-detail", args=[conflict.pk])).content.decode()
    assert "Resolved" in page and "Closest to the treaty texts" in page and "Standard references" in page


def test_methodology_lists_the_scale(client):
    page = client.get(reverse("methodology")).content.decode()
    for label in ("Accurate", "Mostly accurate", "Misleading", "Inaccurate", "Unsupported", "Not yet rated"):
        assert f"<dt>{label}</dt>" in page


def test_pagination_keeps_the_query(client):
    from tests.factories import make_conflicting_claims

    for n in range(21):
        published(f"Paged claim {n}")
    page = client.get(reverse("claim-list"), {"q": "paged"}).content.decode()
    assert 'href="?q=paged&amp;page=2" rel="next"' in page and "Page 1 of 2" in page
    make_conflicting_claims(21)
    page = client.get(reverse("conflict-list"), {"status": "open"}).content.decode()
    assert 'href="?status=open&amp;page=2" rel="next"' in page
    assert "Page 2 of 2" in client.get(reverse("conflict-list"), {"status": "open", "page": 2}).content.decode()


# --- The page cache -------------------------------------------------------------------------------------

@pytest.fixture
def page_cache(settings):
    """Turn the page cache on; advance its generation at each statement, as a commit would.

    The generation advances when a change commits (a deferred trigger); a test's transaction never
    commits, so the trigger is made immediate for it.
    """
    from django.db import connection

    settings.CROSSCHECK_PAGE_CACHE_SECONDS = 3600
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_cached_pages_cost_two_queries_and_a_correction_is_seen_at_once(client, seeded, page_cache,
                                                                        django_assert_num_queries,
                                                                        django_capture_on_commit_callbacks):
    from django.contrib.auth.models import Group

    from claims.models import Claim
    from claims.roles import CHIEF_EDITOR, EDITOR
    from claims.services import claim_transition, claim_update
    from tests.factories import UserFactory

    url = "/claims/treaty-of-aigun-signed-in-1858/"
    first = client.get(url)
    with django_assert_num_queries(cached_page_queries()):  # the generation, and the page from the cache
        again = client.get(url)
    assert again.content == first.content and "Not yet rated" in again.content.decode()

    claim = Claim.objects.get(slug="treaty-of-aigun-signed-in-1858")
    editors = []
    for name, role in [("ed1", EDITOR), ("ed2", CHIEF_EDITOR)]:
        user = UserFactory(username=name)
        user.groups.add(Group.objects.get(name=role))
        editors.append(user)
    with django_capture_on_commit_callbacks(execute=True):  # the bump runs when the change commits
        claim_transition(claim=claim, action="reopen", user=editors[0], note="Rate it.")
        claim_update(claim=claim, user=editors[0], verdict="accurate", rationale="Signed on 28 May 1858.")
        claim_transition(claim=claim, action="submit", user=editors[0])
    assert "Not yet rated" in client.get(url).content.decode()  # under correction: the approved version
    with django_capture_on_commit_callbacks(execute=True):
        claim_transition(claim=claim, action="approve", user=editors[1], note="Checked.",
                         public_note="Rated accurate after checking the treaty text.")
    page = client.get(url).content.decode()
    assert "Accurate" in page and "Rated accurate after checking the treaty text." in page
    assert "Accurate" in client.get("/claims/").content.decode()


def test_a_draft_edit_keeps_the_cache_and_editors_bypass_it(client, seeded, page_cache, django_assert_num_queries,
                                                            django_capture_on_commit_callbacks):
    from claims.services import claim_create
    from tests.factories import UserFactory

    client.get("/")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        claim_create(statement="A draft nobody sees yet.")  # not public: the cached pages stay valid
    assert callbacks == []
    with django_assert_num_queries(cached_page_queries()):
        client.get("/")
    client.force_login(UserFactory(is_staff=True))
    response = client.get("/")
    assert response.status_code == 200 and "A draft nobody sees yet." not in response.content.decode()


def test_anonymous_api_reads_are_cached_and_invalidated_with_the_pages(client, seeded, page_cache,
                                                                       django_capture_on_commit_callbacks):
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from claims.models import Claim
    from claims.roles import CHIEF_EDITOR, EDITOR
    from claims.services import claim_transition, claim_update
    from tests.factories import UserFactory

    claim = Claim.objects.get(slug="treaty-of-aigun-signed-in-1858")
    url = f"/api/v1/claims/{claim.pk}/"
    detail = client.get(url)
    with CaptureQueriesContext(connection) as cold:
        client.get("/api/v1/claims/?page_size=5")
    cold_count = len(cold)  # the next request clears the query log
    with CaptureQueriesContext(connection) as warm:
        again = client.get("/api/v1/claims/?page_size=5")
    warm_sql = [q["sql"] for q in warm.captured_queries]
    assert not any("claims_claim" in sql for sql in warm_sql) and len(warm_sql) < cold_count
    assert again.json() == client.get("/api/v1/claims/?page_size=5").json()
    assert client.get(url, HTTP_IF_NONE_MATCH=detail["ETag"]).status_code == 304

    editor, chief = UserFactory(username="e1"), UserFactory(username="c1")
    editor.groups.add(Group.objects.get(name=EDITOR))
    chief.groups.add(Group.objects.get(name=CHIEF_EDITOR))
    with django_capture_on_commit_callbacks(execute=True):
        claim_transition(claim=claim, action="reopen", user=editor, note="Rate it.")
        claim_update(claim=claim, user=editor, verdict="accurate")
        claim_transition(claim=claim, action="submit", user=editor)
        claim_transition(claim=claim, action="approve", user=chief, note="ok", public_note="Rated accurate.")
    assert client.get(url).json()["verdict"]["value"] == "accurate"


def test_culling_a_full_page_cache_keeps_the_version_stamp(db, settings):
    from pagecache import answers

    settings.CACHES = {**settings.CACHES, "pages": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "crosscheck_page_cache",
        "OPTIONS": {"MAX_ENTRIES": 5, "CULL_FREQUENCY": 2}}}
    version = answers.current_version()
    for n in range(20):
        answers.cache.set(f"page:{n:04x}", b"<html>", 60)
    assert answers.current_version() == version
