"""Readers' reports: the public form, its abuse rules (nothing stored from a refused post), the desk."""
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from claims.errors import ServiceError
from claims.models import Claim, ClaimStatus
from claims.roles import CONTRIBUTOR, EDITOR
from claims.services import claim_create, claim_transition, claim_update
from reader import services
from reader.models import ReaderReport
from tests.jobs import run_deferred

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    from tests.factories import user_with_role

    return {"contributor": user_with_role(CONTRIBUTOR, "contributor"), "editor": user_with_role(EDITOR, "editor"),
            "second": user_with_role(EDITOR, "second")}


@pytest.fixture
def claim(people):
    made = claim_create(statement="The treaty ceded 600,000 km².", created_by=people["contributor"])
    claim_transition(claim=made, action="submit", user=people["contributor"])
    claim_transition(claim=made, action="approve", user=people["editor"])
    return Claim.objects.get(pk=made.pk)


@pytest.fixture
def csrf_client():
    """A client that checks CSRF, as browsers meet it: it must fetch the form's token first."""
    return Client(enforce_csrf_checks=True)


def post_report(client, address="203.0.113.5", **fields):
    page = client.get("/report/", REMOTE_ADDR=address)
    token = page.cookies["csrftoken"].value if "csrftoken" in page.cookies else client.cookies["csrftoken"].value
    data = {"kind": "error", "text": "The figure is wrong: the treaty text says 400,000 km².", "page": "",
            "email": "", "website": "", "csrfmiddlewaretoken": token, **fields}
    return client.post("/report/", data, REMOTE_ADDR=address)


def stored() -> tuple[int, int]:
    """Everything a post can leave behind: reports and their history (the rate limit counts reports)."""
    return ReaderReport.objects.count(), ReaderReport.history.count()


def test_a_report_from_a_claim_page_lands_on_the_desk_linked_to_its_claim(client, csrf_client, claim):
    page = client.get(f"/claims/{claim.slug}/").content.decode()
    assert f'href="/report/?page=/claims/{claim.slug}/"' in page  # the footer and the claim's own link
    assert "Report an error on this claim" in page
    form = csrf_client.get(f"/report/?page=/claims/{claim.slug}/")
    assert form.status_code == 200 and form["Cache-Control"].startswith("max-age=0")
    assert f'value="/claims/{claim.slug}/"' in form.content.decode()

    response = post_report(csrf_client, page=f"/claims/{claim.slug}/", email="reader@example.org")
    assert response.status_code == 302 and response["Location"] == "/report/thanks/?kind=error"
    report = ReaderReport.objects.get()
    assert (report.claim, report.status, report.email, report.kind) == (claim, "open", "reader@example.org", "error")
    assert "203.0.113.5" not in report.client_key and len(report.client_key) == 64  # the address is not kept
    assert "We have your report" in csrf_client.get(response["Location"]).content.decode()


def test_csrf_stays_on(claim):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/report/", {"kind": "error", "text": "No token."}).status_code == 403
    assert stored() == (0, 0)


def test_a_suggestion_needs_no_page_and_is_thanked_as_one(csrf_client):
    response = post_report(csrf_client, kind="suggestion", text="Check the 50 bcm pipeline figure in today's paper.")
    assert response.status_code == 302 and "kind=suggestion" in response["Location"]
    assert "We have your suggestion" in csrf_client.get(response["Location"]).content.decode()
    assert ReaderReport.objects.get().claim is None


def test_the_honeypot_refuses_and_stores_nothing(csrf_client):
    response = post_report(csrf_client, website="http://spam.example")
    assert response.status_code == 400
    assert "a field meant to stay empty was filled in" in response.content.decode()
    assert stored() == (0, 0)


@pytest.mark.parametrize("fields, message", [
    ({"text": "   "}, "Write what is wrong"),
    ({"text": "x" * (ReaderReport.TEXT_MAX + 1)}, "Keep it to 4,000 characters (this is 4,001)"),
    ({"email": "not an address"}, "Enter an e-mail address like name@example.org"),
    ({"email": "a" * 250 + "@example.org"}, "The e-mail address is over 254 characters"),
    ({"page": "https://elsewhere.example/"}, "an address on this site"),
    ({"page": "//elsewhere.example/"}, "an address on this site"),
    ({"page": "/\\elsewhere.example/"}, "an address on this site"),
    ({"page": "/" + "p" * ReaderReport.PAGE_MAX}, "The page address is over 500 characters"),
    ({"kind": "praise"}, "Choose whether you report an error or suggest a claim"),
])
def test_invalid_posts_say_what_is_wrong_and_store_nothing(csrf_client, fields, message):
    response = post_report(csrf_client, **fields)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and 'aria-invalid="true"' in page or "kind" in fields
    assert stored() == (0, 0)


