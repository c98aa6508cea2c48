"""The edge machine: every door to readers other than the workflow's own steps (run by test_gate_edges)."""
from __future__ import annotations

import itertools
import os
import re
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule
from rest_framework.test import APIClient

from claims import services
from claims.models import Claim, Conflict, EntityAlias, Verdict
from claims.roles import CHIEF_EDITOR, CONTRIBUTOR, EDITOR
from imports import services as imports
from imports.capture import from_text
from sources.models import Snapshot
from tests.factories import EntityFactory, MetricFactory, SourceFactory, if_match, user_with_role

EXAMPLES = int(os.environ.get("GATE_EXAMPLES", "2"))
STEPS = int(os.environ.get("GATE_STEPS", "8"))
_words = itertools.count(1)
ROLES = {"alice": CONTRIBUTOR, "eve": EDITOR, "ed": EDITOR, "cat": CHIEF_EDITOR}
ARTICLE = ("Border report\n\nOfficials said the treaty ceded about 100 km² of land in 1858. A second survey put "
           "the area ceded at 900 km² instead, the archive shows.\n\n{extra}")
# Values that change per request, not per state: the CSP nonce and the CSRF token.
VOLATILE = re.compile(r'nonce="[^"]*"|nonce-[A-Za-z0-9+/=_-]+|name="csrfmiddlewaretoken" value="[^"]*"')


def word() -> str:
    return f"zq{next(_words):05d}edge"


class EdgeMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.users = {name: user_with_role(role, name) for name, role in ROLES.items()}
        self.api, self.admin = {}, {}
        for name, user in self.users.items():
            self.api[name] = APIClient()
            self.api[name].force_authenticate(user)
            self.admin[name] = Client()
            self.admin[name].force_login(user)
        self.reader, self._addresses = Client(), itertools.count(1)
        self.metric = MetricFactory(name="Area ceded", canonical_unit="km²")
        self.subject = EntityFactory(name="Aigun", kind="treaty")
        self.claimant = EntityFactory(name="The Archive", kind="organisation")
        self.source = SourceFactory(title="Border report")
        imports.import_captured(from_text(ARTICLE.format(extra="")), source=self.source)
        self.claims = []
        for figure, verdict in (("about 100 km²", "accurate"), ("900 km²", "not_yet_rated")):
            claim = services.claim_create(statement=f"The treaty ceded {figure}.", subjects=[self.subject],
                                          metric=self.metric, figure_text=figure, verdict=verdict,
                                          claimant=self.claimant, status="published")
            services.appearance_add(claim=claim, source=self.source, quote="ceded about 100 km²"
                                    if figure.startswith("about") else "area ceded at 900 km²")
            self.claims.append(claim.pk)
        self.written: list[str] = []  # every word written anywhere, approved or not
        self.approved_words: set[str] = set()
        self.public = self.answers()

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # --- the oracle --------------------------------------------------------------------------------------

    def _get(self, url):
        address = next(self._addresses)  # the anonymous throttle counts per address; it is not under test
        response = self.reader.get(url, REMOTE_ADDR=f"10.9.{address // 256 % 256}.{address % 256}")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return (response.status_code, VOLATILE.sub("", body.decode()), response.headers.get("ETag"),
                response.headers.get("Last-Modified"))

    def surfaces(self) -> list[str]:
        urls = ["/", "/claims/", "/claims/?q=ceded", "/conflicts/", "/feed/", "/sitemap-claims.xml",
                "/sitemap-sources.xml", f"/entities/{self.subject.slug}/", f"/sources/{self.source.slug}/",
                "/api/v1/claims/", "/api/v1/claims/?q=treaty", "/api/v1/claims/?status=draft",
                "/api/v1/claims/?has_open_conflict=true", "/api/v1/claims.csv", "/api/v1/claimreviews.jsonl",
                "/api/v1/conflicts/", f"/api/v1/entities/{self.subject.pk}/", f"/api/v1/sources/{self.source.pk}/",
                f"/api/v1/entities/?q={quote(self.subject.name)}", "/api/v1/aliases/"]
        urls += [f"/api/v1/claims/?verdict={verdict}" for verdict in Verdict.values]
        urls += [f"/api/v1/claims/?ordering={order}" for order in ("updated_at", "-updated_at", "published_at")]
        for pk in self.claims:
            slug = Claim.objects.values_list("slug", flat=True).get(pk=pk)
            urls += [f"/claims/{slug}/", f"/api/v1/claims/{pk}/", f"/api/v1/claims/{pk}/claimreview/"]
        for pk in Conflict.objects.order_by("pk").values_list("pk", flat=True):
            urls += [f"/conflicts/{pk}/", f"/api/v1/conflicts/{pk}/"]
        return urls

    def answers(self) -> dict[str, tuple]:
        return {url: self._get(url) for url in self.surfaces()}

    def unchanged(self, step: str) -> None:
        """No editor approved this step: every public byte and validator is as editors last approved."""
        now = self.answers()
        changed = [url for url in self.public if url in now and now[url] != self.public[url]]
        assert not changed, (step, changed)
        # Addresses new since then (a new conflict's page) show no word an editor did not approve.
        for url, answer in now.items():
            if url not in self.public:
                assert not any(w in answer[1] for w in self.written if w not in self.approved_words), (step, url)
                self.public[url] = answer
        self.searches_find_nothing_unapproved(step)

    def searches_find_nothing_unapproved(self, step: str) -> None:
        """Searching for words no editor approved answers exactly as searching for words nobody wrote."""
        hidden = [w for w in self.written if w not in self.approved_words][-6:]
        if not hidden:
            return
        control = [word() for _ in hidden]  # words nobody wrote, as many
        templates = {"/claims/?q={}": " or ", "/api/v1/claims/?q={}": " or ", "/api/v1/entities/?q={}": None,
                     "/api/v1/claims/?entity=Name%20{}": None}
        for template, joiner in templates.items():
            probe, blank = (joiner.join(hidden), joiner.join(control)) if joiner else (hidden[-1], control[-1])
            found, expected = self._get(template.format(quote(probe))), self._get(template.format(quote(blank)))
            # The page repeats the query (and its ETag hashes the page): compare status and body, words masked.
            found, expected = found[:2], expected[:2]
            for words in (hidden, control):
                for n, w in enumerate(words):
                    found, expected = ((a[0], a[1].replace(w, f"W{n}")) for a in (found, expected))
            assert found == expected, (step, template, probe)

    def approved(self, *words: str) -> None:
        """An editor approved this step: readers may see its words; it is the new baseline."""
        self.approved_words.update(words)
        self.public = self.answers()

    def _claim(self, index) -> Claim:
        return Claim.objects.get(pk=self.claims[index % len(self.claims)])

    # --- corrections drafted aside -----------------------------------------------------------------------

    @rule(index=st.integers(0, 1), who=st.sampled_from(["eve", "ed"]))
    def reopen(self, index, who):
        claim = self._claim(index)
        assume(claim.status == "published")
        services.claim_transition(claim=claim, action="reopen", user=self.users[who], note="A reader wrote in.")
        # An editor's decision: readers are told a correction is under review (nothing of it is shown).
        self.approved()
        assert "correction" in self._get(f"/claims/{claim.slug}/")[1]

    @rule(index=st.integers(0, 1), change=st.sampled_from(["statement", "figure", "verdict", "role", "period"]),
          via=st.sampled_from(["api", "service"]))
    def draft_a_correction(self, index, change, via):
        claim = self._claim(index)
        assume(claim.status in ("draft", "changes_requested"))
        new = word()
        self.written.append(new)
        fields = {"statement": {"statement": f"Corrected {new} wording."}, "figure": {"figure_text": "5,000 km²"},
                  "verdict": {"verdict": "inaccurate"}, "role": {"claimant_role": f"Keeper {new}"},
                  "period": {"period_label": f"in {new}"}}[change]
        if via == "api":
            response = self.api["alice"].patch(f"/api/v1/claims/{claim.pk}/", fields, format="json",
                                               **if_match(self.api["alice"], f"/api/v1/claims/{claim.pk}/"))
            assert response.status_code == 200, response.content
        else:
            services.claim_update(claim=claim, user=self.users["alice"], **fields)
        self.unchanged(f"draft {change}")

    @rule(index=st.integers(0, 1))
    def submit(self, index):
        claim = self._claim(index)
        assume(claim.status in ("draft", "changes_requested"))
        services.claim_transition(claim=claim, action="submit", user=self.users["alice"])
        self.unchanged("submit")

    @rule(index=st.integers(0, 1), who=st.sampled_from(["eve", "ed"]), approve=st.booleans())
    def review(self, index, who, approve):
        claim = self._claim(index)
        assume(claim.status == "in_review")
        if not approve:
            services.claim_transition(claim=claim, action="request_changes", user=self.users[who], note="Check it.")
            return self.unchanged("request changes")
        try:
            services.claim_transition(claim=claim, action="approve", user=self.users[who], conflict_note="Known.",
                                      public_note="Corrected after a reader's report.")
        except services.ServiceError as refused:
            assert refused.code == "four_eyes", refused  # the same editor twice for a double approval
            return self.unchanged("a refused approval")
        claim = Claim.objects.get(pk=claim.pk)
        if claim.status == "published":
            self.approved(*[w for w in self.written if w in claim.statement + claim.claimant_role
                            + claim.period_label])
            page = self._get(f"/claims/{claim.slug}/")[1]
            assert claim.statement in page.replace("&#x27;", "'").replace("&#39;", "'")
        else:
            self.unchanged("first of two approvals")

    @rule(index=st.integers(0, 1), who=st.sampled_from(["alice", "eve"]),
          via=st.sampled_from(["api", "admin", "service"]))
    def change_a_public_address(self, index, who, via):
        claim = self._claim(index)
        assume(claim.status in ("draft", "changes_requested"))
        new = word()
        self.written.append(new)
        if via == "api":
            response = self.api[who].patch(f"/api/v1/claims/{claim.pk}/", {"slug": f"moved-{new}"}, format="json",
                                           **if_match(self.api[who], f"/api/v1/claims/{claim.pk}/"))
            assert response.status_code == 200, response.content  # the API offers no address to write
        elif via == "admin":
            url = f"/admin/claims/claim/{claim.pk}/change/"
            form = self.admin[who].get(url).content.decode()
            loaded = re.search(r'name="loaded_updated_at" value="([^"]+)"', form)[1]
            self.admin[who].post(url, {
                "statement": claim.statement, "slug": f"moved-{new}", "figure_text": claim.figure_text,
                "verdict": claim.verdict, "rationale": "", "period_label": "", "claimant": self.claimant.pk,
                "claimant_role": "", "loaded_updated_at": loaded, "appearances-TOTAL_FORMS": "0",
                "appearances-INITIAL_FORMS": "0", "reviews-TOTAL_FORMS": "0", "reviews-INITIAL_FORMS": "0"})
        else:
            with pytest.raises(services.ServiceError):
                services.claim_update(claim=claim, user=self.users[who], slug=f"moved-{new}")
        assert not Claim.objects.filter(slug=f"moved-{new}").exists()
        self.unchanged("slug edit")

    @rule(figure=st.sampled_from(["about 100 km²", "5,000 km²", "900 km²"]))
    def a_new_draft_joins_a_conflict(self, figure):
        new = word()
        self.written.append(new)
        services.claim_create(statement=f"Draft {new} says {figure}.", subjects=[self.subject], metric=self.metric,
                              figure_text=figure, created_by=self.users["alice"])
        self.unchanged("new draft claim")

    # --- aliases ---------------------------------------------------------------------------------------------

    @rule(who=st.sampled_from(["alice", "eve"]))
    def add_an_alias(self, who):
        new = word()
        self.written.append(new)
        response = self.api[who].post("/api/v1/aliases/", {"entity": self.subject.pk, "name": f"Name {new}"},
                                      format="json")
        assert response.status_code == 201, response.content
        if who == "alice":
            self.unchanged("a contributor's alias")
        else:
            self.approved(new)

    @rule(who=st.sampled_from(["eve", "ed"]), approve=st.booleans())
    def review_an_alias(self, who, approve):
        alias = EntityAlias.objects.filter(status="pending").order_by("pk").first()
        assume(alias is not None)
        services.alias_review(alias=alias, user=self.users[who], approve=approve)
        self.approved(alias.name.split()[-1]) if approve else self.unchanged("alias rejected")

    @rule(who=st.sampled_from(["alice", "eve"]))
    def delete_an_alias(self, who):
        alias = EntityAlias.objects.filter(status="approved").order_by("pk").first()
        assume(alias is not None)
        url = f"/api/v1/aliases/{alias.pk}/"
        response = self.api[who].delete(url, **if_match(self.api[who], url))
        if who == "alice":
            assert response.status_code == 403, response.content
            self.unchanged("a contributor deleting an alias")
        else:
            assert response.status_code == 204, response.content
            self.approved()

    # --- new captures of a public source -------------------------------------------------------------------

    @rule(who=st.sampled_from(["alice", "eve"]))
    def import_into_the_source(self, who):
        new = word()
        self.written.append(new)
        imports.import_captured(from_text(ARTICLE.format(extra=f"Update {new}.")), source=self.source,
                                user=self.users[who])
        self.approved(new) if who == "eve" else self.unchanged("a contributor's capture")

    @rule(who=st.sampled_from(["eve", "ed"]), approve=st.booleans())
    def review_a_capture(self, who, approve):
        snapshot = Snapshot.objects.filter(status="pending").order_by("pk").first()
        assume(snapshot is not None)
        imports.snapshot_review(snapshot=snapshot, user=self.users[who], approve=approve)
        if approve:
            self.approved(*[w for w in self.written if w in snapshot.text])
        else:
            self.unchanged("capture rejected")

    # --- accounts ------------------------------------------------------------------------------------------

    @rule(who=st.sampled_from(list(ROLES)), attempt=st.sampled_from(["add", "elevate", "group", "password"]))
    def administer_accounts(self, who, attempt):
        victim = self.users["alice"]
        client = self.admin[who]
        if attempt == "add":
            response = client.post("/admin/auth/user/add/", {"username": f"puppet{next(_words)}",
                                                             "password1": "Sock-puppet-42", "password2": "Sock-puppet-42",
                                                             "usable_password": "true"})
        elif attempt == "elevate":
            response = client.post(f"/admin/auth/user/{victim.pk}/change/", {
                "username": victim.username, "is_active": "on", "is_staff": "on", "is_superuser": "on",
                "groups": [Group.objects.get(name=EDITOR).pk], "date_joined_0": "2026-01-01",
                "date_joined_1": "00:00:00"})
        elif attempt == "group":
            group = Group.objects.get(name=CONTRIBUTOR)
            response = client.post(f"/admin/auth/group/{group.pk}/change/", {
                "name": group.name, "permissions": list(Group.objects.get(name=CHIEF_EDITOR).permissions
                                                        .values_list("pk", flat=True))})
        else:
            response = client.post(f"/admin/auth/user/{self.users['eve'].pk}/password/", {
                "password1": "Taken-over-42", "password2": "Taken-over-42", "usable_password": "true"})
        assert response.status_code == 403, (who, attempt, response.status_code)
        alice = get_user_model().objects.get(pk=victim.pk)
        assert not alice.is_superuser and list(alice.groups.values_list("name", flat=True)) == [CONTRIBUTOR]
        assert not Group.objects.get(name=CONTRIBUTOR).permissions.filter(codename="review_claim").exists()
        self.unchanged(f"{who} administering accounts")
