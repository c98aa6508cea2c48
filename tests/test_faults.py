"""Faults are survived: the database stops under load and starts again, behind gunicorn with two workers.

Requests in flight get clean 503s (JSON under /api/), service returns by itself once the database
is back, and every write either happened whole (claim and history row) or not at all.
"""
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings

from project.embedded_postgres import ensure_running

DATABASE = "crosscheck_fault"


def _pg_ctl(pgdata: Path, *args: str) -> None:
    from pgserver._commands import pg_ctl

    pg_ctl(["-w", *args], pgdata=pgdata, user="pgserver" if os.geteuid() == 0 else None)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def app(server_tmp_path):
    """A fresh database on its own embedded server, migrated and seeded, served by gunicorn."""
    tmp_path = server_tmp_path
    pgdata = tmp_path / "postgres"
    socket_dir = ensure_running(pgdata, DATABASE)
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@{quote(socket_dir, safe='')}/{DATABASE}",
           "DEBUG": "0", "DJANGO_SECRET_KEY": "fault-test-" + "x" * 40, "ALLOWED_HOSTS": "127.0.0.1,localhost",
           "SECURE_SSL_REDIRECT": "0", "CROSSCHECK_DATA_DIR": str(tmp_path), "CROSSCHECK_API_ANON_RATE": "none",
           "CROSSCHECK_API_USER_RATE": "none", "CROSSCHECK_API_TOKEN_RATE": "none", "LOG_LEVEL": "ERROR"}
    # As a deployment does: production settings serve collected, hashed static files.
    for command in (["migrate", "--no-input"], ["collectstatic", "--no-input", "-v0"], ["load_seed"],
                    ["create_demo_accounts"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=settings.BASE_DIR, env=env, check=True,
                       capture_output=True)
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "project.wsgi", "--workers", "2", "--bind",
                               f"127.0.0.1:{port}", "--timeout", "30", "--log-level", "error"],
                              cwd=settings.BASE_DIR, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    # One account a line: username, password, role.
    editor = next(line.split() for line in (tmp_path / "demo-accounts.txt").read_text().splitlines()
                  if line.split()[2:] == ["Editor"])
    try:
        yield {"port": port, "pgdata": pgdata, "socket_dir": socket_dir, "username": editor[0], "password": editor[1]}
    finally:
        server.terminate()
        server.wait(timeout=30)
        if (pgdata / "postmaster.pid").exists():
            _pg_ctl(pgdata, "-m", "fast", "stop")


def _request(port, method, path, body=None, token=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    headers = {"Host": "localhost", "Accept": "application/json"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Token {token}"
    try:
        connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    except (OSError, http.client.HTTPException):
        return None, b""
    finally:
        connection.close()


class Load:
    """Readers and one writer hitting the app until stopped; every outcome recorded by phase."""

    def __init__(self, port, token):
        self.port, self.token, self.phase = port, token, "before"
        self.results, self.writes, self.stop = [], {}, threading.Event()
        self.threads = [threading.Thread(target=self._read, args=(path,)) for path in
                        ["/claims/treaty-of-aigun-signed-in-1858/", "/api/v1/claims/", "/"]]
        self.threads.append(threading.Thread(target=self._write))

    def _read(self, path):
        while not self.stop.is_set():
            phase = self.phase
            status, body = _request(self.port, "GET", path)
            self.results.append((self._span(phase), path, status, body[:300]))
            time.sleep(0.02)

    def _write(self):
        n = 0
        while not self.stop.is_set():
            n += 1
            statement = f"Fault test claim number {n}."
            phase = self.phase
            status, body = _request(self.port, "POST", "/api/v1/claims/", {"statement": statement}, self.token)
            self.writes[statement] = status
            self.results.append((self._span(phase), "POST /api/v1/claims/", status, body[:300]))
            time.sleep(0.05)

    def _span(self, started_in: str) -> str:
        """Name the phase a request ran in; one that straddled a change of phase counts as in flight."""
        return started_in if self.phase == started_in else "in flight"

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def statuses(self, phase):
        return [status for p, _, status, _ in self.results if p == phase]


def test_database_restart_under_load(app):
    status, body = _request(app["port"], "POST", "/api/v1/auth/token/",
                            {"username": app["username"], "password": app["password"]})
    assert status == 200, body
    token = json.loads(body)["token"]
    with Load(app["port"], token) as load:
        time.sleep(2)
        load.phase = "down"
        _pg_ctl(app["pgdata"], "-m", "fast", "stop")
        time.sleep(3)
        load.phase = "restarting"
        assert ensure_running(app["pgdata"], DATABASE) == app["socket_dir"]
        time.sleep(1)
        load.phase = "after"
        time.sleep(3)

    before, down, after = load.statuses("before"), load.statuses("down"), load.statuses("after")
    assert before and set(before) <= {200, 201}, set(before)
    # While the database is down: clean 503s (or, for a request already past its queries, a 200).
    assert down and set(down) <= {503, 200, 201}, set(down)
    assert 503 in down
    unavailable = [body for phase, path, status, body in load.results if status == 503 and path.startswith(("/api", "POST"))]
    assert all(json.loads(body)["error"]["code"] == "unavailable" for body in unavailable)
    # Back by itself, with nothing but successes.
    assert after and set(after) <= {200, 201}, [(p, path, st, b[:200]) for p, path, st, b in load.results
                                                 if p == "after" and st != 200 and st != 201]
    assert None not in before + after  # no dropped connections while the database is up

    with psycopg.connect(host=app["socket_dir"], user="postgres", dbname=DATABASE) as conn:
        stored = dict(conn.execute(
            "SELECT c.statement, count(h.history_id) FROM claims_claim c "
            "LEFT JOIN claims_historicalclaim h ON h.id = c.id WHERE c.statement LIKE 'Fault test claim%%' "
            "GROUP BY c.statement").fetchall())
    created = {s for s, status in load.writes.items() if status == 201}
    refused = {s for s, status in load.writes.items() if status == 503}
    assert created and refused
    assert created <= set(stored)  # every write answered 201 is there…
    assert not refused & set(stored)  # …every write answered 503 is not…
    assert all(count >= 1 for count in stored.values())  # …and none is there without its history
