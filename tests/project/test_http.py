"""The outbound client's address check: the address connected to is the one checked, and every
special-use range is refused, in whatever IPv6 form it hides (IPv4-mapped, NAT64, 6to4, Teredo)."""
import socket

import pytest

from project import http
from tests.loopback import LoopbackServer, Route


@pytest.mark.parametrize("address", [
    "[::ffff:127.0.0.1]", "[::ffff:169.254.169.254]", "[::127.0.0.1]", "[64:ff9b::a9fe:a9fe]",
    "[64:ff9b::7f00:1]", "[64:ff9b:1::1]", "[2002:7f00:1::]", "[2002:a9fe:a9fe::1]",
    "[2001:0:4136:e378:8000:63bf:3fff:fdd2]", "[::]", "[fe80::1]", "[ff02::1]", "224.0.0.1", "[2001:db8::1]",
    "100.64.0.1", "10.1.2.3", "169.254.169.254", "127.0.0.1", "0.0.0.0", "[::1]", "[fd00::1]", "198.18.0.1"])
def test_special_use_addresses_are_refused_in_every_form(address):
    with pytest.raises(http.OutboundError, match="private or local address"):
        http.send("GET", f"http://{address}/", allow_private=False, timeout=1)


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946",
                                     "64:ff9b::5db8:d822", "2002:5db8:d822::1", "::ffff:93.184.216.34"])
def test_global_addresses_pass_the_check(address):
    assert http.allowed(__import__("ipaddress").ip_address(address))


def _resolver(monkeypatch, answers):
    """Make name lookups answer ``answers`` in turn (one list of addresses per lookup), and count them."""
    calls = []

    def getaddrinfo(host, port, *args, **kwargs):
        if not host.endswith(".example"):  # an address literal: the connection to the address resolved
            return REAL(host, port, *args, **kwargs)
        calls.append(host)
        addresses = answers[min(len(calls), len(answers)) - 1]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in addresses]

    REAL = socket.getaddrinfo
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return calls


def test_the_name_is_resolved_once_and_the_checked_address_is_the_one_connected(monkeypatch):
    """DNS rebinding: a name that answers a harmless address, then the server's own, reaches neither twice."""
    with LoopbackServer() as server:
        server.routes["/article"] = Route(b"the article")
        port = server.httpd.server_address[1]
        calls = _resolver(monkeypatch, [["127.0.0.1"], ["192.0.2.1"]])  # a second lookup would go nowhere
        response = http.send("GET", f"http://rebind.example:{port}/article", allow_private=True, timeout=5)
        assert response.status == 200 and response.data == b"the article"
        assert calls == ["rebind.example"] and server.hits == ["/article"]


def test_a_rebinding_name_never_reaches_the_local_server(monkeypatch):
    with LoopbackServer(host="127.0.0.2") as outside:  # stands for the internet host the check approved
        port = outside.httpd.server_address[1]
        outside.routes["/admin"] = Route(b"outside")
        with LoopbackServer(port=port) as internal:
            internal.routes["/admin"] = Route(b"internal")
            # The check sees the approved address; a client that looked the name up again would get loopback.
            calls = _resolver(monkeypatch, [["127.0.0.2"], ["127.0.0.1"]])
            monkeypatch.setattr(http, "allowed", lambda address: str(address) == "127.0.0.2")
            response = http.send("GET", f"http://rebind.example:{port}/admin", allow_private=False, timeout=5)
            assert response.data == b"outside" and internal.hits == [] and calls == ["rebind.example"]


def test_a_name_with_any_local_address_is_refused(monkeypatch):
    _resolver(monkeypatch, [["93.184.216.34", "10.0.0.1"]])
    with pytest.raises(http.OutboundError, match="private or local address"):
        http.send("GET", "http://mixed.example/", allow_private=False, timeout=1)


def test_the_host_header_names_the_host_not_the_address(monkeypatch):
    with LoopbackServer() as server:
        port = server.httpd.server_address[1]
        _resolver(monkeypatch, [["127.0.0.1"]])
        http.send("POST", f"http://hooks.example:{port}/in", allow_private=True, timeout=5, body=b"{}")
        assert server.posts[0][1]["Host"] == f"hooks.example:{port}"
