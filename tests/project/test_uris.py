"""Stored addresses go out as RFC 3986 URIs that name the same resource, and valid URIs pass unchanged."""
from urllib.parse import unquote

import jsonschema_rs
from django.core.validators import URLValidator
from hypothesis import given
from hypothesis import strategies as st

from project.uris import as_uri

URI = jsonschema_rs.validator_for({"type": "string", "format": "uri"}, validate_formats=True)

hosts = st.sampled_from(["example.org", "ru.wikipedia.org", "президент.рф", "例子.中国", "[2001:db8::1]:8080",
                         "user:pw@example.org:8443", "straße.de"])
# Paths, queries and fragments as editors paste them: anything printable, escapes or not.
tails = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Zl", "Zp"]), max_size=40)


@given(st.sampled_from(["http", "https"]), hosts, tails)
def test_every_stored_address_goes_out_as_a_valid_uri_for_the_same_resource(scheme, host, tail):
    address = f"{scheme}://{host}/{tail}"
    uri = as_uri(address)
    assert URI.is_valid(uri), uri
    assert as_uri(uri) == uri  # idempotent: a client that writes it back and reads it again sees the same
    assert unquote(uri.split("/", 3)[3]) == unquote(tail)  # the same path, query and fragment, only escaped


def test_uris_pass_unchanged_and_the_cases_from_the_issue_are_escaped():
    for uri in ("https://example.org/a%3Cb?q=1&r=[x]#top", "https://[::1]:80/", "https://example.org/100%25",
                "http://u:p@example.org:8080/x;y=1?a=b/c?d#e/f?g"):
        URLValidator()(uri)
        assert as_uri(uri) == uri.replace("[x]", "%5Bx%5D")
    assert as_uri('https://example.org/a<b>"c" d') == "https://example.org/a%3Cb%3E%22c%22%20d"
    assert as_uri("https://ru.wikipedia.org/wiki/Айгун") == "https://ru.wikipedia.org/wiki/%D0%90%D0%B9%D0%B3%D1%83%D0%BD"
    assert as_uri("https://президент.рф/news#a#b") == "https://xn--d1abbgf6aiiy.xn--p1ai/news#a%23b"
    assert as_uri("https://example.org/100%") == "https://example.org/100%25"
    assert as_uri("") == ""
