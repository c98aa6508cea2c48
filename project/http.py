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


def _networks(*cidrs: str) -> tuple:
    """Parse each CIDR block."""
    return tuple(ipaddress.ip_network(cidr) for cidr in cidrs)


# The rule is a table, not Python's ``is_global``, whose answers change between patch releases
# (3.11.10 and 3.12.4 moved several blocks). IPv4: the IANA special-purpose registry's blocks that are
# not globally reachable, plus the whole 192.0.0.0/24 (its two anycast services are no web hosts), the
# old 6to4 relay anycast 192.88.99.0/24, multicast and the reserved 240.0.0.0/4 (broadcast included).
REFUSED_V4 = _networks(
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
    "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
    "224.0.0.0/4", "240.0.0.0/4")
# IPv6: only global unicast (2000::/3) holds hosts on the internet; everything outside it (loopback,
# unspecified, IPv4-compatible ::/96, SIIT's ::ffff:0:0:0/96, NAT64's local-use 64:ff9b:1::/48, discard,
# SRv6 5f00::/16, unique-local, link- and site-local, multicast) is refused, except the two forms below
# that carry an IPv4 address. Inside it: IETF protocol assignments (Teredo among them: a tunnel's far
# end could be anything), and both documentation blocks.
GLOBAL_UNICAST_V6 = ipaddress.ip_network("2000::/3")
REFUSED_V6 = _networks("2001::/23", "2001:db8::/32", "3fff::/20")
# IPv6 forms that reach an IPv4 address, judged by that address: (prefix, the bit its IPv4 address ends at).
CARRIES_V4 = ((ipaddress.ip_network("::ffff:0:0/96"), 0),    # IPv4-mapped: the socket connects over IPv4
              (ipaddress.ip_network("64:ff9b::/96"), 0),     # NAT64's well-known prefix (RFC 6052)
              (ipaddress.ip_network("2002::/16"), 80))       # 6to4: the relay's IPv4 address, bits 16-47


def allowed(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Say whether ``address`` is a host on the internet, judging an IPv4 address wrapped in IPv6 by itself."""
    if address.version == 4:
        return not any(address in network for network in REFUSED_V4)
    for prefix, shift in CARRIES_V4:
        if address in prefix:
            return allowed(ipaddress.IPv4Address((int(address) >> shift) & 0xFFFFFFFF))
    return address in GLOBAL_UNICAST_V6 and not any(address in network for network in REFUSED_V6)


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
