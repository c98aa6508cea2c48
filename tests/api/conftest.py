"""Fixtures for the API's tests."""
import pytest

from tests.api.clients import forget_throttles


@pytest.fixture
def fresh_throttles(db):
    """Start the test with every client's rate forgotten."""
    forget_throttles()
