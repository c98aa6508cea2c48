import pytest
from django.db import connection


@pytest.fixture(autouse=True, scope="session")
def _postgresql_only(django_db_setup, django_db_blocker):
    """Fail fast if the suite ever runs on anything but PostgreSQL."""
    with django_db_blocker.unblock():
        assert connection.vendor == "postgresql", f"tests must run on PostgreSQL, not {connection.vendor}"


@pytest.fixture
def seeded(db):
    """Load the seed data and return the counts created."""
    from claims.seed import load_seed

    return load_seed()
