"""What the reader pages' Jinja2 helpers must keep: the paths Django's ``reverse`` gives, and the dates its filter writes."""
import datetime
import zoneinfo

import pytest
from django.template import defaultfilters
from django.test import override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import timezone, translation
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from project import jinja
from project.paths import path_to

# Every named reader URL with its arguments' converters, the API's detail routes, and names with none.
NAMES = ["claim-detail", "source-detail", "entity-detail", "conflict-detail", "claim-list", "home", "feed",
         "report", "sitemap-section", "favicon", "api-docs", "claim-detail-nowhere"]
ARGUMENTS = st.one_of(st.integers(min_value=-5, max_value=10**12), st.from_regex(r"[-a-zA-Z0-9_]{1,20}", fullmatch=True),
                      st.text(max_size=12), st.just("9070318"), st.just("zq0-placeholder-0qz"))


def _reversed(call):
    try:
        return call()
    except NoReverseMatch:
        return NoReverseMatch


@settings(deadline=None)  # the first example loads the URL conf
@given(name=st.sampled_from(NAMES), args=st.lists(ARGUMENTS, max_size=2))
@example(name="claim-detail", args=["a-b_c-9"]).via("a slug")
@example(name="conflict-detail", args=["slug-not-a-number"]).via("an int converter refusing")
@example(name="claim-detail", args=["with space/and slash"]).via("quoting")
def test_path_to_gives_what_reverse_gives(name, args):
    assert _reversed(lambda: path_to(name, *args)) == _reversed(lambda: reverse(name, args=args))


@pytest.mark.parametrize("prefix", ["/", "/crosscheck/"])
def test_path_to_follows_the_script_prefix(prefix):
    set_script_prefix(prefix)
    try:
        for slug in ("first", "second"):
            assert path_to("claim-detail", slug) == reverse("claim-detail", args=[slug])
            assert path_to("conflict-detail", 7) == reverse("conflict-detail", args=[7])
    finally:
        set_script_prefix("/")


MOMENTS = st.datetimes(min_value=datetime.datetime(1800, 1, 1), max_value=datetime.datetime(2200, 1, 1),
                       timezones=st.sampled_from([datetime.UTC, zoneinfo.ZoneInfo("Asia/Vladivostok")]))


@given(value=st.one_of(MOMENTS, st.dates(), st.none(), st.just("")),
       fmt=st.sampled_from(["c", "Y-m-d", "j M Y", "j F Y", "j F Y H:i"]),
       zone=st.sampled_from(["UTC", "America/New_York", "Asia/Shanghai"]),
       language=st.sampled_from(["en-gb", "ru", "zh-hans", "de"]))
@settings(deadline=None)
def test_date_writes_what_djangos_filter_writes_in_a_template(value, fmt, zone, language):
    assume(isinstance(value, datetime.datetime) or "H" not in fmt)  # Django refuses a time of day for a date
    with override_settings(TIME_ZONE=zone), timezone.override(zone), translation.override(language):
        expected = defaultfilters.date(timezone.template_localtime(value), fmt)  # what {{ v|date:fmt }} does
        assert jinja.date(value, fmt) == expected
