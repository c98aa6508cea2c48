"""Headless Chromium for browser tests: Debian's chromium driven by Playwright, never a downloaded browser."""
import os
import shutil
from pathlib import Path

import pytest

from tests.factories import PASSWORD

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-quic", "--no-first-run"]


def chromium_path() -> str:
    """Return Debian's chromium, failing in CI and skipping loudly elsewhere when it is missing."""
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        message = "browser tests need Debian's chromium: run `apt-get install chromium` (.ci/run does in CI)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def screenshot_dir(tmp_path_factory) -> Path:
    """Where screenshots go: CROSSCHECK_SCREENSHOT_DIR (`make screenshots` points it at docs/), else a temp dir."""
    configured = os.environ.get("CROSSCHECK_SCREENSHOT_DIR")
    path = Path(configured) if configured else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_in(browser, live_server, username):
    """Open a 1280 px page logged in to the admin as ``username`` (the factories' password)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    return page
