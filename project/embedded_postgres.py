"""Start (or reuse) the embedded PostgreSQL server that runs when DATABASE_URL is unset."""
from __future__ import annotations

import json
import logging
import threading
import warnings
from pathlib import Path

import psycopg
from psycopg import sql

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_ensured_databases: set[tuple[str, str]] = set()


def ensure_running(pgdata: Path, database: str) -> str:
    """Start the server in ``pgdata`` if needed, create ``database`` once, and return its socket dir.

    pgserver serialises starts across processes with a file lock and reuses a server that is already
    running, so concurrent callers (runserver, tests, a second manage.py) share one postmaster.
    """
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers); its fallback is fine.
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
        import pgserver
        from pgserver.postgres_server import PostgresServer

    pgdata = Path(pgdata).resolve()
    # pgserver creates the folder with exist_ok=False outside its lock: two first starts at once
    # would crash one of them, so create it here, tolerantly.
    pgdata.mkdir(parents=True, exist_ok=True)
    with _lock:
        with PostgresServer._lock:
            _repair_handle_list(pgdata)
        # cleanup_mode=None: the server outlives this process, so the next command starts instantly.
        server = pgserver.get_server(pgdata, cleanup_mode=None)
        # pgserver's inter-process file lock: concurrent starters (and CREATE DATABASE, which
        # races on pg_database's unique index) take turns.
        with PostgresServer._lock:
            # Cheap when it is up (reads postmaster.pid); restarts a server stopped behind our back.
            server.ensure_postgres_running()
            socket_dir = str(server.get_postmaster_info().socket_dir)
            key = (socket_dir, database)
            if key not in _ensured_databases:
                _create_database(socket_dir, database)
                _ensured_databases.add(key)
    return socket_dir


def _repair_handle_list(pgdata: Path) -> None:
    """Reset pgserver's list of processes using the server when a killed process left it unreadable.

    pgserver rewrites ``.handle_pids.json`` in place on every start and exit; a process killed mid-write
    (Ctrl-C at the wrong moment) leaves it empty, and every later start then fails to parse it. The list
    only decides who stops the server on exit, which this project never asks for (cleanup_mode=None).
    """
    path = pgdata / ".handle_pids.json"
    try:
        text = path.read_text()
    except FileNotFoundError:
        return
    try:
        if isinstance(json.loads(text), list):
            return
    except ValueError:
        pass
    logger.warning("The embedded server's process list %s was unreadable (%r); reset it.", path, text[:40])
    path.write_text("[]")


def _create_database(socket_dir: str, database: str) -> None:
    """Create ``database`` unless it exists; a concurrent creator winning the race is fine."""
    with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if exists:
            return
        try:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
            logger.info("created database %s in the embedded server", database)
        except (psycopg.errors.DuplicateDatabase, psycopg.errors.UniqueViolation):
            pass  # another process outside the lock (a DATABASE_URL client, psql) created it first
