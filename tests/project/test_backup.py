"""Nothing is lost: backup_database and restore_database bring back every claim, appearance, review and history
row, and the password never shows in pg_dump's command line or environment (it travels in a private password file)."""
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from claims.roles import CHIEF_EDITOR, EDITOR
from claims.services import claim_transition, claim_update
from imports import capture
from imports import services as imports
from seeding import seed_data
from sources.models import Source
from tests.conftest import team_article
from tests.factories import user_with_role
from tests.workers import database_url, subprocess_env, wait_until

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump reads committed data only

TABLES = ["claims_claim", "claims_claim_subjects", "claims_appearance", "claims_review", "claims_conflict",
          "claims_conflictmember", "claims_entity", "claims_entityalias", "claims_metric", "sources_source",
          "sources_publisher", "sources_snapshot", "claims_historicalclaim", "claims_historicalappearance",
          "claims_historicalconflict", "claims_historicalentity", "sources_historicalsource", "auth_user",
          "auth_group_permissions", "imports_importjob"]


def _fingerprints(conninfo: dict) -> dict[str, tuple[int, str]]:
    """Row count and an md5 of every row, in key order, for each table."""
    with psycopg.connect(**conninfo) as conn:
        return {table: conn.execute(
            f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {table} t").fetchone()
            for table in TABLES}


def test_dump_and_restore_round_trip(tmp_path):
    from seeding.seed import load_seed

    load_seed()
    editor, chief = user_with_role(EDITOR, "ed"), user_with_role(CHIEF_EDITOR, "chief")
    from claims.models import Claim

    claim = Claim.objects.get(slug="treaty-of-aigun-signed-in-1858")
    claim_transition(claim=claim, action="reopen", user=editor, note="Rate it.")
    claim_update(claim=claim, user=editor, verdict="accurate")
    claim_transition(claim=claim, action="submit", user=editor)
    claim_transition(claim=claim, action="approve", user=chief, note="ok", public_note="Rated accurate.")
    imports.import_captured(capture.from_text(team_article("frontier-ledger.txt")),
                            source=Source.objects.get(slug=seed_data.CAPEK))

    params = connection.get_connection_params()
    base = {"host": params["host"], "user": params["user"], "port": params.get("port") or 5432}
    if params.get("password"):
        base["password"] = params["password"]  # a real server's DATABASE_URL carries one (.ci/run's does)
    original = {**base, "dbname": params["dbname"]}
    restored = {**base, "dbname": params["dbname"] + "_restored"}
    dump = tmp_path / "crosscheck.dump"
    env, password = _environment(tmp_path)
    with psycopg.connect(**original) as locker:
        # pg_dump waits for this lock once connected, so its process can be read while it runs.
        locker.execute("LOCK TABLE claims_claim IN ACCESS EXCLUSIVE MODE")
        process = subprocess.Popen([sys.executable, "manage.py", "backup_database", str(dump)], cwd=settings.BASE_DIR,
                                   env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        dumper = wait_until(lambda: _waiting_dump(process, original), seconds=60, what="pg_dump to wait for the lock")
        argv, environ = _process(dumper)
        passfile = Path(environ["PGPASSFILE"])
        assert passfile.stat().st_mode & 0o777 == 0o600 and password in passfile.read_text()
        locker.rollback()
    assert process.wait(timeout=120) == 0, process.stderr.read()
    assert not any(password in arg for arg in argv), argv
    assert "PGPASSWORD" not in environ and not any(password in value for value in environ.values())
    assert not passfile.exists()  # removed with its directory once the dump finished
    with pytest.raises(CommandError, match="exists already"):
        call_command("restore_database", str(dump), into=original["dbname"])
    try:
        subprocess.run([sys.executable, "manage.py", "restore_database", str(dump), "--into", restored["dbname"]],
                       cwd=settings.BASE_DIR, env=env, check=True, capture_output=True)
        before, after = _fingerprints(original), _fingerprints(restored)
        assert after == before
        assert before["claims_historicalclaim"][0] > before["claims_claim"][0] > 40
        assert before["claims_review"][0] >= 3 and before["sources_snapshot"][0] == 1
    finally:
        with psycopg.connect(**{**base, "dbname": "postgres"}, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{restored["dbname"]}" WITH (FORCE)')


def _environment(tmp_path) -> tuple[dict, str]:
    """The backup commands' environment, with a DATABASE_URL that carries a password, and that password.

    The embedded server trusts its socket, so a password made up here is sent and ignored; .ci/run's
    server requires the real one, so the password file is proven to carry it.
    """
    url = database_url()
    password = connection.get_connection_params().get("password") or "backup-test-" + secrets.token_hex(8)
    if ":" not in url.split("://", 1)[1].split("@", 1)[0]:
        scheme_user, rest = url.split("@", 1)
        url = f"{scheme_user}:{quote(password, safe='')}@{rest}"
    env = subprocess_env(tmp_path, DATABASE_URL=url)
    env.pop("PGPASSWORD", None)
    env.pop("PGPASSFILE", None)
    return env, password


def _waiting_dump(process: subprocess.Popen, conninfo: dict) -> int | None:
    """The id of ``process``'s pg_dump once it is connected and waiting for the lock; fail if the command ended."""
    if process.poll() is not None:
        raise AssertionError(f"backup_database ended early: {process.stderr.read()[-2000:]}")
    with psycopg.connect(**conninfo, autocommit=True) as conn:
        waiting = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pg_dump' "
                               "AND wait_event_type = 'Lock'").fetchone()[0]
    return _child(process.pid, "pg_dump") if waiting else None


def _child(parent: int, name: str) -> int | None:
    """The process id of ``parent``'s child called ``name``, if it has one."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        command, fields = text[text.index("(") + 1:text.rindex(")")], text[text.rindex(")") + 2:].split()
        if command == name and int(fields[1]) == parent:
            return int(stat.parent.name)
    return None


def _process(pid: int) -> tuple[list[str], dict]:
    """A running process's command line and environment, as anyone who may read /proc sees them."""
    argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
    pairs = (entry.partition("=") for entry in Path(f"/proc/{pid}/environ").read_bytes().decode().split("\0") if entry)
    return argv, {key: value for key, _, value in pairs}
