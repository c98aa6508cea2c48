"""Debian's Varnish (xkey) in front of gunicorn, with the committed VCL, and a worker sending the
purges: a correction is visible through Varnish at once, purged by tag after commit, while pages it
does not touch stay cached; and no reader's request in flight during an approval leaves the old page
in Varnish (the purge is repeated after the longest request)."""
import http.client
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from claims.models import Claim
from claims.roles import CHIEF_EDITOR, EDITOR
from claims.services import claim_create, claim_transition, claim_update
from pagecache.answers import current_version
from pagecache.models import PurgeTarget
from tests.factories import user_with_role
from tests.workers import Worker, database_url, wait_until

VCL = Path(settings.BASE_DIR) / "deploy" / "varnish" / "crosscheck.vcl"
REPEAT_AFTER = 2
# Rounds of the race test: approvals while readers' requests are in flight (more for a long run).
RACE_ROUNDS = int(os.environ.get("CROSSCHECK_RACE_ROUNDS", "20"))
XKEY_VMOD = "libvmod_xkey.so"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not listen on port {port}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class SlowBackendLink:
    """A TCP relay between Varnish and gunicorn that holds each answer ``delay`` seconds on its way back,
    as a slow render or network does: a request in flight stays in flight while an approval commits."""

    def __init__(self, backend_port: int):
        self.backend_port, self.delay = backend_port, 0.0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client = self.listener.accept()[0]
                backend = socket.create_connection(("127.0.0.1", self.backend_port))
            except OSError:
                return
            threading.Thread(target=self._pump, args=(client, backend, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(backend, client, True), daemon=True).start()

    def _pump(self, source, destination, answers):
        try:
            while chunk := source.recv(65536):
                if answers and self.delay:
                    time.sleep(self.delay)
                destination.sendall(chunk)
        except OSError:
            pass
        finally:
            for end in (source, destination):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self):
        self.listener.close()


def _varnish_available() -> bool:
    if not shutil.which("varnishd"):
        return False
    vmod_dirs = [Path("/usr/lib/x86_64-linux-gnu/varnish/vmods"), Path("/usr/lib/aarch64-linux-gnu/varnish/vmods"),
                 Path("/usr/lib/varnish/vmods")]
    return any((path / XKEY_VMOD).exists() for path in vmod_dirs) or bool(
        list(Path("/usr/lib").glob(f"*/varnish/vmods/{XKEY_VMOD}")))


