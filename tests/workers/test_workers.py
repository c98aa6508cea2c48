"""Real worker processes on real PostgreSQL: a worker killed mid-job, and mail that an SMTP server
refuses, neither of which may lose work or turn an editor's saved write into an error."""
import socket
import time

import pytest
from aiosmtpd.controller import Controller
from rest_framework.test import APIClient

from claims.models import Claim, ClaimStatus
from claims.roles import CHIEF_EDITOR, CONTRIBUTOR
from claims.services import claim_create, claim_transition
from imports import jobs
from imports.models import ImportJob
from sources.models import Snapshot, Source
from tests.factories import if_match, user_with_role
from tests.imports.articles import ARTICLE_HTML
from tests.loopback import LoopbackServer, Route
from tests.workers import Worker, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_worker_killed_mid_import_leaves_the_job_to_be_done_once_on_restart(tmp_path):
    with LoopbackServer() as site:
        site.routes["/slow"] = Route(ARTICLE_HTML.encode(), delay=4)  # the page takes 4 s to answer
        job = jobs.queue(url=f"{site.url}/slow")
        worker = Worker(tmp_path, CROSSCHECK_IMPORT_ALLOW_PRIVATE_ADDRESSES="1")
        with worker:
            wait_until(lambda: site.hits, what="the worker to fetch the page")
            worker.kill()  # SIGKILL while it waits for the page: no clean-up, no goodbye
        job.refresh_from_db()
        assert job.status == ImportJob.Status.RUNNING and not Source.objects.exists()

        with worker:  # a new worker takes over the job of the silent one (after its heartbeat stops)
            wait_until(lambda: ImportJob.objects.get(pk=job.pk).status not in ("queued", "running"), seconds=60,
                       what=f"the job to finish; worker log:\n{worker.output()}")
            time.sleep(1)  # anything run twice would show by now
        job.refresh_from_db()
        assert job.status == ImportJob.Status.DONE, job.error
        assert site.hits == ["/slow", "/slow"]  # fetched again, as the first fetch never finished
        assert Source.objects.filter(url=f"{site.url}/slow").count() == 1 and Snapshot.objects.count() == 1
        assert job.source.title == "Treaties and land"


class RefusingMailServer:
    """An SMTP server on loopback that answers 451 (try again later) to every message until it accepts."""

    def __init__(self):
        self.accept, self.refused, self.delivered = False, 0, []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        if not self.accept:
            self.refused += 1
            return "451 4.3.0 Mail server temporarily refusing messages"
        self.delivered.append(envelope)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_refusing_mail_server_never_fails_a_saved_approval_and_the_mail_is_retried(tmp_path, settings):
    mail_server, port = RefusingMailServer(), _free_port()
    controller = Controller(mail_server, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        author, chief = user_with_role(CONTRIBUTOR, "author"), user_with_role(CHIEF_EDITOR, "chief")
        claim = claim_create(statement="The reservoir holds 40 million cubic metres.", created_by=author)
        claim_transition(claim=claim, action="submit", user=author)
        client = APIClient()
        client.force_authenticate(chief)
        url = f"/api/v1/claims/{claim.pk}/approve/"
        response = client.post(url, {"note": "Checked."}, format="json", **if_match(client, url))

        assert response.status_code == 200, response.content
        assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.PUBLISHED
        assert mail_server.refused == 0  # the request never spoke to the mail server

        with Worker(tmp_path, EMAIL_BACKEND=settings.EMAIL_BACKEND, EMAIL_HOST="127.0.0.1",
                    EMAIL_PORT=str(port)) as worker:
            wait_until(lambda: mail_server.refused, what=f"a refused attempt; worker log:\n{worker.output()}")
            mail_server.accept = True
            wait_until(lambda: mail_server.delivered, seconds=30, what=f"the retry; worker log:\n{worker.output()}")
            time.sleep(1)
        (delivered,) = mail_server.delivered
        assert delivered.rcpt_tos == ["author@example.org"]
        assert b"Approved: The reservoir holds" in delivered.content
    finally:
        controller.stop()
