"""Precise invalidation: a change invalidates only the cached answers showing what it changed, and no
cached answer ever differs from a fresh render after any sequence of publications and corrections."""
import os

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from api.models import ThrottleWindow
from claims.models import Claim, Entity
from claims.roles import CHIEF_EDITOR, EDITOR
from claims.services import claim_create, claim_transition, claim_update
from pagecache import answers, cachetags
from pagecache.models import TagVersion
from tests.factories import user_with_role
from tests.pagecache.counting import cached_page_queries
from tests.pagecache.fresh import fresh as _fresh


def _correct(claim, editor, chief, verdict, note):
    claim_transition(claim=Claim.objects.get(pk=claim.pk), action="reopen", user=editor, note="Check it again.")
    claim_update(claim=Claim.objects.get(pk=claim.pk), user=editor, verdict=verdict)
    claim_transition(claim=Claim.objects.get(pk=claim.pk), action="submit", user=editor)
    claim_transition(claim=Claim.objects.get(pk=claim.pk), action="approve", user=chief, note="ok", public_note=note)


def _stored(path, kind="page"):
    """Return the cache entry of ``path`` if it is current (as a request would find it)."""
    from django.test import RequestFactory

    stored, _ = answers.lookup(answers.key_for(RequestFactory().get(path), kind=kind))
    return stored


@pytest.mark.django_db(transaction=True)
def test_tags_get_versions_exactly_when_the_change_commits():
    before = answers.current_version()
    with transaction.atomic():
        answers.touch(["claim:1", "list:claims"])
        assert answers.tag_versions(["claim:1"]) == {}  # not before the data it describes is visible
    versions = answers.tag_versions(["claim:1", "list:claims", "claim:2", cachetags.ANY])
    assert set(versions) == {"claim:1", "list:claims", cachetags.ANY}
    assert all(before < version <= answers.current_version() for version in versions.values())
    with pytest.raises(RuntimeError), transaction.atomic():
        answers.touch(["claim:2"])
        raise RuntimeError("the change fails")
    assert "claim:2" not in answers.tag_versions(["claim:2"])  # a rolled-back change touches nothing
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM reader_pendinginvalidation")
        assert cursor.fetchone()[0] == 0


def test_a_correction_invalidates_only_the_pages_showing_that_claim(client, page_cache, newsroom):
    editor, chief = newsroom
    water = Entity.objects.create(name="Water board", slug="water-board")
    ports = Entity.objects.create(name="Port authority", slug="port-authority")
    a = claim_create(statement="The reservoir holds 40 million cubic metres.", subjects=[water], status="published")
    b = claim_create(statement="The port handled 12 million tonnes in 2023.", subjects=[ports], status="published")
    pages = {"a": f"/claims/{a.slug}/", "b": f"/claims/{b.slug}/", "water": "/entities/water-board/",
             "ports": "/entities/port-authority/", "list": "/claims/", "conflicts": "/conflicts/",
             "methodology": "/methodology/", "api_a": f"/api/v1/claims/{a.pk}/", "api_b": f"/api/v1/claims/{b.pk}/"}
    for path in pages.values():
        assert client.get(path).status_code == 200
    kinds = {name: "api" if name.startswith("api") else "page" for name in pages}
    assert all(_stored(path, kinds[name]) for name, path in pages.items())
    assert "claim:%d" % a.pk in _stored(pages["a"])["tags"]
    # The list shows claims, not their subjects: it carries the claims' tags and the list's, no entity's.
    assert {"claim:%d" % a.pk, "list:claims"} <= set(_stored(pages["list"])["tags"])
    assert not any(tag.startswith("entity:") for tag in _stored(pages["list"])["tags"])

    _correct(a, editor, chief, "mostly_accurate", "Corrected: it holds 30 million cubic metres.")

    gone = {name for name, path in pages.items() if _stored(path, kinds[name]) is None}
    # What shows claim A (its page, its API answer, its entity's page, the claim list) is rendered
    # afresh; what does not (B, B's entity, the conflicts list, methodology) is still served cached.
    assert gone == {"a", "api_a", "water", "list"}
    response = client.get(pages["a"])
    assert "Corrected: it holds 30 million cubic metres." in response.content.decode()
    assert client.get(pages["api_a"]).json()["verdict"]["value"] == "mostly_accurate"
    assert _stored(pages["a"]) is not None  # and cached again


