import os
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ARTICLES = Path(__file__).parent / "articles"

# Quotes an editor recorded from tests/articles/frontier-ledger.txt, each on the seed claim it supports:
# (claim slug, quote, figure as worded). The article is the team's own, so these hold in any clone.
LEDGER_QUOTES = [
    ("aigun-ceded-approximately-150000-square-miles",
     "the Qing court gave up approximately 150,000 square miles north of the river",
     "approximately 150,000 square miles"),
    ("peking-added-a-further-100000-square-miles",
     "the Convention of Peking ceded a further 100,000 square miles", "a further 100,000 square miles"),
    ("china-settled-17-of-23-territorial-disputes-since-1949",
     "Since 1949, China has settled 17 of its 23 territorial disputes", "17 of its 23 territorial disputes"),
    ("putin-and-xi-met-over-40-times-since-2012",
     "Vladimir Putin and Xi Jinping have met over 40 times since 2012", "over 40 times"),
    ("joint-military-exercises-peaked-at-11-in-2024", "Russia and China held 11 exercises in 2024", "11 exercises"),
    ("power-of-siberia-2-up-to-50-bcm-a-year",
     "would carry up to 50 billion cubic meters annually", "up to 50 billion cubic meters annually"),
    ("russia-is-chinas-top-crude-oil-supplier", "Russia remains China\u2019s largest single supplier of crude oil", ""),
]


def in_ci() -> bool:
    """Tell whether this run is CI's (CI=true), where nothing may skip for something missing."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def team_article(name: str) -> str:
    """Return one of the team's own test articles in tests/articles/ (always present, in every clone)."""
    return (ARTICLES / name).read_text(encoding="utf-8")


def seed_article_path(source_key: str) -> Path:
    """Return a seed article's path; skip loudly when ../shared/seeds is absent, and fail instead in CI."""
    from seeding import seed_data

    directory = Path(settings.CROSSCHECK_SEED_ARTICLES_DIR)
    path = directory / seed_data.SEED_FILES[source_key]
    if not path.is_file():
        message = (f"SEED ARTICLES ABSENT: {path} not found. The two seed articles live in ../shared/seeds beside "
                   "the clone (or CROSSCHECK_SEED_ARTICLES_DIR), never in it, so this test, which checks the seed "
                   "claims against the real articles, did not run; the importer's own tests use tests/articles/. "
                   "CI (CI=true) fails here instead.")
        if in_ci():
            pytest.fail(message)  # CI always has shared/ beside the clone; a skip there would hide a regression
        pytest.skip(message)
    return path


def seed_article(source_key: str) -> str:
    """Return a seed article's text, under the same skip-or-fail rule as seed_article_path."""
    return seed_article_path(source_key).read_text(encoding="utf-8")


@pytest.fixture(autouse=True, scope="session")
def _postgresql_only(django_db_setup, django_db_blocker):
    """Fail fast if the suite ever runs on anything but PostgreSQL."""
    with django_db_blocker.unblock():
        assert connection.vendor == "postgresql", f"tests must run on PostgreSQL, not {connection.vendor}"


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Render reader pages afresh in tests (query budgets count the real work); tests of the cache turn it on."""
    settings.CROSSCHECK_PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _no_jobs_left_behind(request, django_db_blocker):
    """Empty the job system's tables after a test that committed: Django's flush leaves them alone
    (procrastinate's models are unmanaged), and a job left there would run in the next test."""
    yield
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction")):
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("TRUNCATE procrastinate_jobs, procrastinate_workers, procrastinate_periodic_defers CASCADE")


@pytest.fixture
def seeded(db):
    """Load the seed data and return the counts created."""
    from seeding.seed import load_seed

    return load_seed()


@pytest.fixture
def ledger(seeded):
    """Return a source whose seed claims an editor quoted from tests/articles/frontier-ledger.txt, not yet captured."""
    from claims.models import Claim
    from claims.services import appearance_add
    from imports.capture import from_text
    from sources.models import Source

    text = from_text(team_article("frontier-ledger.txt")).text
    source = Source.objects.create(slug="northwind-amur", title="Where the Amur Bends", authors=["Mara Lindqvist"])
    for slug, quote, figure_text in LEDGER_QUOTES:
        at = text.index(quote)  # the words around it, as the editor copied them from the page
        appearance_add(claim=Claim.objects.get(slug=slug), source=source, quote=quote, figure_text=figure_text,
                       prefix=text[max(0, at - 40):at], suffix=text[at + len(quote):at + len(quote) + 40])
    return source


@pytest.fixture
def server_tmp_path():
    """Return a fresh folder for a throwaway embedded server, outside pytest's temp root.

    As root, pgserver runs PostgreSQL as its own "pgserver" user and opens the folders above the data
    directory to it. pytest closes its temp root (/tmp/pytest-of-root) to mode 0700 whenever a process
    first asks for a temp path, and under pytest-xdist the other worker may do so mid-test, locking the
    server out of its own data directory.
    """
    import shutil
    import tempfile

    path = Path(tempfile.mkdtemp(prefix="crosscheck-test-pg-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    """Launch headless Chromium once for the session."""
    import os

    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM_ARGS, chromium_path

    executable = chromium_path()
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around it
    # are still synchronous, so tell Django they are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory):
    from tests.browser import screenshot_dir

    return screenshot_dir(tmp_path_factory)


def pytest_sessionfinish(session, exitstatus):
    """Fail a CI run that skipped anything: in CI every tool and file is installed, so a skip hides a gap."""
    if not in_ci() or hasattr(session.config, "workerinput"):  # xdist workers report to the controller
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped and session.exitstatus == pytest.ExitCode.OK:
        reporter.write_line(f"CI=true: {len(skipped)} test(s) skipped; in CI nothing may skip (see reasons above).",
                            red=True, bold=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
