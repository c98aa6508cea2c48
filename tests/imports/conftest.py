"""Fixtures for the importer's tests."""
import pytest

from tests.loopback import LoopbackServer


@pytest.fixture
def loopback(settings):
    """Serve pages on loopback, with the importer allowed to fetch private addresses and quick to time out."""
    settings.CROSSCHECK_IMPORT_ALLOW_PRIVATE_ADDRESSES = True
    settings.CROSSCHECK_IMPORT_TIMEOUT = 1
    with LoopbackServer() as server:
        yield server