def test_every_problem_is_named_at_once(csrf_client):
    response = post_report(csrf_client, text="", email="nope", kind="")
    page = response.content.decode()
    assert "Write what is wrong" in page and "Enter an e-mail address" in page and "Choose whether" in page


def test_a_body_over_the_limit_gets_the_413_page_and_stores_nothing(csrf_client, settings):
    settings.CROSSCHECK_REPORT_MAX_BYTES = 2000
    response = post_report(csrf_client, text="y" * 2500)
    assert response.status_code == 413 and "over the 2,000-byte limit" in response.content.decode()
    assert stored() == (0, 0)


def test_a_body_over_the_site_wide_limit_gets_a_page_not_json(csrf_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 3000
    settings.CROSSCHECK_REPORT_MAX_BYTES = 10_000
    response = post_report(csrf_client, text="z" * 3500)
    assert response.status_code == 413 and response["Content-Type"].startswith("text/html")
    assert "That was too large" in response.content.decode()
    assert stored() == (0, 0)


def test_the_body_limit_fits_every_field_at_its_limit_in_any_script(csrf_client):
    response = post_report(csrf_client, text="ж" * ReaderReport.TEXT_MAX, email="a" * 60 + "@example.org",
                           page="/claims/" + "д" * 200 + "/")
    assert response.status_code == 302 and ReaderReport.objects.count() == 1


def test_the_rate_limit_takes_exactly_n_an_hour_per_address(csrf_client, settings):
    settings.CROSSCHECK_REPORTS_PER_HOUR = 3
    for n in range(3):
        assert post_report(csrf_client, text=f"Report {n}").status_code == 302
    refused = post_report(csrf_client, text="One too many")
    assert refused.status_code == 429 and "3 reports in the last hour" in refused.content.decode()
    assert 3500 < int(refused["Retry-After"]) <= 3600
    assert stored() == (3, 3)  # the refused post left nothing, and counts for nothing
    assert post_report(csrf_client, address="198.51.100.7", text="Another reader").status_code == 302

    # The window slides: once the first report is an hour old, one more fits, and only one.
    first = ReaderReport.objects.order_by("created_at").first()
    ReaderReport.objects.filter(pk=first.pk).update(created_at=first.created_at - timedelta(hours=1))
    assert post_report(csrf_client, text="After the hour").status_code == 302
    assert post_report(csrf_client, text="Over again").status_code == 429


def test_refused_posts_do_not_count_toward_the_limit(csrf_client, settings):
    settings.CROSSCHECK_REPORTS_PER_HOUR = 2
    assert post_report(csrf_client).status_code == 302
    for bad in ({"website": "x"}, {"text": ""}, {"email": "bad"}):
        assert post_report(csrf_client, **bad).status_code == 400
    assert post_report(csrf_client).status_code == 302
    assert post_report(csrf_client).status_code == 429


def test_the_limit_counts_the_client_address_the_login_lockout_uses(csrf_client, settings):
    # Behind one trusted proxy (project.security.client_address, django-axes' rule too), readers are
    # told apart by the address the proxy recorded, not by the proxy's own.
    settings.CROSSCHECK_REPORTS_PER_HOUR = 1
    settings.CROSSCHECK_TRUSTED_PROXIES = 1

    def via_proxy(client_address):
        token = csrf_client.get("/report/").cookies.get("csrftoken") or csrf_client.cookies["csrftoken"]
        return csrf_client.post("/report/", {"kind": "error", "text": "Via the proxy.", "csrfmiddlewaretoken":
                                             token.value}, REMOTE_ADDR="10.0.0.2",
                                HTTP_X_FORWARDED_FOR=f"192.0.2.99, {client_address}")

    assert via_proxy("203.0.113.10").status_code == 302
    assert via_proxy("203.0.113.11").status_code == 302  # same proxy, another reader
    assert via_proxy("203.0.113.10").status_code == 429


@hypothesis_settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=ReaderReport.TEXT_MAX + 50), email=st.text(max_size=40))
def test_validation_accepts_exactly_what_fits(text, email):
    data = services.ReportInput(kind="error", text=text, email=email)
    fits = 1 <= len(text.strip()) <= ReaderReport.TEXT_MAX
    try:
        cleaned = services.validate_report(data)
    except ServiceError as exc:
        assert not fits or "email" in exc.fields
    else:
        assert fits and cleaned.text == text.strip()


def report_on(claim, **fields) -> ReaderReport:
    return services.reader_report_submit(
        data=services.ReportInput(kind="error", text="The area is 400,000 km², not 600,000.",
                                  page=f"/claims/{claim.slug}/", **fields), client_address="192.0.2.1")


