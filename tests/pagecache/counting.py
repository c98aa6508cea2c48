"""What a page served from the page cache costs in queries, which depends on the configured cache."""


def cached_page_queries() -> int:
    """Return the database queries a cached page costs: the generation, and the page when the cache is a table."""
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache

    return 2 if isinstance(caches["pages"], DatabaseCache) else 1
