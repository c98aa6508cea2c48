"""The site's public address: the one base of every absolute URL readers and receivers are given.

The Atom feed, the change feed, webhooks, ClaimReview, the API's links to reader pages and e-mails
all build their URLs here, from ``CROSSCHECK_SITE_URL`` alone and never from a request's host, so
a webhook's ``claim_url`` and the feed's link for the same claim are the same string whichever
host, port or proxy a request came through.
"""
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Without a configured address: the development server's, or the host Django's test client uses.
DEVELOPMENT_SITE_URL = "http://127.0.0.1:8000/"
TEST_SITE_URL = "http://testserver/"


def site_address(value: str, *, debug: bool, testing: bool) -> str:
    """Return the configured site address normalised (one trailing slash); refuse a bad or missing one."""
    value = value.strip()
    if not value:
        if testing:
            return TEST_SITE_URL
        if debug:
            return DEVELOPMENT_SITE_URL
        raise ImproperlyConfigured(
            "CROSSCHECK_SITE_URL is not set. Set it to the site's public address (https://crosscheck.example.org/): "
            "feeds, webhooks and ClaimReview link there.")
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query or parts.fragment:
        raise ImproperlyConfigured(f"CROSSCHECK_SITE_URL must be an http:// or https:// address without a query: "
                                   f"{value!r}")
    return value.rstrip("/") + "/"


def site_url() -> str:
    """Return the site's root URL, ending in a slash."""
    return settings.CROSSCHECK_SITE_URL.rstrip("/") + "/"  # as normalised by site_address, even when overridden


def absolute(path: str) -> str:
    """Return ``path`` on this site as an absolute URL."""
    return urljoin(site_url(), path)


def publisher_url() -> str:
    """Return the publishing organisation's URL: configured, or this site's."""
    return settings.CROSSCHECK_PUBLISHER_URL or site_url()
