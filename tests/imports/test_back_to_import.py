"""Back to an import: every import is a record with its candidates and decisions, listed with what is undecided."""
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Appearance, Claim, ClaimStatus, Verdict
from claims.roles import CONTRIBUTOR, EDITOR
from claims.services import claim_create
from imports import capture, jobs, proposing, records, services, stored
from imports.models import CandidateDecision, ImportCandidate, ImportJob
from sources.models import Snapshot
from tests.conftest import ARTICLES, team_article
from tests.factories import user_with_role
from tests.imports.articles import ARTICLE_HTML, LEDGER, LEDGER_REPOST, review_form_data
from tests.loopback import LoopbackServer, Route

pytestmark = pytest.mark.django_db
ADD = "/admin/imports/importjob/add/"
LIST = "/admin/imports/importjob/"


def kept(job: ImportJob) -> None:
    """Assert the import is done, with a capture and every candidate it proposed kept."""
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.snapshot_id and job.source_id, job.error
    assert job.candidate_count and job.candidates.count() == job.candidate_count


def test_every_entry_path_leaves_a_record_with_its_candidates(client, seeded, settings, capsys):
    settings.CROSSCHECK_IMPORT_ALLOW_PRIVATE_ADDRESSES = True
    user = user_with_role(EDITOR)
    client.force_login(user)
    with LoopbackServer() as server:
        server.routes["/article"] = Route(ARTICLE_HTML.encode())
        client.post(ADD, {"text": team_article(LEDGER), "title": "Pasted"})
        client.post(ADD, {"upload": SimpleUploadedFile("repost.txt", team_article(LEDGER_REPOST).encode())})
        client.post(ADD, {"url": server.url + "/article"})
        client.post(ADD, {"text": "Russia and China held 11 exercises in 2024, officials in Moscow said on Tuesday. "
                                  "The drills took place in the Sea of Japan and lasted a week.", "background": "on"})
        call_command("import_source", str(ARTICLES / "frontier-ledger-edited.txt"), "--json")
        call_command("import_source", server.url + "/article", "--background", "--title", "Queued by command")
        assert jobs.run_pending() == 2
    jobs_made = list(ImportJob.objects.order_by("pk"))
    assert [(j.via, j.background, j.input_name, j.created_by) for j in jobs_made] == [
        ("desk", False, "", user), ("desk", False, "repost.txt", user), ("desk", False, "", user),
        ("desk", True, "", user), ("command", False, "frontier-ledger-edited.txt", None), ("command", True, "", None)]
    for job in jobs_made:
        kept(job)
    assert jobs_made[2].url == server.url + "/article" and jobs_made[5].url == server.url + "/article"
    printed = json.loads(capsys.readouterr().out.splitlines()[0])
    assert printed["import"] == jobs_made[4].pk


def test_source_and_snapshot_pages_link_to_the_candidates(client, seeded):
    client.force_login(user_with_role(EDITOR))
    client.post(ADD, {"text": team_article(LEDGER), "title": "Amur, pasted"})
    snapshot = Snapshot.objects.get(source__title="Amur, pasted")
    review = reverse("admin:imports_review", args=[snapshot.pk])
    link = f'<a class="snapshot-candidates" href="{review}">Review its candidates</a>'
    source_page = client.get(reverse("admin:sources_source_change", args=[snapshot.source_id])).content.decode()
    assert link in source_page
    assert link in client.get(reverse("admin:sources_snapshot_change", args=[snapshot.pk])).content.decode()
    assert link in client.get(reverse("admin:sources_snapshot_changelist")).content.decode()
    assert client.get(review, follow=True).status_code == 200


def test_a_refused_import_leaves_no_record(client, seeded):
    client.force_login(user_with_role(EDITOR))
    response = client.post(ADD, {"text": "Sign In\nShare\n3 Min Read"})
    assert "Nothing was imported" in response.content.decode() and not ImportJob.objects.exists()


def test_kept_candidates_read_back_as_they_were_proposed(seeded):
    job, result = records.import_recorded(capture.from_text(team_article(LEDGER)), via="command")
    assert [stored.from_data(stored.to_data(c)) for c in result.candidates] == [
        stored.from_data(row.data) for row in job.candidates.all()]
    again = records.candidates_of(job)
    fields = ("key", "quote", "figure_text", "value", "unit", "entities", "metric", "period_start", "claimant", "score")
    assert [[getattr(c, f) for f in fields] for c in again] == \
        [[getattr(c, f) for f in fields] for c in result.candidates]


def undecided(job: ImportJob) -> int:
    return ImportJob.objects.with_undecided().get(pk=job.pk).undecided


