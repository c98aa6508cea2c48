"""Nothing is lost: a pg_dump / pg_restore round trip brings back every claim, appearance, review and history row."""
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote, urlencode

import psycopg
import pytest
from django.db import connection

from claims.roles import CHIEF_EDITOR, EDITOR
from claims.services import claim_transition, claim_update
from imports import capture
from imports import services as imports
from seeding import seed_data
from sources.models import Source
from tests.conftest import team_article
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump reads committed data only

TABLES = ["claims_claim", "claims_claim_subjects", "claims_appearance", "claims_review", "claims_conflict",
          "claims_conflictmember", "claims_entity", "claims_entityalias", "claims_metric", "sources_source",
          "sources_publisher", "sources_snapshot", "claims_historicalclaim", "claims_historicalappearance",
          "claims_historicalconflict", "claims_historicalentity", "sources_historicalsource", "auth_user",
          "auth_group_permissions", "imports_importjob"]


def _tool(name: str, server_major: int) -> str:
    """Find pg_dump or pg_restore of the server's major version: the embedded server's own, or Debian's."""
    from pgserver._commands import POSTGRES_BIN_PATH

    bundled = Path(POSTGRES_BIN_PATH) / name
    candidates = [Path(f"/usr/lib/postgresql/{server_major}/bin/{name}")]
    if connection.settings_dict["ENGINE"] == "project.db_backend":
        candidates.insert(0, bundled)  # the same major version as the embedded server
    found = next((str(path) for path in candidates if path.exists()), None) or shutil.which(name)
    if not found:
        pytest.fail(f"{name} not found: it comes with pgserver (pip install pgserver) or PostgreSQL's client tools")
    return found


def _url(params: dict, dbname: str) -> str:
    """Build a libpq URL like the docs' DATABASE_URL, password included (a socket directory goes in ?host=)."""
    user = quote(params["user"], safe="")
    if params.get("password"):
        user += ":" + quote(params["password"], safe="")
    host = str(params.get("host") or "")
    if host.startswith("/"):
        return f"postgresql://{user}@/{quote(dbname)}?" + urlencode({"host": host, "port": params.get("port") or 5432})
    return f"postgresql://{user}@{host}:{params.get('port') or 5432}/{quote(dbname)}"


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
    major = connection.pg_version // 10000
    # As the docs' backup commands: the credentials travel in the URL, not in PGPASSWORD or ~/.pgpass.
    env = {k: v for k, v in os.environ.items() if k not in {"PGPASSWORD", "PGPASSFILE"}}
    subprocess.run([_tool("pg_dump", major), "-Fc", "-f", str(dump), _url(params, original["dbname"])],
                   check=True, env=env)
    with psycopg.connect(**{**base, "dbname": "postgres"}, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{restored["dbname"]}"')
        admin.execute(f'CREATE DATABASE "{restored["dbname"]}"')
    try:
        subprocess.run([_tool("pg_restore", major), "--no-owner", "--exit-on-error", "-d",
                        _url(params, restored["dbname"]), str(dump)], check=True, env=env)
        before, after = _fingerprints(original), _fingerprints(restored)
        assert after == before
        assert before["claims_historicalclaim"][0] > before["claims_claim"][0] > 40
        assert before["claims_review"][0] >= 3 and before["sources_snapshot"][0] == 1
    finally:
        with psycopg.connect(**{**base, "dbname": "postgres"}, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{restored["dbname"]}" WITH (FORCE)')
