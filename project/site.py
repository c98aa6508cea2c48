"""The site's public address, for absolute URLs: the configured one, else the request's host."""
from urllib.parse import urljoin

from django.conf import settings

# Without a configured address or a request (a background delivery), the development server's.
_LAST_RESORT = "http://127.0.0.1:8000/"


def site_url(request=None) -> str:
    """Return the site's root URL, ending in a slash."""
    if settings.CROSSCHECK_SITE_URL:
        return settings.CROSSCHECK_SITE_URL.rstrip("/") + "/"
    if request is not None:
        return request.build_absolute_uri("/")
    return _LAST_RESORT


def absolute(path: str, request=None) -> str:
    """Return ``path`` on this site as an absolute URL."""
    return urljoin(site_url(request), path)


def publisher_url(request=None) -> str:
    """Return the publishing organisation's URL: configured, or this site's."""
    return settings.CROSSCHECK_PUBLISHER_URL or site_url(request)
