"""English forms news writing uses: fractions, hyphenated adjectives, spaced thousands, k/bn, energy and rates."""
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.figure_languages import judge_quantity, quantulum_quantities
from claims.figures import COUNT, FigureError, convert, dimension_of, normalise_unit, parse_figure


@pytest.mark.parametrize("text, value, range_end, unit", [
    ("two thirds", "0.666667", None, COUNT),
    ("Two-thirds of our jobs", "0.666667", None, COUNT),
    ("one-half miles", "0.5", None, "mi"),
    ("2 1/2 in", "2.5", None, "in"),
    ("1/4 inch", "0.25", None, "in"),
    ("½ inch", "0.5", None, "in"),
    ("two and a half miles", "2.5", None, "mi"),
    ("three halves", "1.5", None, COUNT),
    ("a 27-kilometer border", "27", None, "km"),
    ("a 600-ship navy", "600", None, COUNT),
    ("8- to 16-meter", "8", "16", "m"),
    ("10 000 dollars", "10000", None, "USD"),
    ("1 000 000 tonnes", "1000000", None, "t"),
    ("0.5k miles", "500", None, "mi"),
    ("5bn cubic metres", "5000000000", None, "m³"),
    ("six gallons", "6", None, "gal"),
    ("a gallon", "1", None, "gal"),
    ("3 to 4 L", "3", "4", "L"),
    ("44 mg to 50 mg", "44", "50", "mg"),
    ("1 million barrels per day", "1000000", None, "bbl/d"),
    ("4,500 tpd", "4500", None, "t/d"),
    ("500 tonnes a day", "500", None, "t/d"),
    ("7.3 MWh", "7.3", None, "MWh"),
    ("50 Wh", "50", None, "Wh"),
    ("1.2 TWh a year", "1.2", None, "TWh/yr"),
    ("8 MB", "8", None, "MB"),
    ("10-15 exabytes", "10", "15", "EB"),
    ("200 kilometres per hour", "200", None, "km/h"),
    ("25lbs", "25", None, "lb"),
    ("3 trillion cubic feet", "3000000000000", None, "ft³"),
    ("2 in", "2", None, "in"),
    ("three million, two hundred & forty", "3000240", None, COUNT),
    ("40 MPs", "40", None, COUNT),
])
def test_english_forms_read_to_their_value_and_unit(text, value, range_end, unit):
    figure = parse_figure(text)
    assert (figure.value, figure.range_end, figure.unit) == (
        Decimal(value), None if range_end is None else Decimal(range_end), unit)


@pytest.mark.parametrize("text, why", [
    ("$15.4/hour", "rate per hour"),
    ("$350 per kg to $680 per kg", "price or ratio per kg"),
    ("$5 a day", "per year"),
    ("1.7 eV", "not one Crosscheck measures"),
    ("2.80 GHz", "not one Crosscheck measures"),
    ("9.83e-3 +/- 1e-5 km/s2", "unknown unit"),
    ("4e14 s-1", "unknown unit"),
    ("9/11 attacks", "unknown unit"),
])
def test_rates_prices_and_units_crosscheck_does_not_keep_are_refused(text, why):
    with pytest.raises(FigureError, match=why):
        parse_figure(text)


def test_names_that_look_like_fractions_stay_what_they_are():
    assert parse_figure("2 quarters of growth").value == 2  # fiscal quarters are counted, not a half
    with pytest.raises(FigureError):
        parse_figure("24/7")  # round the clock, not 3.43


def test_daily_rates_compare_with_yearly_ones():
    assert normalise_unit("barrels per day") == "bbl/d"
    assert dimension_of("bbl/d") == dimension_of("bbl/yr")
    assert convert(1, "bbl/d", "bbl/yr") == pytest.approx(365.25)
    assert convert(1, "MWh", "kWh") == pytest.approx(1000)
    with pytest.raises(FigureError, match="only physical quantities"):
        normalise_unit("USD/day")


@given(st.integers(min_value=1, max_value=999), st.lists(st.integers(min_value=0, max_value=999), min_size=1,
                                                          max_size=4))
def test_thousands_separated_by_spaces_read_as_with_commas(head, groups):
    spaced = " ".join([str(head), *(f"{g:03d}" for g in groups)])
    commas = ",".join([str(head), *(f"{g:03d}" for g in groups)])
    assert parse_figure(f"{spaced} tonnes").value == parse_figure(f"{commas} tonnes").value


def test_quantulum3s_test_quantities_are_mostly_read_right_and_rarely_wrong():
    verdicts = [judge_quantity(q) for q in quantulum_quantities()]
    assert len(verdicts) == 148
    assert verdicts.count("right") >= 116
    assert verdicts.count("wrong") <= 3  # "45 Js", "2.123 am", a bare "45" labelled milligrams