def test_decisions_are_kept_with_their_outcome_and_undecided_counts_are_exact(seeded):
    job, result = records.import_recorded(capture.from_text(team_article(LEDGER)), via="command")
    total = job.candidate_count
    assert undecided(job) == total > 4
    by_figure = {c.figure_text: c for c in result.candidates}
    new, repeat = by_figure["11 exercises"], by_figure["up to 50 billion cubic meters annually"]
    earlier = Claim.objects.get(slug="power-of-siberia-2-up-to-50-bcm-a-year")
    declined = [c for c in result.candidates if c not in (new, repeat)][:2]
    services.accept_candidates(snapshot=job.snapshot, declined=declined, choices=[
        services.Choice(new, statement="Russia and China held 11 joint exercises in 2024."),
        services.Choice(repeat, attach_to=earlier)])
    decisions = {d.key: d for d in CandidateDecision.objects.all()}
    assert decisions[new.key].outcome == "claim" and decisions[new.key].claim.statement.startswith("Russia and China")
    assert (decisions[repeat.key].outcome, decisions[repeat.key].claim) == ("appearance", earlier)
    assert {decisions[c.key].outcome for c in declined} == {"declined"}
    assert undecided(job) == total - 4
    # The same text imported again is a second record of the same capture: the decisions carry over.
    again, _ = records.import_recorded(capture.from_text(team_article(LEDGER)), via="command")
    assert again.snapshot == job.snapshot and undecided(again) == total - 4
    # An accepted candidate left unticked on a later visit stays accepted; it is never declined by it.
    services.accept_candidates(snapshot=job.snapshot, choices=[], declined=list(records.candidates_of(job)))
    assert CandidateDecision.objects.get(key=new.key).outcome == "claim"
    assert undecided(job) == 0 and not ImportJob.objects.unfinished().exists()


def test_the_candidates_page_shows_decisions_and_can_leave_the_rest_for_later(client, seeded):
    client.force_login(user_with_role(CONTRIBUTOR))
    response = client.post(ADD, {"text": team_article(LEDGER), "title": "Amur, pasted"})
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("admin:imports_candidates", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert f"{job.candidate_count} of {job.candidate_count} candidates undecided." in page
    figures = dict((f, int(i)) for i, f in re.findall(r'name="candidate-(\d+)-figure_text" value="([^"]*)"', page))
    data = review_form_data(page, {figures["11 exercises"]: True}, rest="later",
                            **{f"candidate-{figures['11 exercises']}-attach_to": ""})
    response = client.post(response["Location"], data, follow=True)
    page = response.content.decode()
    assert "Created 1 draft claim(s)" in page and "The rest are left for later." in page
    assert f"{job.candidate_count - 1} of {job.candidate_count} candidates undecided." in page
    assert page.count('class="decision undecided"') == job.candidate_count - 1
    assert 'class="decision decision-claim">Accepted as a new claim' in page
    # The capture's page (linked from the source) opens the same import, to pick it up where it was left.
    snapshot_review = reverse("admin:imports_review", args=[job.snapshot_id])
    assert client.get(snapshot_review)["Location"] == reverse("admin:imports_candidates", args=[job.pk])
    # The default button declines what is left.
    response = client.post(reverse("admin:imports_candidates", args=[job.pk]), review_form_data(page, {}), follow=True)
    assert "0 of" in response.content.decode() and undecided(job) == 0
    assert CandidateDecision.objects.filter(outcome="declined").count() == job.candidate_count - 1


def test_said_before_records_a_repeat_as_an_appearance_in_one_click(client, seeded):
    client.force_login(user_with_role(EDITOR))
    earlier = Claim.objects.get(slug="power-of-siberia-2-up-to-50-bcm-a-year")
    client.post(ADD, {"text": team_article(LEDGER), "title": "Amur, pasted"})
    job = ImportJob.objects.get()
    url = reverse("admin:imports_candidates", args=[job.pk])
    page = client.get(url).content.decode()
    row = re.search(r'<tr id="candidate-\d+" data-key="([^"]+)">((?:(?!</tr>).)*up to 50 billion cubic meters'
                    r'(?:(?!</tr>).)*)</tr>', page, re.S)
    key, row_html = row[1], row[2]
    assert "Said before" in row_html and f'data-claim="{earlier.pk}"' in row_html
    assert "Published, not yet rated" in row_html and "the same figure under the same metric" in row_html
    button = f'name="repeat" value="{key}:{earlier.pk}"'
    assert button in row_html
    response = client.post(url, {"repeat": f"{key}:{earlier.pk}"}, follow=True)
    assert f"Recorded as an appearance of “{earlier.statement}”" in response.content.decode()
    assert Appearance.objects.filter(claim=earlier, source=job.source).exists()
    decision = CandidateDecision.objects.get(key=key)
    assert (decision.outcome, decision.claim) == ("appearance", earlier)
    assert undecided(job) == job.candidate_count - 1
    # A claim the candidate does not repeat cannot be attached by forging the button.
    other = Claim.objects.exclude(pk=earlier.pk).first()
    client.post(url, {"repeat": f"{key}:{other.pk}"})
    assert not Appearance.objects.filter(claim=other, source=job.source).exists()


def test_said_before_finds_a_repeat_by_wording_without_a_figure(db):
    earlier = claim_create(statement="Total bilateral trade between Russia and China has been rising since 2022.",
                           status=ClaimStatus.PUBLISHED, verdict=Verdict.ACCURATE)
    text = ("Trade report\n\nSanctions changed where Russia sells its oil and gas. Total bilateral trade between "
            "Russia and China has risen since 2022. Analysts in Moscow and Beijing follow the figures closely.")
    _job, result = records.import_recorded(capture.from_text(text), via="command")
    [candidate] = [c for c in result.candidates if "bilateral trade" in c.quote]
    assert (candidate.matches[0]["id"], candidate.matches[0]["reason"]) == (earlier.pk, "same wording")
    assert (candidate.matches[0]["status_label"], candidate.matches[0]["verdict_label"]) == ("Published", "Accurate")
    assert proposing.preselected(candidate) == ""  # wording alone never pre-selects "Record as"


def make_imports(n: int, start: int = 0) -> None:
    text = team_article(LEDGER)
    for i in range(start, start + n):
        opening = f"This is dispatch number {i} of the series on the Amur frontier and its old treaties.\n\n"
        records.import_recorded(capture.from_text(opening + text), via="command", title=f"Import {i}")


def list_queries(client, query: str = "") -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST + query)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_list_is_newest_first_with_exact_undecided_counts_in_constant_queries(client, seeded):
    client.force_login(user_with_role(EDITOR))
    make_imports(1)
    one, _ = list_queries(client)
    make_imports(19, start=1)
    first = ImportJob.objects.order_by("pk").first()
    candidate = ImportCandidate.objects.filter(job=first).first()
    CandidateDecision.objects.create(snapshot=first.snapshot, key=candidate.key, accepted=False, outcome="declined")
    twenty, page = list_queries(client)
    # session, user, user's and group's permissions, filtered count, count, rows with their undecided counts
    assert one == twenty == 7
    titles = re.findall(r'field-__str__[^>]*><a [^>]*>Import (\d+)<', page)
    assert titles == [str(i) for i in range(19, -1, -1)]  # newest first
    links = re.findall(r'class="import-candidates" href="/admin/imports/importjob/(\d+)/candidates/">(\d+) of (\d+)',
                       page)
    counts = {int(pk): (int(left), int(total)) for pk, left, total in links}
    assert counts[first.pk] == (first.candidate_count - 1, first.candidate_count)
    assert all(left == total for pk, (left, total) in counts.items() if pk != first.pk)


