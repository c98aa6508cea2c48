"""Stored web addresses written out as RFC 3986 URIs, which is what ``format: uri`` means.

Sources keep their address exactly as it was found (an editor pasted it, an import followed it):
``https://ru.wikipedia.org/wiki/Айгунский_договор``, or a path with ``<``, ``"`` or a space in it.
Browsers accept those, but they are IRIs or worse, not URIs, and generated clients and schema
validators refuse them. Encoding on the way out keeps the stored text untouched and gives every
client a URI that names the same resource (RFC 3987, section 3.1): a non-ASCII host in its IDNA
form, any other character a URI cannot hold as UTF-8 percent-escapes. A valid URI passes unchanged.
"""
from __future__ import annotations

import re
import string
from functools import lru_cache

_UNRESERVED = string.ascii_letters + string.digits + "-._~"
_SUB_DELIMS = "!$&'()*+,;="
# What a path, query or fragment may hold besides percent-escapes (RFC 3986 pchar, "/" and "?").
_REST_SAFE = frozenset(_UNRESERVED + _SUB_DELIMS + ":@/?")
_AUTHORITY_SAFE = frozenset(_UNRESERVED + _SUB_DELIMS + ":@[]")
_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


# A pure function of the text, called for every source of every claim an API page shows (about 40
# times a page of 20): the same few thousand addresses come back request after request.
@lru_cache(maxsize=8192)
def as_uri(address: str) -> str:
    """Return ``address`` as an RFC 3986 URI naming the same resource (unchanged when it is one already)."""
    if not address:
        return address
    scheme = _SCHEME.match(address)
    head, rest = (scheme.group(), address[scheme.end():]) if scheme else ("", address)
    authority = ""
    if rest.startswith("//"):
        end = next((i for i, char in enumerate(rest[2:], 2) if char in "/?#"), len(rest))
        authority, rest = "//" + _authority(rest[2:end]), rest[end:]
    path_and_query, hash_sign, fragment = rest.partition("#")
    return head + authority + _escape(path_and_query, _REST_SAFE) + hash_sign + _escape(fragment, _REST_SAFE)


def _authority(authority: str) -> str:
    """Write a non-ASCII host name in its IDNA (punycode) form; escape what no authority may hold."""
    userinfo, at, hostport = authority.rpartition("@")
    if not hostport.isascii() and not hostport.startswith("["):
        host, colon, port = hostport.partition(":")
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            pass  # not a valid IDN: percent-escaped below, which RFC 3986 allows in a host name
        hostport = host + colon + port
    return _escape(userinfo + at + hostport, _AUTHORITY_SAFE)


def _escape(text: str, safe: frozenset[str]) -> str:
    """Percent-escape every character of ``text`` outside ``safe``, keeping the escapes already there."""
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if char == "%" and _ESCAPE.match(text, i):
            out.append(text[i:i + 3])
            i += 3
            continue
        out.append(char if char in safe else "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass")))
        i += 1
    return "".join(out)
