"""Cached answers against fresh renders: what the page cache's tests compare."""
from django.test import override_settings


def fresh(client, path):
    """Return the status and body of ``path`` rendered afresh (the page cache off)."""
    with override_settings(CROSSCHECK_PAGE_CACHE_SECONDS=0):
        response = client.get(path)
    return response.status_code, response.content


def stale(client, paths) -> list[str]:
    """Return the paths whose cached answer differs from a fresh render (status and body)."""
    differing = []
    for path in paths:
        cached = client.get(path)
        if (cached.status_code, cached.content) != fresh(client, path):
            differing.append(path)
    return differing
