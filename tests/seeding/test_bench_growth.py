"""The benchmark's sizes and growth table (the figures themselves are measured by `make bench`, not here)."""
import pytest

from bench.__main__ import DEFAULT_SIZES, classify, growth_rows, sizes_from


def test_sizes_come_from_arguments_then_bench_sizes_then_the_default():
    assert sizes_from([], None) == DEFAULT_SIZES == [10_000, 100_000]
    assert sizes_from([], "10000 100000 1000000") == [10_000, 100_000, 1_000_000]
    assert sizes_from([], "1e6, 10000") == [10_000, 1_000_000]
    assert sizes_from(["5000"], "1000000") == [5_000]


@pytest.mark.parametrize("bad", ["ten", "0", "-5", "2.5"])
def test_a_size_that_is_not_a_count_is_refused_clearly(bad):
    with pytest.raises(SystemExit, match="corpus size"):
        sizes_from([], bad)


@pytest.mark.parametrize("before, after, expected", [
    (10.0, 11.0, "flat"), (10.0, 30.0, "sub-linear"), (10.0, 100.0, "linear"), (10.0, 400.0, "worse"),
])
def test_growth_is_classified_by_its_exponent(before, after, expected):
    assert classify(10_000, 100_000, before, after) == expected


def test_growth_rows_follow_each_figure_across_sizes():
    results = {
        "conflicts": [{"claims": "10,000", "full detection (s)": "0.5", "whole save, median (ms)": "10"},
                      {"claims": "100,000", "full detection (s)": "5.0", "whole save, median (ms)": "10.5"}],
        "pages": [{"claims": "10,000", "page": "home", "median (ms)": "20"},
                  {"claims": "100,000", "page": "home", "median (ms)": "40"}],
    }
    rows = {row["figure"]: row for row in growth_rows([10_000, 100_000], {10_000: 4.0, 100_000: 40.0}, results)}
    assert rows["corpus generation (s)"]["×10,000→100,000"] == "10.00× linear"
    assert rows["conflicts: full detection (s)"]["100,000"] == "5"
    assert rows["conflicts: whole save, median (ms)"]["×10,000→100,000"] == "1.05× flat"
    assert rows["pages: home, median (ms)"]["×10,000→100,000"] == "2.00× sub-linear"
