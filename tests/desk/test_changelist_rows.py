"""The large changelists write each row's selection box themselves: the same HTML as Django's widget."""
from dataclasses import dataclass

from django.contrib import admin
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.admin.paging import LargeTableAdminMixin


@dataclass
class Row:
    pk: int
    text: str

    def __str__(self):
        return self.text


@settings(deadline=None)  # the first example loads the widget templates
@given(pk=st.integers(min_value=1, max_value=2**63 - 1), text=st.text(max_size=40),
       language=st.sampled_from(["en-gb", "ru", "zh-hans"]))
def test_the_selection_box_is_djangos(pk, text, language):
    row = Row(pk, text)
    with translation.override(language):
        assert LargeTableAdminMixin().action_checkbox(row) == admin.ModelAdmin.action_checkbox(None, row)