def test_a_contributor_cannot_answer_dismiss_or_open_the_desk(client, people, claim):
    report = report_on(claim)
    for act in (lambda: services.reader_report_answer(report=report, user=people["contributor"], answer="Thanks."),
                lambda: services.reader_report_dismiss(report=report, user=people["contributor"]),
                lambda: services.reader_report_correct(report=report, user=people["contributor"], answer="Fix.")):
        with pytest.raises(ServiceError) as refused:
            act()
        assert refused.value.code == "permission"
    report.refresh_from_db()
    assert report.status == "open" and report.history.count() == 1
    client.force_login(people["contributor"])
    assert client.get("/admin/reader/readerreport/").status_code == 403
    assert client.post(f"/admin/reader/readerreport/{report.pk}/change/", {"answer": "x", "_answer": "1"}
                       ).status_code == 403
    assert ReaderReport.objects.get().status == "open"


def test_an_answer_is_kept_in_history_and_mailed_to_the_reader(people, claim):
    report = report_on(claim, email="reader@example.org")
    services.reader_report_answer(report=report, user=people["editor"], answer="You are right; we checked.")
    assert mail.outbox == [] and run_deferred("project.send_mail")  # workers send it, not the request
    report.refresh_from_db()
    assert (report.status, report.answered_by) == ("answered", people["editor"])
    assert [h.status for h in report.history.order_by("history_date")] == ["open", "answered"]
    assert mail.outbox[-1].to == ["reader@example.org"] and "You are right" in mail.outbox[-1].body
    with pytest.raises(ServiceError, match="already answered"):
        services.reader_report_dismiss(report=report, user=people["editor"])
    with pytest.raises(ServiceError, match="Write the answer"):
        services.reader_report_answer(report=report_on(claim), user=people["editor"], answer="  ")


def test_published_as_a_correction_it_shows_on_the_claim_page_once_approved(client, people, claim):
    report = report_on(claim)
    client.force_login(people["editor"])
    response = client.post(f"/admin/reader/readerreport/{report.pk}/change/",
                           {"answer": "The area was 400,000 km²; corrected.", "_correct": "1"})
    assert response.status_code == 302
    report.refresh_from_db()
    claim.refresh_from_db()
    assert report.status == "answered" and report.correction.action == "reopen"
    assert claim.status == ClaimStatus.DRAFT and claim.is_public  # readers keep the last approved version
    assert "Reader report #" in report.correction.note

    # The correction goes through the workflow's rules: edited, submitted, approved by another editor.
    claim_update(claim=claim, user=people["contributor"], statement="The treaty ceded 400,000 km².")
    claim_transition(claim=claim, action="submit", user=people["contributor"])
    with pytest.raises(ServiceError) as refused:
        claim_transition(claim=claim, action="approve", user=people["second"])
    assert refused.value.code == "correction"  # a correction needs its public note
    claim_transition(claim=claim, action="approve", user=people["second"], public_note=report.answer)
    page = Client().get(f"/claims/{claim.slug}/").content.decode()
    assert "The area was 400,000 km²; corrected." in page and "The treaty ceded 400,000 km²." in page


def test_a_report_without_a_claim_cannot_become_a_correction(people):
    report = services.reader_report_submit(data=services.ReportInput(kind="suggestion", text="Check this."),
                                           client_address="192.0.2.2")
    with pytest.raises(ServiceError, match="not about a claim"):
        services.reader_report_correct(report=report, user=people["editor"], answer="Fix.")
    assert ReaderReport.objects.get().status == "open"


def test_the_desk_lists_open_first_oldest_first_with_counts(client, people, claim):
    first, second, third = (report_on(claim) for _ in range(3))
    services.reader_report_dismiss(report=first, user=people["editor"])
    client.force_login(people["editor"])
    page = client.get("/admin/reader/readerreport/")
    assert [r.pk for r in page.context["cl"].result_list] == [second.pk, third.pk, first.pk]
    html = page.content.decode()
    assert "Reader reports: 2 open" in html and "Open (2)" in html and "Dismissed (1)" in html


def test_the_desk_lists_in_constant_queries(client, people, claim):
    client.force_login(people["editor"])
    counts = []
    for n in (1, 19):
        for i in range(n):
            services.reader_report_submit(data=services.ReportInput(kind="error", text=f"Queued {i}",
                                                                    page=f"/claims/{claim.slug}/"),
                                          client_address=f"192.0.2.{len(counts) * 50 + i}")
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/admin/reader/readerreport/")
        assert page.status_code == 200 and page.content.decode().count("Queued") >= n
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_desk_page_for_one_report_runs_a_fixed_number_of_queries(client, people, claim, django_assert_num_queries):
    report = report_on(claim)
    client.force_login(people["editor"])
    client.get(f"/admin/reader/readerreport/{report.pk}/change/")  # warm the session and content types
    with django_assert_num_queries(QUERIES_FOR_ONE_REPORT):
        assert client.get(f"/admin/reader/readerreport/{report.pk}/change/").status_code == 200


# Session, user, its own and its groups' permissions, the report with its claim, answerer and correction.
QUERIES_FOR_ONE_REPORT = 5
