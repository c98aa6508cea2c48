"""The one outbound HTTP client: imports, webhook deliveries and cache purges all send through it.

Every request is checked against the address rules first (http(s) only; unless allowed, only
globally routable addresses, so an editor's URL or a subscription cannot probe internal services),
sent without automatic retries or redirects (callers decide), and fails as one ``OutboundError``
whose message says why in one line.
"""
from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

import urllib3


class OutboundError(ValueError):
    """A request that could not be sent or answered; the message says why in one line."""


def check_address(url: str, *, allow_private: bool) -> None:
    """Refuse a URL that is not http(s), or (unless ``allow_private``) resolves to a non-global address."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise OutboundError(f"not an http(s) URL: {url!r}")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except socket.gaierror as exc:
        raise OutboundError(f"cannot resolve {parts.hostname}: {exc.strerror}") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        # Only globally routable addresses: private, loopback, link-local, reserved, and shared
        # (carrier-grade NAT, 100.64.0.0/10) ranges all reach the server's own surroundings.
        if not address.is_global:
            raise OutboundError(f"refusing {url}: {parts.hostname} is a private or local address")


def send(method: str, url: str, *, allow_private: bool, timeout: float, total: float | None = None,
         body: bytes | None = None, headers: dict | None = None, stream: bool = False):
    """Send one request after checking its address; return the urllib3 response (unread when ``stream``).

    ``timeout`` bounds connecting and each wait for bytes; ``total``, when given, the whole exchange.
    """
    check_address(url, allow_private=allow_private)
    http = urllib3.PoolManager(timeout=urllib3.Timeout(connect=timeout, read=timeout, total=total),
                               retries=urllib3.Retry(total=False, redirect=False))
    try:
        return http.request(method, url, body=body, headers=headers, preload_content=not stream, redirect=False)
    except urllib3.exceptions.NewConnectionError as exc:  # a subclass of the timeout error, so first
        raise OutboundError(f"could not connect to {url}: {reason(exc)}") from exc
    except urllib3.exceptions.TimeoutError as exc:
        raise OutboundError(f"{url} did not answer within {total or timeout:g} s") from exc
    except urllib3.exceptions.HTTPError as exc:
        raise OutboundError(f"could not connect to {url}: {reason(exc)}") from exc


def reason(exc: Exception) -> str:
    """Say in a few words why a connection failed."""
    text = str(getattr(exc, "reason", None) or exc)
    if "Connection refused" in text:
        return "connection refused"
    if "Name or service not known" in text or "nodename nor servname" in text or "Failed to resolve" in text:
        return "the host name does not resolve"
    return text.split(": ", 1)[-1][:200]