def test_the_list_filters_imports_with_undecided_candidates_and_sources_link_to_theirs(client, seeded):
    client.force_login(user_with_role(EDITOR))
    make_imports(2)
    done, open_one = ImportJob.objects.order_by("pk")
    services.accept_candidates(snapshot=done.snapshot, choices=[], declined=list(records.candidates_of(done)))
    _, page = list_queries(client, "?undecided=yes")
    assert f"/importjob/{open_one.pk}/candidates/" in page and f"/importjob/{done.pk}/candidates/" not in page
    _, page = list_queries(client, "?undecided=no")
    assert f"/importjob/{done.pk}/candidates/" in page and "all " in page
    source_page = client.get(reverse("admin:sources_source_change", args=[done.source_id])).content.decode()
    imports_of_source = f"{LIST}?source__id__exact={done.source_id}"
    assert f'class="source-imports" href="{imports_of_source}"' in source_page
    _, page = list_queries(client, f"?source__id__exact={done.source_id}")
    assert f"/importjob/{done.pk}/candidates/" in page and f"/importjob/{open_one.pk}/candidates/" not in page
    snapshot_page = client.get(reverse("admin:sources_snapshot_change", args=[done.snapshot_id])).content.decode()
    assert f'class="snapshot-imports" href="{LIST}?snapshot__id__exact={done.snapshot_id}"' in snapshot_page


def test_only_those_who_import_and_write_claims_decide_on_candidates_whoever_calls(client, seeded):
    """Declines write no claim but train the detector: the service refuses them to anyone else, as the page does."""
    from django.contrib.auth import get_user_model

    from claims.errors import ServiceError

    job, _ = records.import_recorded(capture.from_text(team_article(LEDGER)), via="command")
    outsider = get_user_model().objects.create_user("outsider", password="x", is_staff=True)
    with pytest.raises(ServiceError, match="not allowed"):
        services.accept_candidates(snapshot=job.snapshot, user=outsider, choices=[],
                                   declined=list(records.candidates_of(job)))
    assert not CandidateDecision.objects.exists()
    client.force_login(outsider)
    assert client.get(reverse("admin:imports_candidates", args=[job.pk])).status_code == 403
    contributor = user_with_role(CONTRIBUTOR)
    services.accept_candidates(snapshot=job.snapshot, user=contributor, choices=[],
                               declined=list(records.candidates_of(job)))
    assert CandidateDecision.objects.count() == job.candidate_count