@pytest.fixture
def varnish_stack(transactional_db, tmp_path, settings):
    """gunicorn serving this test's database on loopback, and varnishd with our VCL in front of it."""
    if not _varnish_available():
        if os.environ.get("CI") == "true":
            pytest.fail("varnishd or its xkey vmod is missing in CI: .ci/run installs Debian's varnish and "
                        "varnish-modules")
        pytest.skip("LOUD SKIP: the Varnish test needs Debian's varnish and varnish-modules "
                    "(apt-get install varnish varnish-modules)")
    url = database_url()  # the embedded server's socket, or DATABASE_URL's address
    app_port, varnish_port = _free_port(), _free_port()
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "0", "DJANGO_SECRET_KEY": "varnish-test-" + "x" * 40,
           "ALLOWED_HOSTS": "127.0.0.1,localhost", "CROSSCHECK_SITE_URL": f"http://127.0.0.1:{varnish_port}/", "SECURE_SSL_REDIRECT": "0", "CROSSCHECK_DATA_DIR": str(tmp_path),
           "CROSSCHECK_API_ANON_RATE": "none", "LOG_LEVEL": "ERROR", "CROSSCHECK_STATIC_ROOT": str(tmp_path / "static"),
           "CROSSCHECK_PURGE_URLS": f"http://127.0.0.1:{varnish_port}/", "CROSSCHECK_PURGE_KIND": "xkey"}
    env.pop("REDIS_URL", None)  # its in-process page cache is the database's, like a default install
    env.pop("PYTEST_XDIST_WORKER", None)
    # As a deployment does: production settings serve collected, hashed static files.
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=settings.BASE_DIR,
                   env=env, check=True, capture_output=True)
    app = subprocess.Popen([sys.executable, "-m", "gunicorn", "project.wsgi", "--workers", "2", "--bind",
                            f"127.0.0.1:{app_port}", "--timeout", "30", "--log-level", "error"],
                           cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL,
                           stderr=(tmp_path / "gunicorn.log").open("wb"))
    vcl = tmp_path / "crosscheck.vcl"
    link = SlowBackendLink(app_port)
    vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{link.port}";'))
    varnish = None
    # The worker that sends the purges: each is repeated after REPEAT_AFTER seconds (renders here take
    # milliseconds; production's default covers gunicorn's and Varnish's 30 s timeouts).
    worker = Worker(tmp_path, CROSSCHECK_PURGE_URLS=env["CROSSCHECK_PURGE_URLS"], CROSSCHECK_PURGE_KIND="xkey",
                    CROSSCHECK_PURGE_REPEAT_AFTER=str(REPEAT_AFTER), LOG_LEVEL="ERROR")
    try:
        worker.start()
        _wait_for(app_port, app, "gunicorn")
        # -F: in the foreground, stopped with the test; -j none: no jail, so it runs as whoever runs the
        # suite (root or not) with its working directory in the test's temp dir; -n that directory.
        varnish = subprocess.Popen(
            ["varnishd", "-F", "-j", "none", "-n", str(tmp_path / "varnish"), "-a", f"127.0.0.1:{varnish_port}",
             "-T", "127.0.0.1:0", "-f", str(vcl), "-s", "malloc,32m", "-p", "default_ttl=3600"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _wait_for(varnish_port, varnish, "varnishd")
        settings.CROSSCHECK_PURGE_URLS = [f"http://127.0.0.1:{varnish_port}/"]
        settings.CROSSCHECK_PURGE_KIND = "xkey"
        yield {"varnish": varnish_port, "app": app_port, "log": tmp_path / "gunicorn.log", "worker": worker, "link": link}
    finally:
        link.close()
        worker.stop()
        if varnish is not None:
            _stop(varnish)
        _stop(app)


def _get(port: int, path: str, headers: dict | None = None) -> tuple[int, dict, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": "localhost", **(headers or {})})
        response = conn.getresponse()
        body = response.read().decode()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


def _wait_for_purges(worker: Worker, *, repeats: bool) -> None:
    """Wait until the worker purged every change (``repeats``: and sent the repeats too)."""
    def done():
        target = PurgeTarget.objects.filter(url=settings.CROSSCHECK_PURGE_URLS[0]).first()
        purged = target is not None and target.purged_through >= current_version()
        if not repeats:
            return purged
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'pagecache.purge_changes'"
                           " AND status IN ('todo', 'doing')")
            return purged and cursor.fetchone()[0] == 0
    wait_until(done, seconds=REPEAT_AFTER + 30, what=f"the purges; worker log:\n{worker.output()}")


def _purge(port: int, tags: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("PURGE", "/", headers={"xkey-purge": tags})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def test_a_correction_shows_through_varnish_at_once_while_other_pages_stay_cached(varnish_stack):
    port = varnish_stack["varnish"]
    editor, chief = user_with_role(EDITOR, "ed"), user_with_role(CHIEF_EDITOR, "chief")
    a = claim_create(statement="The pipeline carries 38 bcm a year.", status="published", verdict="misleading")
    b = claim_create(statement="The port handled 12 million tonnes in 2023.", status="published")
    pages = {"a": f"/claims/{a.slug}/", "b": f"/claims/{b.slug}/", "api_a": f"/api/v1/claims/{a.pk}/"}
    _wait_for_purges(varnish_stack["worker"], repeats=True)  # the creations' own purges are behind us

    for name, path in pages.items():
        status, first, _ = _get(port, path)
        assert status == 200 and first["x-cache"] == "MISS"
        assert f"claim:{(b if name == 'b' else a).pk}" in first["surrogate-key"].split()
        assert "s-maxage=86400" in first["cache-control"] and "public" in first["cache-control"]
        status, second, _ = _get(port, path)
        assert status == 200 and second["x-cache"] == "HIT", f"{path} was not kept by Varnish"
        assert "xkey" not in second  # Varnish's own index header stays inside

    claim_transition(claim=Claim.objects.get(pk=a.pk), action="reopen", user=editor, note="The figure was wrong.")
    claim_update(claim=Claim.objects.get(pk=a.pk), user=editor, verdict="mostly_accurate")
    claim_transition(claim=Claim.objects.get(pk=a.pk), action="submit", user=editor)
    claim_transition(claim=Claim.objects.get(pk=a.pk), action="approve", user=chief, note="ok",
                     public_note="Corrected: the pipeline carries 28 bcm a year.")
    _wait_for_purges(varnish_stack["worker"], repeats=False)

    status, after, body = _get(port, pages["a"])
    assert status == 200, varnish_stack["log"].read_text()[-3000:]
    assert after["x-cache"] == "MISS"  # purged by its tag, fetched afresh
    assert "Corrected: the pipeline carries 28 bcm a year." in body
    status, api_after, api_body = _get(port, pages["api_a"])
    assert api_after["x-cache"] == "MISS" and '"mostly_accurate"' in api_body
    _wait_for_purges(varnish_stack["worker"], repeats=True)
    status, untouched, _ = _get(port, pages["b"])
    assert untouched["x-cache"] == "HIT"  # nothing B shows changed: still served by Varnish
    assert int(untouched["age"]) >= 0
    target = PurgeTarget.objects.get()
    assert target.failures == 0 and target.purged_through > 0


def test_varnish_keeps_no_untagged_answer_and_refuses_malformed_purges(varnish_stack):
    port = varnish_stack["varnish"]
    for _ in range(2):
        status, headers, _ = _get(port, "/claims/not-published-yet/")
        assert status == 404 and headers["x-cache"] == "MISS"  # a 404 could never be purged: never kept
    claim = claim_create(statement="The dam holds 3 cubic kilometres.", status="published")
    _get(port, f"/claims/{claim.slug}/")
    # Signed-in editors pass through: their pages are private.
    status, headers, _ = _get(port, f"/claims/{claim.slug}/", {"Cookie": "sessionid=whatever"})
    assert headers["x-cache"] == "MISS" and "private" in headers["cache-control"]
    assert "surrogate-key" not in headers
    assert _purge(port, "") == 400


def _draft_correction(claim_pk: int, editor) -> None:
    claim_transition(claim=Claim.objects.get(pk=claim_pk), action="reopen", user=editor, note="Wrong figure.")
    claim_update(claim=Claim.objects.get(pk=claim_pk), user=editor, verdict="mostly_accurate")
    claim_transition(claim=Claim.objects.get(pk=claim_pk), action="submit", user=editor)


def test_no_reader_request_in_flight_during_an_approval_leaves_the_old_page_in_varnish(varnish_stack):
    """Race readers' requests against approvals: whatever Varnish stored meanwhile, the repeat purge removes.

    Each round, readers keep requesting a claim's page through Varnish while its correction is approved;
    the backend's answers take 0.5 s to come back, and just before the approval the page leaves the
    cache (as on expiry or eviction), so a render of the old page is in flight when the approval commits
    and reaches Varnish after the first purge: the case that kept a stale verdict for a day.
    """
    port, worker = varnish_stack["varnish"], varnish_stack["worker"]
    editor, chief = user_with_role(EDITOR, "ed"), user_with_role(CHIEF_EDITOR, "chief")
    claims = [claim_create(statement=f"The plant employs {1000 + n} people.", status="published",
                           verdict="misleading") for n in range(RACE_ROUNDS)]
    _wait_for_purges(worker, repeats=True)
    varnish_stack["link"].delay = 0.5
    rounds, stale_after_first_purge = [], 0
    for number, claim in enumerate(claims):
        path, note = f"/claims/{claim.slug}/", f"Corrected in round {number}: it employs {900 + number}."
        _draft_correction(claim.pk, editor)
        stop = threading.Event()

        def read(path=path, stop=stop):
            while not stop.is_set():
                _get(port, path)

        readers = [threading.Thread(target=read) for _ in range(3)]
        for reader in readers:
            reader.start()
        try:
            _purge(port, f"claim:{claim.pk}")  # the page leaves the cache: a reader's request fetches it
            time.sleep(0.1)
            claim_transition(claim=Claim.objects.get(pk=claim.pk), action="approve", user=chief, note="ok",
                             public_note=note)
            _wait_for_purges(worker, repeats=False)
            time.sleep(0.6)  # the render that read the old page reaches Varnish now
        finally:
            stop.set()
            for reader in readers:
                reader.join()
        stale_after_first_purge += note not in _get(port, path)[2]
        rounds.append((path, note))

    _wait_for_purges(worker, repeats=True)
    stale = [path for path, note in rounds if note not in _get(port, path)[2]]
    print(f"race: {stale_after_first_purge} of {RACE_ROUNDS} rounds kept an old page in Varnish after the first "
          f"purge; {len(stale)} after the repeat")
    assert stale == [], f"{len(stale)} of {RACE_ROUNDS} pages still show the old verdict through Varnish"