def test_public_answers_carry_tags_and_a_shared_cache_lifetime(client, settings, newsroom):
    settings.CROSSCHECK_SHARED_MAX_AGE = 86400
    claim = claim_create(statement="The bridge is 2 km long.", status="published")
    page = client.get(f"/claims/{claim.slug}/")
    keys = page["Surrogate-Key"].split()
    assert {f"claim:{claim.pk}", cachetags.ALL} <= set(keys)
    assert page["Cache-Tag"].split(",") == keys
    assert "s-maxage=86400" in page["Cache-Control"] and "public" in page["Cache-Control"]
    api = client.get(f"/api/v1/claims/{claim.pk}/")
    assert f"claim:{claim.pk}" in api["Surrogate-Key"].split() and "s-maxage=86400" in api["Cache-Control"]
    assert "Accept" in api["Vary"]
    assert "list:claims" in client.get("/api/v1/claims/")["Surrogate-Key"].split()
    editor, _ = newsroom
    client.force_login(editor)
    signed_in = client.get(f"/claims/{claim.slug}/")
    assert not signed_in.has_header("Surrogate-Key") and "private" in signed_in["Cache-Control"]
    assert "s-maxage" not in signed_in["Cache-Control"]
    from rest_framework.test import APIClient

    staff = APIClient()
    staff.force_authenticate(editor)
    drafts = staff.get(f"/api/v1/claims/{claim.pk}/")
    assert not drafts.has_header("Surrogate-Key") and "private" in drafts["Cache-Control"]


def test_a_sitemap_showing_many_rows_carries_any_instead(db, client, settings):
    settings.CROSSCHECK_MAX_ANSWER_TAGS = 5
    for n in range(6):
        claim_create(statement=f"Town {n} has {n + 2} schools.", status="published")
    keys = set(client.get("/sitemap-claims.xml")["Surrogate-Key"].split())
    assert keys == {cachetags.ALL, cachetags.ANY, cachetags.LIST_CLAIMS}


@pytest.mark.django_db(transaction=True)
def test_cached_reads_cost_one_query_for_the_tag_check_and_one_for_a_table_cache(client, page_cache,
                                                                                 django_assert_num_queries):
    claim = claim_create(statement="The tunnel is 5 km long.", status="published")
    for path in (f"/claims/{claim.slug}/", "/claims/", "/"):
        client.get(path)
        # The generation with the newest of the answer's tags (one query), and the entry when the cache is a table.
        with django_assert_num_queries(cached_page_queries()):
            assert client.get(path).status_code == 200
    for path in (f"/api/v1/claims/{claim.pk}/", "/api/v1/claims/"):
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        # The rate limits count in Redis or their own table (api.throttling: one query); the rest is ours.
        ours = [q["sql"] for q in queries.captured_queries if "crosscheck_cache" not in q["sql"]
                and "api_throttlewindow" not in q["sql"] and q["sql"] not in ("BEGIN", "COMMIT")]
        assert len(ours) == cached_page_queries(), ours
    # A page too large for a header costs the same (it is checked against its few list tags).
    client.get("/sitemap-claims.xml")
    with django_assert_num_queries(cached_page_queries()):
        client.get("/sitemap-claims.xml")


def test_a_change_readers_cannot_see_touches_nothing(newsroom):
    editor, _ = newsroom
    before = answers.current_version()
    claim_create(statement="A draft: the mine employs 400 people.", created_by=editor)
    assert answers.current_version() == before
    assert not TagVersion.objects.filter(tag__startswith="claim:").exists()


# --- After any sequence of publications, no cached page differs from a fresh render -----------------

STATEMENTS = ["The lake covers 12 km².", "The lake covers 19 km².", "The city has 300000 residents.",
              "The bridge is 2 km long."]
ACTIONS = st.lists(st.tuples(st.sampled_from(["retag", "publish", "correct", "withdraw", "cite", "move",
                                              "recapture", "flag", "resolve"]),
                             st.integers(0, len(STATEMENTS) - 1)), min_size=1, max_size=6)
