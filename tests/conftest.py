import pytest
from django.db import connection


@pytest.fixture(autouse=True, scope="session")
def _postgresql_only(django_db_setup, django_db_blocker):
    """Fail fast if the suite ever runs on anything but PostgreSQL."""
    with django_db_blocker.unblock():
        assert connection.vendor == "postgresql", f"tests must run on PostgreSQL, not {connection.vendor}"


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Render reader pages afresh in tests (query budgets count the real work); tests of the cache turn it on."""
    settings.CROSSCHECK_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def seeded(db):
    """Load the seed data and return the counts created."""
    from seeding.seed import load_seed

    return load_seed()


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
