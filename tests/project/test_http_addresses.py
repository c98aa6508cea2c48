"""The address rule against an oracle built from the ipaddress module's own flags, over every form an
address takes: plain IPv4 and IPv6, and IPv4 carried in IPv6 (mapped, compatible, SIIT, NAT64, 6to4, Teredo).

The rule (project.http.allowed) is a table of blocks; the oracle derives the same answer another way,
from ``is_global``, ``is_reserved``, ``is_multicast``, ``is_link_local``, ``is_site_local`` and the
``ipv4_mapped`` and ``sixtofour`` views, so a block missing from the table, or one Python knows and the
table does not, shows up as a counterexample.
"""
import ipaddress
from ipaddress import IPv4Address, IPv6Address, ip_network

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from project import http

# Where the rule is stricter than some Python release's is_global (3.11.10 and 3.12.4 moved blocks):
# 192.0.0.0/24's anycast services and the old 6to4 relay anycast are no web hosts; 2001::/23 holds
# Teredo and protocol anycast, never an article; 3fff::/20 is documentation (RFC 9637, 2024).
STRICTER = [ip_network(cidr) for cidr in ("192.0.0.0/24", "192.88.99.0/24", "2001::/23", "3fff::/20")]
NAT64 = ip_network("64:ff9b::/96")


def oracle(address: IPv4Address | IPv6Address) -> bool:
    """Say whether ``address`` is a host on the internet, from the ipaddress module's flags."""
    if address.version == 6:
        carried = address.ipv4_mapped or address.sixtofour
        if carried is None and address in NAT64:
            carried = IPv4Address(int(address) % 2**32)
        if carried is not None:
            return oracle(carried)
    if address.is_multicast or address.is_reserved or address.is_link_local or address.is_loopback:
        return False
    if address.version == 6 and address.is_site_local:
        return False
    return address.is_global and not any(address in network for network in STRICTER)


# Blocks worth aiming at, with one address either side of each: the special-purpose registries'
# entries (both versions, whether or not globally reachable) and the unassigned IPv6 space's edges.
V4_BLOCKS = [ip_network(c) for c in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
    "192.0.0.9/32", "192.0.0.10/32", "192.0.0.170/31", "192.0.2.0/24", "192.31.196.0/24", "192.52.193.0/24",
    "192.88.99.0/24", "192.168.0.0/16", "192.175.48.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
    "224.0.0.0/4", "240.0.0.0/4", "255.255.255.255/32", "93.184.216.0/24", "1.1.1.0/24")]
V6_BLOCKS = [ip_network(c) for c in (
    "::/128", "::1/128", "::/96", "::ffff:0:0/96", "::ffff:0:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48",
    "100::/64", "2000::/3", "2001::/23", "2001::/32", "2001:1::1/128", "2001:2::/48", "2001:3::/32",
    "2001:4:112::/48", "2001:10::/28", "2001:20::/28", "2001:db8::/32", "2002::/16", "2620:4f:8000::/48",
    "2606:2800::/32", "3fff::/20", "4000::/3", "5f00::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8")]


def _near(blocks):
    """Addresses inside the given blocks, or just outside one of their edges."""
    return st.sampled_from(blocks).flatmap(lambda net: st.integers(
        max(int(net[0]) - 1, 0), min(int(net[-1]) + 1, 2 ** net.max_prefixlen - 1)))


v4_ints = st.one_of(st.integers(0, 2**32 - 1), _near(V4_BLOCKS))
v4 = v4_ints.map(IPv4Address)
carried = st.one_of(
    v4_ints.map(lambda a: 0xFFFF << 32 | a),                                    # IPv4-mapped
    v4_ints,                                                                    # IPv4-compatible
    v4_ints.map(lambda a: 0xFFFF << 48 | a),                                    # SIIT's IPv4-translated
    v4_ints.map(lambda a: int(NAT64[0]) | a),                                   # NAT64
    st.tuples(v4_ints, st.integers(0, 2**80 - 1)).map(lambda t: 0x2002 << 112 | t[0] << 80 | t[1]),  # 6to4
    st.tuples(v4_ints, st.integers(0, 2**64 - 1)).map(lambda t: 0x20010000 << 96 | t[0] << 64 | t[1]),  # Teredo
)
v6 = st.one_of(st.integers(0, 2**128 - 1), _near(V6_BLOCKS), carried).map(IPv6Address)
addresses = st.one_of(v4, v6)


@given(addresses)
@example(IPv6Address("64:ff9b::a9fe:a9fe"))
@example(IPv6Address("::127.0.0.1"))
@example(IPv6Address("2002:7f00:1::"))
@example(IPv6Address("::ffff:0:7f00:1"))
@example(IPv6Address("2001:0:4136:e378:8000:63bf:3fff:fdd2"))
@example(IPv6Address("64:ff9b::5db8:d822"))
@settings(max_examples=2000, deadline=None)
def test_the_rule_agrees_with_the_ipaddress_oracle(address):
    assert http.allowed(address) == oracle(address)


@given(addresses)
@settings(max_examples=300, deadline=None)
def test_a_url_naming_the_address_is_refused_exactly_when_the_rule_refuses_it(address):
    """The literal travels through URL parsing and the one lookup the request makes, unchanged."""
    host = f"[{address}]" if address.version == 6 else str(address)
    if oracle(address):
        assert [ipaddress.ip_address(a) for a in http.resolve(f"http://{host}:8080/a", allow_private=False)] \
            == [address]
    else:
        with pytest.raises(http.OutboundError, match="private or local address"):
            http.resolve(f"http://{host}:8080/a", allow_private=False)
