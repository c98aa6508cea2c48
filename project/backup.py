"""pg_dump and pg_restore for the configured database, with its password in a private file, never in argv.

A password on a command line (``pg_dump "$DATABASE_URL"``) is in the process list for every user on the
machine to read while the dump runs. Here the connection travels as libpq's PG* variables and the
password in a password file (PGPASSFILE, mode 600, in a directory only this user can open, removed
afterwards); PGPASSWORD is not set either, since some systems show a process's environment.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

# libpq reads these from the environment; anything else in the connection's options is not needed here.
_LIBPQ_VARIABLES = {"host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "dbname": "PGDATABASE",
                    "sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT"}


class BackupError(RuntimeError):
    """A dump or restore that could not run or failed; the message says why."""


def connection_params(dbname: str | None = None) -> dict:
    """Return the default database's connection parameters (the embedded server's socket included)."""
    params = {key: value for key, value in connection.get_connection_params().items() if value not in (None, "")}
    if dbname:
        params["dbname"] = dbname
    return params


def _escape(field: str) -> str:
    """Escape a password file field (backslash and colon are special there)."""
    return str(field).replace("\\", "\\\\").replace(":", "\\:")


@contextmanager
def libpq_environment(params: dict) -> Iterator[dict]:
    """Yield an environment that connects libpq's tools as ``params`` say, the password in a private file."""
    env = {key: value for key, value in os.environ.items()
           if key not in {"PGPASSWORD", "PGPASSFILE", "DATABASE_URL", "PGSERVICE"}}
    env.update({variable: str(params[key]) for key, variable in _LIBPQ_VARIABLES.items() if key in params})
    private = tempfile.mkdtemp(prefix="crosscheck-pgpass-")  # mode 700: only this user can list or open it
    try:
        # Written even without a password, so libpq never falls back to the user's own ~/.pgpass.
        passfile = Path(private) / "pgpass"
        descriptor = os.open(passfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as out:
            if params.get("password"):
                # Any host, port and database: the file serves this one tool's connections and nothing else.
                user = _escape(params["user"]) if params.get("user") else "*"
                out.write(f"*:*:*:{user}:{_escape(params['password'])}\n")
        env["PGPASSFILE"] = str(passfile)
        yield env
    finally:
        shutil.rmtree(private, ignore_errors=True)


def tool(name: str) -> str:
    """Find ``pg_dump`` or ``pg_restore`` of the server's major version or newer (older ones refuse to run)."""
    major = connection.pg_version // 10000
    # Debian installs each major version's tools side by side; the one on PATH may be older. The
    # embedded server's own tools come with the pgserver package.
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda path: path.parts[-3].zfill(4))
    candidates.append(Path(shutil.which(name) or "/nonexistent"))
    try:
        from pgserver._commands import POSTGRES_BIN_PATH

        candidates.append(Path(POSTGRES_BIN_PATH) / name)
    except ImportError:
        pass
    for path in candidates:
        if path.is_file() and _major_version(path) >= major:
            return str(path)
    raise BackupError(f"{name} {major} or newer not found: install PostgreSQL's client tools of the server's version")


def _major_version(path: Path) -> int:
    """Read a PostgreSQL tool's major version from ``--version`` ("pg_dump (PostgreSQL) 16.2" gives 16)."""
    try:
        words = subprocess.run([str(path), "--version"], capture_output=True, text=True, timeout=30).stdout.split()
        return int(words[2].split(".")[0])
    except (OSError, IndexError, ValueError, subprocess.TimeoutExpired):
        return 0


def _run(argv: list[str], env: dict) -> None:
    result = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(argv[0]).name} failed: {result.stderr.strip()[-2000:]}")


def dump(path: Path) -> None:
    """Write the whole database to ``path`` in pg_dump's custom format."""
    with libpq_environment(connection_params()) as env:
        _run([tool("pg_dump"), "--format=custom", "--no-password", f"--file={path}"], env)


def restore(path: Path, *, into: str) -> None:
    """Create the new database ``into`` and restore the dump at ``path`` there (never over an existing one)."""
    if not path.is_file():
        raise BackupError(f"{path} is not a file")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [into])
        if cursor.fetchone():
            raise BackupError(f"the database {into} exists already: restore into a new one")
        cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(into)}")
    with libpq_environment(connection_params(into)) as env:
        _run([tool("pg_restore"), "--no-owner", "--exit-on-error", "--no-password", f"--dbname={into}", str(path)],
             env)