_examples = iter(range(10**6))


@pytest.mark.django_db(transaction=True)
@hypothesis_settings(max_examples=int(os.environ.get("CACHE_EXAMPLES", "10")), deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(actions=ACTIONS)
def test_no_cached_answer_differs_from_a_fresh_render(client, actions):
    # Examples share the database (commits are what move tag versions): each brings its own rows,
    # and the lists show every example's.
    with override_settings(CROSSCHECK_PAGE_CACHE_SECONDS=3600):
        _run_example(client, actions)


def _run_example(client, actions):
    example = _Example(next(_examples))
    for action, n in actions:
        getattr(example, action)(n)
        caches["default"].clear()  # the API's rate counters: readers here are many
        ThrottleWindow.objects.all().delete()  # where the cache is the database's, the counters are here
        for path in example.paths():  # readers everywhere between changes; the second read is the cached one
            client.get(path)
            cached = client.get(path)
            assert (cached.status_code, cached.content) == _fresh(client, path), (action, path)


class _Example:
    """One example's claims, entities and sources, and what each action changes (when it applies)."""

    def __init__(self, example: int):
        from claims.roles import CONTRIBUTOR
        from claims.services import appearance_add
        from tests.factories import SourceFactory

        self.n = example
        self.contributor = user_with_role(CONTRIBUTOR)
        self.editor, self.chief = user_with_role(EDITOR), user_with_role(CHIEF_EDITOR)
        self.entities = [Entity.objects.create(name=f"Place {example}-{n}", slug=f"place-{example}-{n}",
                                               kind="organisation") for n in range(2)]
        # The third claim was made by the second place, which the second and fourth are about.
        self.claims = [claim_create(statement=f"Example {example}: {text}", subjects=[self.entities[n % 2]],
                                    claimant=self.entities[1] if n == 2 else None, created_by=self.editor)
                       for n, text in enumerate(STATEMENTS)]
        # One claim published from the start: an empty feed is dated "now", which no cache could keep.
        harbour = claim_create(statement=f"Example {example}: the harbour is 9 m deep.", subjects=[self.entities[0]],
                               status="published")
        # A wire story, a repost of it, and another report: evidence is cited from and moved between them.
        wire = SourceFactory(title=f"Wire story {example}")
        self.sources = [wire, SourceFactory(title=f"Repost {example}", original=wire),
                        SourceFactory(title=f"Report {example}")]
        for source in (wire, self.sources[2]):  # public from the start: their pages are cached before changes
            appearance_add(claim=harbour, source=source, quote=harbour.statement)

    def paths(self) -> list[str]:
        from claims.models import Conflict

        paths = ["/", "/claims/", "/conflicts/", "/feed/", "/sitemap-claims.xml", "/api/v1/claims/",
                 "/api/v1/conflicts/", "/api/v1/sources/"]
        paths += [f"/claims/{c.slug}/" for c in self.claims] + [f"/api/v1/claims/{c.pk}/" for c in self.claims]
        paths += [f"/entities/{e.slug}/" for e in self.entities]
        paths += [f"/sources/{s.slug}/" for s in self.sources] + [f"/api/v1/sources/{s.pk}/" for s in self.sources]
        conflicts = Conflict.objects.filter(members__claim__in=self.claims).distinct().order_by("pk")
        return paths + [f"/conflicts/{pk}/" for pk in conflicts.values_list("pk", flat=True)]

    def _claim(self, n) -> Claim:
        return Claim.objects.get(pk=self.claims[n].pk)

    def publish(self, n):
        claim = self._claim(n)
        if claim.status == "draft":
            claim_transition(claim=claim, action="submit", user=self.editor)
            claim_transition(claim=self._claim(n), action="approve", user=self.chief, note="ok")

    def retag(self, n):
        # What a draft is about can change until it is published; it shows on that entity's page then.
        if self._claim(n).status == "draft":
            claim_update(claim=self._claim(n), user=self.editor, subjects=[self.entities[(n + 1) % 2]])

    def correct(self, n):
        claim = self._claim(n)
        if claim.status == "published":
            _correct(claim, self.editor, self.chief, "mostly_accurate" if claim.verdict != "mostly_accurate"
                     else "accurate", f"Correction {n}.")

    def withdraw(self, n):
        if self._claim(n).status == "published":
            claim_transition(claim=self._claim(n), action="withdraw", user=self.chief, public_note="Withdrawn.")

    def cite(self, n):
        """A contributor cites a source for the claim; an editor approves it where readers would see it."""
        from claims.services import appearance_add

        claim = self._claim(n)
        if claim.status in ("draft", "published") and not claim.appearances.exists():
            # Even claims cite the repost (the wire story is public through it), odd ones the report.
            self._approved(appearance_add(claim=claim, source=self.sources[1 + n % 2], quote=claim.statement,
                                          user=self.contributor))

    def move(self, n):
        """A contributor moves the claim's evidence to the next source; an editor approves the change."""
        from claims.services import appearance_change

        evidence = self._claim(n).appearances.filter(status="approved").first()
        if evidence is not None and self._claim(n).status in ("draft", "published"):
            following = self.sources[(self.sources.index(evidence.source) + 1) % 3]
            self._approved(appearance_change(appearance=evidence, user=self.contributor, source=following))

    def _approved(self, appearance):
        from claims.services import evidence_review

        if appearance.status == "pending":
            evidence_review(appearance=appearance, user=self.editor, approve=True)

    def recapture(self, n):
        """A contributor imports a new text of a source; an editor approves it where readers would see it."""
        from imports.capture import from_text
        from imports.services import import_captured
        from imports.snapshots import snapshot_review

        source = self.sources[n % 3]
        text = f"Example {self.n}, capture {source.snapshots.count()}. " + " ".join(
            claim.statement for claim in self.claims) + "\n\nThe report ends with a sentence of its own here."
        snapshot = import_captured(from_text(text), source=source, user=self.contributor).snapshot
        if snapshot.status == "pending":
            snapshot_review(snapshot=snapshot, user=self.editor, approve=True)

    def flag(self, n):
        from claims.services import conflict_flag

        pair = [self._claim(n), self._claim((n + 1) % len(self.claims))]
        if all(claim.status == "published" for claim in pair):
            conflict_flag(claims=pair, note=f"Example {self.n}: they cannot both hold.", user=self.editor)

    def resolve(self, n):
        from claims.models import Conflict
        from claims.services import conflict_resolve

        conflict = Conflict.objects.filter(members__claim=self.claims[n], status="open").first()
        if conflict is not None:
            conflict_resolve(conflict=conflict, ranks={self.claims[n].pk: ("preferred", "The later survey.")},
                             note="The later survey stands.", user=self.chief)


def test_the_flat_api_read_is_tagged_with_every_row_it_shows(client, page_cache, newsroom):
    """The API's flat reads (``.values()``, no instances to tag themselves) carry the same tags."""
    from claims.services import appearance_add, reference_save
    from tests.factories import EntityFactory, MetricFactory, SourceFactory

    editor, _ = newsroom
    subject, claimant, metric, source = EntityFactory(), EntityFactory(kind="person"), MetricFactory(), SourceFactory()
    claim = claim_create(statement="Aigun ceded 600,000 km².", subjects=[subject], claimant=claimant, metric=metric,
                         figure_text="600,000 km²", status="published")
    appearance_add(claim=claim, source=source, quote="Aigun ceded 600,000 km².", user=None)
    path = f"/api/v1/claims/{claim.pk}/"
    answer = client.get(path)
    keys = set(answer["Surrogate-Key"].split())
    assert {f"claim:{claim.pk}", f"entity:{subject.pk}", f"entity:{claimant.pk}", f"metric:{metric.pk}",
            f"source:{source.pk}"} <= keys
    assert _stored(path, kind="api") is not None
    subject.name = "Treaty of Aigun (1858)"
    reference_save(instance=subject, user=editor)
    assert _stored(path, kind="api") is None  # renaming a subject it shows invalidates it
    assert client.get(path).json()["subjects"][0]["name"] == "Treaty of Aigun (1858)"

