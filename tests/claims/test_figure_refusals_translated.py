"""Refusals of figures in the editor's interface language: Russian and Chinese on the desk, English elsewhere."""
import pytest
from django.utils import translation

from claims.figures import FigureError, parse_figure
from claims.roles import EDITOR
from tests.factories import user_with_role


@pytest.mark.parametrize("language, text, wording", [
    ("ru", "минус 5 км", "отрицательное число в 'минус 5 км'"),
    ("ru", "10:30", "'10:30' — это время суток, а не цифра"),
    ("ru", "нет данных", "в 'нет данных' не найдено число"),
    ("zh-hans", "5月15日", "'5月15日' 是日期，不是数字"),
    ("zh-hans", "Windows 10系统", "不是以数字开头"),
    ("zh-hans", "负5公里", "是负数"),
    ("en-gb", "минус 5 км", "negative figure in 'минус 5 км'"),
])
def test_a_refusal_is_worded_in_the_interface_language(language, text, wording):
    with translation.override(language), pytest.raises(FigureError) as refused:
        parse_figure(text)
    assert wording in str(refused.value)


@pytest.mark.django_db
def test_the_desk_speaks_the_editors_language_and_readers_pages_stay_in_the_sites(client):
    client.force_login(user_with_role(EDITOR))
    desk = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ru")
    assert desk["Content-Language"] == "ru" and "Accept-Language" in desk["Vary"]
    assert client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")["Content-Language"] == "zh-hans"
    assert client.get("/admin/")["Content-Language"] == "en-gb"
    reader = client.get("/", HTTP_ACCEPT_LANGUAGE="ru")
    assert reader.get("Content-Language", "en-gb") == "en-gb" and translation.get_language() == "en-gb"
