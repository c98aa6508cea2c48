"""The embedded PostgreSQL: started on demand, shared by concurrent starters, restarted if stopped."""
import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from project.embedded_postgres import ensure_running

START = "import sys; from project.embedded_postgres import ensure_running; print(ensure_running(sys.argv[1], 'probe'))"


@pytest.fixture
def pgdata(server_tmp_path):
    path = server_tmp_path / "postgres"
    yield path
    # Stop the throwaway server ourselves: pgserver hands back its cached instance (made with
    # cleanup_mode=None by ensure_running), whose cleanup() would leave the postmaster running.
    if (path / "postmaster.pid").exists():
        from pgserver._commands import pg_ctl

        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=path, user="pgserver" if os.geteuid() == 0 else None)


def _postmaster_pid(pgdata: Path) -> str:
    return (pgdata / "postmaster.pid").read_text().splitlines()[0]


def test_two_processes_starting_at_once_share_one_server(pgdata):
    starters = [
        subprocess.Popen([sys.executable, "-c", START, str(pgdata)], cwd=settings.BASE_DIR,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = [starter.communicate(timeout=120) + (starter.returncode,) for starter in starters]
    assert [code for _, _, code in results] == [0, 0], results
    socket_dirs = {out.strip() for out, _, _ in results}
    assert len(socket_dirs) == 1
    first_pid = _postmaster_pid(pgdata)

    # A later start reuses the running server rather than starting another.
    assert ensure_running(pgdata, "probe") in socket_dirs
    assert _postmaster_pid(pgdata) == first_pid
    with psycopg.connect(host=socket_dirs.pop(), user="postgres", dbname="probe") as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)


def test_a_stopped_server_is_started_again(pgdata):
    from pgserver._commands import pg_ctl

    socket_dir = ensure_running(pgdata, "probe")
    pg_ctl(["-w", "stop"], pgdata=pgdata, user="pgserver" if os.geteuid() == 0 else None)
    assert not (pgdata / "postmaster.pid").exists()
    assert ensure_running(pgdata, "probe") == socket_dir
    with psycopg.connect(host=socket_dir, user="postgres", dbname="probe") as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)


def test_a_process_list_left_empty_by_a_killed_process_does_not_stop_the_next_start(pgdata):
    # Regression: pgserver rewrites .handle_pids.json in place; a process killed mid-write left it
    # empty, and every later command of the project failed with a JSONDecodeError.
    def start():
        return subprocess.run([sys.executable, "-c", START, str(pgdata)], cwd=settings.BASE_DIR,
                              capture_output=True, text=True, timeout=120)

    first = start()
    assert first.returncode == 0, first.stderr
    (pgdata / ".handle_pids.json").write_text("")
    again = start()
    assert again.returncode == 0, again.stderr
    assert again.stdout == first.stdout  # the same running server, not a second one
    assert isinstance(json.loads((pgdata / ".handle_pids.json").read_text()), list)


@pytest.mark.django_db
def test_tests_run_on_postgresql():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        assert int(cursor.fetchone()[0].split(".")[0]) >= 14
