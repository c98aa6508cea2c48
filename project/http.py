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


# IPv6 ranges that are no host on the internet, or reach one only through a translator or tunnel
# (Python's is_global misses several: the IPv4-compatible ::/96, NAT64's local-use 64:ff9b:1::/48).
SPECIAL_V6 = [ipaddress.ip_network(net) for net in (
    "::/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "fc00::/7", "fe80::/10", "fec0::/10",
    "ff00::/8")]
NAT64 = ipaddress.ip_network("64:ff9b::/96")  # the well-known prefix: its last 32 bits are the IPv4 address


def allowed(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Say whether ``address`` is a host on the internet, judging an IPv4 address wrapped in IPv6 by itself."""
    if address.version == 6:
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return allowed(embedded)
        if any(address in network for network in SPECIAL_V6):
            return False  # Teredo (2001::/32) included: a tunnel's far end could be anything
    return address.is_global and not address.is_multicast


def resolve(url: str, *, allow_private: bool) -> list[str]:
    """Return the addresses to connect to for ``url``: looked up once, every one checked.

    The request connects to these addresses, never to the name again: a name that answers a global
    address to the check and a local one to the connection (DNS rebinding) gets nowhere.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise OutboundError(f"not an http(s) URL: {url!r}")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise OutboundError(f"cannot resolve {parts.hostname}: {exc.strerror}") from exc
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    # Only globally routable addresses: private, loopback, link-local, reserved, shared (carrier-grade
    # NAT, 100.64.0.0/10) and translated forms of them all reach the server's own surroundings.
    if not allow_private and not all(allowed(ipaddress.ip_address(a.split("%")[0])) for a in addresses):
        raise OutboundError(f"refusing {url}: {parts.hostname} is a private or local address")
    return addresses


def check_address(url: str, *, allow_private: bool) -> None:
    """Refuse a URL that is not http(s), or (unless ``allow_private``) resolves to a non-global address."""
    resolve(url, allow_private=allow_private)


def send(method: str, url: str, *, allow_private: bool, timeout: float, total: float | None = None,
         body: bytes | None = None, headers: dict | None = None, stream: bool = False):
    """Send one request to the address checked for ``url``; return the urllib3 response (unread when ``stream``).

    ``timeout`` bounds connecting and each wait for bytes; ``total``, when given, the whole exchange.
    Each address the name has is tried in turn, as a browser would; TLS still checks the host's name.
    """
    parts = urlsplit(url)
    addresses = resolve(url, allow_private=allow_private)
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    headers = {"Host": host + (f":{parts.port}" if parts.port else ""), **(headers or {})}
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    for n, address in enumerate(addresses):
        try:
            pool = _pool(parts, address, urllib3.Timeout(connect=timeout, read=timeout, total=total))
            return pool.urlopen(method, target, body=body, headers=headers, preload_content=not stream,
                                redirect=False, retries=urllib3.Retry(total=False, redirect=False))
        except urllib3.exceptions.NewConnectionError as exc:  # a subclass of the timeout error, so first
            if n + 1 < len(addresses):
                continue
            raise OutboundError(f"could not connect to {url}: {reason(exc)}") from exc
        except urllib3.exceptions.TimeoutError as exc:
            raise OutboundError(f"{url} did not answer within {total or timeout:g} s") from exc
        except urllib3.exceptions.HTTPError as exc:
            raise OutboundError(f"could not connect to {url}: {reason(exc)}") from exc
    raise OutboundError(f"cannot resolve {parts.hostname}")


def _pool(parts, address: str, timeout: urllib3.Timeout):
    """A connection pool for one address; HTTPS still sends and verifies the host's name (SNI, certificate)."""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if parts.scheme == "https":
        return urllib3.HTTPSConnectionPool(address, port, timeout=timeout, retries=False,
                                           server_hostname=parts.hostname, assert_hostname=parts.hostname)
    return urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False)


def reason(exc: Exception) -> str:
    """Say in a few words why a connection failed."""
    text = str(getattr(exc, "reason", None) or exc)
    if "Connection refused" in text:
        return "connection refused"
    if "Name or service not known" in text or "nodename nor servname" in text or "Failed to resolve" in text:
        return "the host name does not resolve"
    return text.split(": ", 1)[-1][:200]
