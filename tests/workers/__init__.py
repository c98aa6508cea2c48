"""Real worker processes (`manage.py procrastinate worker`) on the test's database, for tests that
commit (transactional_db): each is stopped by the test that started it, killed if it will not stop."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection


def database_url() -> str:
    """Return a DATABASE_URL for this test's database (the embedded server's socket, or the real server)."""
    db = connection.get_connection_params()
    password = f":{quote(db['password'], safe='')}" if db.get("password") else ""
    port = f":{db['port']}" if db.get("port") else ""
    return (f"postgres://{quote(db.get('user') or 'postgres', safe='')}{password}@{quote(db.get('host') or '', safe='')}"
            f"{port}/{db['dbname']}")


def subprocess_env(tmp_path: Path, **extra: str) -> dict:
    """The environment of a server or worker process of this test: its database, loopback, quiet logs."""
    env = {**os.environ, "DATABASE_URL": database_url(), "DEBUG": "1", "CROSSCHECK_DATA_DIR": str(tmp_path),
           "LOG_LEVEL": "WARNING", "CROSSCHECK_WORKER_HEARTBEAT": "1", "CROSSCHECK_WORKER_STALLED_AFTER": "3",
           **extra}
    env.pop("REDIS_URL", None)
    env.pop("PYTEST_XDIST_WORKER", None)
    return env


class Worker:
    """A worker process; ``start``/``kill``/``stop``, and always stopped on leaving the ``with`` block."""

    def __init__(self, tmp_path: Path, **env: str):
        self.env = subprocess_env(tmp_path, **env)
        self.log = tmp_path / "worker.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> Worker:
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "procrastinate", "worker"], cwd=settings.BASE_DIR, env=self.env,
            stdout=subprocess.DEVNULL, stderr=self.log.open("ab"), start_new_session=True)
        return self

    def kill(self) -> None:
        """SIGKILL: no clean-up, as when a machine dies or the OOM killer strikes."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""

    def __enter__(self) -> Worker:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def wait_until(condition, seconds: float = 30, every: float = 0.1, what: str = "the condition"):
    """Poll ``condition`` until it returns something true; fail after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(every)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")
