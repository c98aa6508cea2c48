"""Figures worded in Russian and Chinese read to the same value, unit, qualifier and interval as in English."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.figure_languages import LANGUAGES, labelled, read_as_labelled
from claims.figures import COUNT, YEAR, FigureError, Qualifier, figure_language, parse_figure
from claims.figures.chinese import chinese_numeral


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_labelled_phrase_is_read_as_labelled(language):
    phrases = labelled(language)
    assert len(phrases) >= 100
    assert sum(1 for p in phrases if p[1] == "REFUSE") >= 5  # refusals are labelled too
    wrong = [p for p in phrases if not read_as_labelled(*p)]
    assert wrong == []


@pytest.mark.parametrize("foreign, english", [
    ("более 900 тыс. кв. км", "over 900,000 square kilometers"),
    ("約100万平方公里".replace("約", "约"), "about 1 million square kilometers"),
    ("近100万平方公里", "nearly 1,000,000 km²"),
    ("свыше 1,5 млн гектаров", "over 1.5 million hectares"),
    ("до 50 млрд кубометров газа в год", "up to 50 billion cubic meters annually"),
    ("多达380亿立方米/年", "up to 38 billion cubic meters a year"),
    ("сорок два раза", "forty-two times"),
    ("四十多次", "over forty times"),
    ("от 9 до 11 учений", "9 to 11 exercises"),
    ("9至11次演习", "9 to 11 exercises"),
    ("в 1858 году", "1858"),
    ("1858年", "1858"),
    ("около двух тысяч", "about two thousand"),
    ("1000公里左右", "about 1,000 km"),
    ("не менее трех встреч", "at least three meetings"),
    ("百分之四十", "40%"),
    ("10 000 долларов", "10,000 dollars"),
    ("2-3 млн тонн", "2-3 million tonnes"),
])
def test_a_foreign_wording_gets_the_english_ones_value_unit_qualifier_and_interval(foreign, english):
    ours, theirs = parse_figure(foreign), parse_figure(english)
    assert (ours.value, ours.range_end, ours.unit, ours.qualifier) == (
        theirs.value, theirs.range_end, theirs.unit, theirs.qualifier)
    assert ours.interval == theirs.interval
    assert ours.text == foreign  # the wording is kept as the source gave it


@pytest.mark.parametrize("text, qualifier", [
    ("более 5 км", Qualifier.OVER), ("свыше 5 км", Qualifier.OVER), ("около 5 км", Qualifier.APPROXIMATELY),
    ("почти 5 км", Qualifier.NEARLY), ("до 5 км", Qualifier.UP_TO), ("не менее 5 км", Qualifier.AT_LEAST),
    ("менее 5 км", Qualifier.UNDER), ("超过5公里", Qualifier.OVER), ("约5公里", Qualifier.APPROXIMATELY),
    ("近5公里", Qualifier.NEARLY), ("5公里多", Qualifier.OVER), ("5公里以上", Qualifier.OVER),
    ("5公里左右", Qualifier.APPROXIMATELY), ("至少5公里", Qualifier.AT_LEAST), ("不到5公里", Qualifier.UNDER),
    ("最多5公里", Qualifier.UP_TO),
])
def test_qualifiers_map_to_the_english_ones(text, qualifier):
    assert parse_figure(text).qualifier is qualifier


@pytest.mark.parametrize("text, why", [
    ("минус 5 км", "negative"), ("-5公里", "negative"), ("负5公里", "negative"),
    ("15 мая", "day of the month"), ("5月15日", "day of the month"), ("1858年5月28日", "day of the month"),
    ("10:30", "clock time"), ("10点30分", "clock time"), ("第三次", "ordinal"), ("3-й раз", "ordinal"),
    ("нет данных", "no number"), ("没有数据", "no number"), ("Windows 10系统", "does not start with a number"),
    ("50 млрд кубометров в сутки", "daily rate"),
])
def test_what_is_not_a_figure_is_refused_in_every_language(text, why):
    with pytest.raises(FigureError, match=why):
        parse_figure(text)


def test_years_and_counts_of_years_are_told_apart():
    assert parse_figure("1858年").unit == YEAR
    assert parse_figure("в 1858 году").unit == YEAR
    sixty = parse_figure("60年")
    assert (sixty.unit, sixty.value, sixty.noun) == (COUNT, 60, "年")
    assert parse_figure("两千人").unit == COUNT  # a count of people, not the year 2000


def test_the_language_of_a_wording():
    assert [figure_language(t) for t in ("over 40 times", "более 40 раз", "40多次", "超过40次")] == [
        "en", "ru", "zh", "zh"]


def _chinese(n: int) -> str:
    """Write n in Chinese numerals the long way (an oracle independent of the reader)."""
    digits = "零一二三四五六七八九"
    if n == 0:
        return "零"
    groups, parts = [], []
    while n:
        groups.append(n % 10000)
        n //= 10000
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        text = ""
        for place, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            digit = group // place % 10
            if digit:
                text += digits[digit] + unit
            elif text and group % place:
                text += "零" if not text.endswith("零") else ""
        parts.append(text + ("", "万", "亿")[index])
    return "".join(parts)


@given(st.integers(min_value=0, max_value=999_999_999_999))
def test_chinese_numerals_read_back_what_the_oracle_wrote(n):
    assert chinese_numeral(_chinese(n)) == n


_RU_ONES = "ноль один два три четыре пять шесть семь восемь девять десять одиннадцать двенадцать тринадцать " \
           "четырнадцать пятнадцать шестнадцать семнадцать восемнадцать девятнадцать".split()
_RU_TENS = "_ _ двадцать тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят девяносто".split()
_RU_HUNDREDS = "_ сто двести триста четыреста пятьсот шестьсот семьсот восемьсот девятьсот".split()


def _russian_below_thousand(n: int, feminine: bool = False) -> list[str]:
    words = []
    if n >= 100:
        words.append(_RU_HUNDREDS[n // 100])
    n %= 100
    if n >= 20:
        words.append(_RU_TENS[n // 10])
        n %= 10
    if n:
        words.append({1: "одна", 2: "две"}.get(n, _RU_ONES[n]) if feminine else _RU_ONES[n])
    return words


def _russian(n: int) -> str:
    """Write n (1–999,999) in Russian words, nominative (an oracle independent of the reader)."""
    thousands, rest = divmod(n, 1000)
    words = []
    if thousands:
        last = thousands % 10 if thousands % 100 not in range(11, 20) else 5
        form = "тысяча" if last == 1 else "тысячи" if last in (2, 3, 4) else "тысяч"
        words += [*_russian_below_thousand(thousands, feminine=True), form]
    return " ".join(words + _russian_below_thousand(rest))


@given(st.integers(min_value=1, max_value=999_999))
def test_russian_number_words_read_back_what_the_oracle_wrote(n):
    figure = parse_figure(f"{_russian(n)} кораблей")
    assert (figure.value, figure.unit) == (n, COUNT) or (figure.unit == YEAR and figure.value == n)
