"""Lists found by querying (a source's quotes and reposts, an entity's claims) leave the page cache
when a change adds or removes one of their rows, not only when a row they show changes."""
from claims.models import Claim, Entity
from claims.services import claim_create, claim_transition
from tests.factories import user_with_role
from tests.pagecache.fresh import fresh, stale


def test_moving_evidence_to_another_source_invalidates_what_showed_the_old_source(client, page_cache, newsroom):
    """An approved change that moves evidence off a source touches that source too: the source may stop
    being public (its page and API answer go), and the page of the source it copies stops listing it."""
    from claims.models import Appearance
    from claims.roles import CONTRIBUTOR
    from claims.services import appearance_add, appearance_change, evidence_review
    from tests.factories import SourceFactory

    editor, _ = newsroom
    original, elsewhere = SourceFactory(title="The wire story"), SourceFactory(title="A later report")
    copy = SourceFactory(title="A repost of the wire story", original=original)
    claim = claim_create(statement="The dam is 80 m tall.", status="published")
    evidence = appearance_add(claim=claim, source=copy, quote="The dam is 80 m tall.")
    paths = [f"/sources/{original.slug}/", f"/sources/{copy.slug}/", f"/api/v1/sources/{copy.pk}/",
             f"/api/v1/sources/{original.pk}/", f"/claims/{claim.slug}/", f"/api/v1/claims/{claim.pk}/"]
    assert all(client.get(path).status_code == 200 for path in paths)
    assert "Reposted by" in client.get(paths[0]).content.decode()

    change = appearance_change(appearance=evidence, user=user_with_role(CONTRIBUTOR), source=elsewhere)
    assert stale(client, paths) == []  # a pending change shows nowhere
    evidence_review(appearance=Appearance.objects.get(pk=change.pk), user=editor, approve=True)

    assert fresh(client, paths[1])[0] == 404 and "Reposted by" not in fresh(client, paths[0])[1].decode()
    assert stale(client, paths) == []


def test_publishing_a_claim_invalidates_the_pages_of_the_sources_it_cites(client, page_cache, newsroom):
    """A source page lists its public claims' quotes (found by querying): a claim published with evidence
    there appears, and a repost it makes public appears on its original's page."""
    from claims.services import appearance_add
    from tests.factories import SourceFactory

    editor, chief = newsroom
    report = SourceFactory(title="The report")
    wire, repost = SourceFactory(title="The wire story"), SourceFactory(title="A repost", original=report)
    first = claim_create(statement="The dam is 80 m tall.", status="published")
    appearance_add(claim=first, source=report, quote="The dam is 80 m tall.")
    appearance_add(claim=first, source=wire, quote="The dam is 80 m tall.")
    draft = claim_create(statement="The dam cost 3 billion.", created_by=editor)
    appearance_add(claim=draft, source=wire, quote="The dam cost 3 billion.", user=editor)
    appearance_add(claim=draft, source=repost, quote="The dam cost 3 billion.", user=editor)
    paths = [f"/sources/{report.slug}/", f"/sources/{wire.slug}/"]
    assert all(client.get(path).status_code == 200 for path in paths)
    claim_transition(claim=draft, action="submit", user=editor)
    claim_transition(claim=Claim.objects.get(pk=draft.pk), action="approve", user=chief, note="ok")
    assert "Reposted by" in fresh(client, paths[0])[1].decode()
    assert "The dam cost 3 billion." in fresh(client, paths[1])[1].decode()
    assert stale(client, paths) == []


def test_publishing_a_claim_invalidates_the_page_of_who_made_it(client, page_cache, newsroom):
    """An entity's page lists the claims it made: a claim published with it as claimant appears there."""
    editor, chief = newsroom
    mayor = Entity.objects.create(name="The mayor", slug="the-mayor", kind="person")
    claim_create(statement="The mayor opened 3 schools.", subjects=[mayor], status="published")
    said = claim_create(statement="The city planted 4000 trees.", claimant=mayor, created_by=editor)
    paths = ["/entities/the-mayor/", f"/api/v1/entities/{mayor.pk}/"]
    assert all(client.get(path).status_code == 200 for path in paths)
    claim_transition(claim=said, action="submit", user=editor)
    claim_transition(claim=Claim.objects.get(pk=said.pk), action="approve", user=chief, note="ok")
    assert "The city planted 4000 trees." in fresh(client, paths[0])[1].decode()
    assert stale(client, paths) == []

