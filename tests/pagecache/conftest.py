"""The page cache's fixtures: a cache that keeps answers, and the newsroom that changes what they show."""
import pytest

from claims.roles import CHIEF_EDITOR, EDITOR
from pagecache import answers
from tests.factories import user_with_role


@pytest.fixture
def page_cache(transactional_db, settings):
    settings.CROSSCHECK_PAGE_CACHE_SECONDS = 3600
    answers.cache.clear()
    yield
    answers.cache.clear()


@pytest.fixture
def newsroom(transactional_db):
    return user_with_role(EDITOR, "ed"), user_with_role(CHIEF_EDITOR, "chief")
