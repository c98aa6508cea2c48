"""The unit catalogue: symbols, aliases as written, dimensions, and conversion with pint."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal

from .base import COUNT, PER_DAY, PER_YEAR, YEAR, FigureError


@dataclass(frozen=True)
class UnitDef:
    symbol: str
    pint_expr: str | None  # None: not a physical quantity (counts, calendar years)
    dimension: str
    aliases: tuple[str, ...]


UNITS: tuple[UnitDef, ...] = (
    UnitDef("km²", "kilometer ** 2", "area",
            ("square kilometers", "square kilometres", "square kilometer", "square kilometre", "sq km",
             "sq. km", "km2", "km^2", "km²")),
    UnitDef("sq mi", "mile ** 2", "area",
            ("square miles", "square mile", "sq mi", "sq. mi.", "sq. mi", "mi2", "mi^2", "mi²")),
    UnitDef("m²", "meter ** 2", "area",
            ("square meters", "square metres", "square meter", "square metre", "sq m", "m2", "m^2", "m²")),
    UnitDef("ha", "hectare", "area", ("hectares", "hectare", "ha")),
    UnitDef("acre", "acre", "area", ("acres", "acre")),
    UnitDef("km", "kilometer", "length", ("kilometers", "kilometres", "kilometer", "kilometre", "km")),
    UnitDef("cm", "centimeter", "length", ("centimeters", "centimetres", "centimeter", "centimetre", "cm")),
    UnitDef("mm", "millimeter", "length", ("millimeters", "millimetres", "millimeter", "millimetre", "mm")),
    UnitDef("mi", "mile", "length", ("miles", "mile", "mi")),
    UnitDef("m", "meter", "length", ("meters", "metres", "meter", "metre", "m")),
    UnitDef("m³", "meter ** 3", "volume",
            ("cubic meters", "cubic metres", "cubic meter", "cubic metre", "m3", "m^3", "m³")),
    UnitDef("km³", "kilometer ** 3", "volume",
            ("cubic kilometers", "cubic kilometres", "cubic kilometer", "cubic kilometre", "km3", "km^3", "km³")),
    UnitDef("bbl", "oil_barrel", "volume", ("barrels", "barrel", "bbl", "barrels of oil", "barrels of crude")),
    UnitDef("ft³", "foot ** 3", "volume", ("cubic feet", "cubic foot", "cu ft", "ft3", "ft^3", "ft³")),
    UnitDef("L", "liter", "volume", ("liters", "litres", "liter", "litre", "l")),
    UnitDef("ml", "milliliter", "volume", ("milliliters", "millilitres", "milliliter", "millilitre", "ml")),
    UnitDef("cl", "centiliter", "volume", ("centiliters", "centilitres", "cl")),
    UnitDef("gal", "gallon", "volume", ("gallons", "gallon", "gal", "us gallons")),
    UnitDef("t", "metric_ton", "mass", ("tonnes", "tonne", "metric tons", "metric ton", "t")),
    UnitDef("kg", "kilogram", "mass", ("kilograms", "kilogram", "kg", "kilos")),
    UnitDef("g", "gram", "mass", ("grams", "gram")),
    UnitDef("mg", "milligram", "mass", ("milligrams", "milligram", "mg")),
    UnitDef("lb", "pound", "mass", ("lbs", "lb", "lbs.", "lb.")),
    UnitDef("oz", "ounce", "mass", ("ounces", "ounce", "oz")),
    UnitDef("in", "inch", "length", ("inches", "inch")),
    UnitDef("ft", "foot", "length", ("feet", "foot", "ft")),
    UnitDef("yd", "yard", "length", ("yards", "yard", "yd")),
    UnitDef("nmi", "nautical_mile", "length", ("nautical miles", "nautical mile", "nmi")),
    UnitDef("nm", "nanometer", "length", ("nanometers", "nanometres", "nanometer", "nanometre")),
    UnitDef("km/h", "kilometer / hour", "speed",
            ("km/h", "kph", "kmh", "kilometres per hour", "kilometers per hour", "kilometres an hour",
             "kilometers an hour")),
    UnitDef("mph", "mile / hour", "speed", ("mph", "miles per hour", "miles an hour")),
    UnitDef("kn", "knot", "speed", ("knots", "knot")),
    UnitDef("Wh", "watt_hour", "energy", ("wh", "watt-hours", "watt hours", "watt-hour", "watt hour")),
    UnitDef("kWh", "kilowatt_hour", "energy", ("kwh", "kilowatt-hours", "kilowatt hours", "kilowatt-hour",
                                               "kilowatt hour")),
    UnitDef("MWh", "megawatt_hour", "energy", ("mwh", "megawatt-hours", "megawatt hours", "megawatt-hour",
                                               "megawatt hour")),
    UnitDef("GWh", "gigawatt_hour", "energy", ("gwh", "gigawatt-hours", "gigawatt hours", "gigawatt-hour",
                                               "gigawatt hour")),
    UnitDef("TWh", "terawatt_hour", "energy", ("twh", "terawatt-hours", "terawatt hours", "terawatt-hour",
                                               "terawatt hour")),
    UnitDef("kW", "kilowatt", "power", ("kw", "kilowatts", "kilowatt")),
    UnitDef("MW", "megawatt", "power", ("mw", "megawatts", "megawatt")),
    UnitDef("GW", "gigawatt", "power", ("gw", "gigawatts", "gigawatt")),
    UnitDef("B", "byte", "information", ("bytes", "byte")),
    UnitDef("bit", "bit", "information", ("bits", "bit")),
    UnitDef("KB", "kilobyte", "information", ("kb", "kilobytes", "kilobyte")),
    UnitDef("KiB", "kibibyte", "information", ("kib", "kibibytes", "kibibyte")),
    UnitDef("MB", "megabyte", "information", ("mb", "megabytes", "megabyte")),
    UnitDef("GB", "gigabyte", "information", ("gb", "gigabytes", "gigabyte")),
    UnitDef("TB", "terabyte", "information", ("tb", "terabytes", "terabyte")),
    UnitDef("PB", "petabyte", "information", ("pb", "petabytes", "petabyte")),
    UnitDef("EB", "exabyte", "information", ("eb", "exabytes", "exabyte")),
    # Currencies have no pint expression: no amount is ever converted into another currency silently.
    UnitDef("USD", None, "money", ("dollars", "dollar", "usd", "us dollars", "us dollar", "$", "us$")),
    UnitDef("EUR", None, "money", ("euros", "euro", "eur", "€")),
    UnitDef("GBP", None, "money", ("pounds sterling", "pound sterling", "gbp", "£", "sterling")),
    UnitDef("JPY", None, "money", ("yen", "jpy", "¥")),
    UnitDef("CNY", None, "money", ("yuan", "renminbi", "cny", "rmb")),
    UnitDef("RUB", None, "money", ("rubles", "ruble", "roubles", "rouble", "rub", "₽")),
    UnitDef("%", None, "share", ("percent", "per cent", "%", "pct")),
    # A difference between two percentages; never converted to or from a percentage.
    UnitDef("pp", None, "share difference", ("percentage points", "percentage point", "pp", "pct points")),
    # Temperatures convert with an offset, which the linear conversion here cannot do: kept apart.
    UnitDef("°C", None, "temperature (Celsius)", ("°c", "° c", "degrees celsius", "degree celsius", "degrees c",
                                                  "celsius", "ºc", "℃")),
    UnitDef("°F", None, "temperature (Fahrenheit)", ("°f", "° f", "degrees fahrenheit", "degree fahrenheit",
                                                     "degrees f", "fahrenheit", "ºf", "℉")),
    UnitDef(COUNT, None, "count", ("count",)),
    UnitDef(YEAR, None, "date", ("year", "calendar year")),
)
_UNITS_BY_SYMBOL = {u.symbol: u for u in UNITS}
UNITS_BY_ALIAS = {alias: u for u in UNITS for alias in u.aliases}
CURRENCIES = frozenset(u.symbol for u in UNITS if u.dimension == "money")
# Aliases that carry their own multiplier, as newsrooms write them.
SCALED_ALIASES = {"bcm": ("m³", Decimal(10) ** 9), "billion cubic meters": ("m³", Decimal(10) ** 9),
                  "bcf": ("ft³", Decimal(10) ** 9), "tcf": ("ft³", Decimal(10) ** 12),
                  "bpd": ("bbl" + PER_DAY, Decimal(1)), "b/d": ("bbl" + PER_DAY, Decimal(1)),
                  "tpd": ("t" + PER_DAY, Decimal(1))}


def unit_definition(unit: str) -> UnitDef:
    """Return the catalogue entry for a unit symbol or alias, including "<unit>/yr" and "<unit>/d" rates."""
    symbol = normalise_unit(unit)
    base = symbol.removesuffix(PER_YEAR).removesuffix(PER_DAY)
    base_def = _UNITS_BY_SYMBOL[base]
    if symbol != base:
        per = "year" if symbol.endswith(PER_YEAR) else "day"
        expr = None if base_def.pint_expr is None else f"({base_def.pint_expr}) / {per}"
        # A daily rate is compared with yearly ones ("barrels per day" against "barrels a year"): one dimension.
        return UnitDef(symbol, expr, f"{base_def.dimension} per year", ())
    return base_def


def normalise_unit(unit: str) -> str:
    """Return the catalogue symbol for a unit as written ("square miles" → "sq mi", "barrels per day" → "bbl/d")."""
    if not isinstance(unit, str) or not unit.strip():
        raise FigureError(f"no unit given ({unit!r})")
    stated = " ".join(unit.strip().split())
    for rate in ("", PER_YEAR, PER_DAY):
        if rate and stated.endswith(rate) and stated.removesuffix(rate) in _UNITS_BY_SYMBOL:
            return stated
    if stated in _UNITS_BY_SYMBOL:
        return stated  # a symbol as the catalogue writes it ("MWh", "B")
    text, rate = stated.lower(), ""
    for suffixes, per in ((("/yr", "/year", " per year", " a year", " annually", " per annum"), PER_YEAR),
                          (("/d", "/day", " per day", " a day"), PER_DAY)):
        for suffix in suffixes:
            if text.endswith(suffix):
                text, rate = text.removesuffix(suffix).strip(), per
                break
        if rate:
            break
    found = UNITS_BY_ALIAS.get(text)
    if found is None and text in SCALED_ALIASES and SCALED_ALIASES[text][1] == 1:
        return SCALED_ALIASES[text][0]  # "bpd"
    if found is None:
        known = ", ".join(u.symbol for u in UNITS)
        raise FigureError(f"unknown unit {unit!r}; known units: {known} (add /yr for yearly rates)")
    if rate == PER_DAY and found.pint_expr is None:
        raise FigureError(f"{unit!r}: only physical quantities are kept per day; give money and counts a year")
    return found.symbol + rate


def dimension_of(unit: str) -> str:
    """Return the dimension name of a unit ("area", "count", "volume per year")."""
    return unit_definition(unit).dimension


def convert(value: float | Decimal, from_unit: str, to_unit: str) -> float:
    """Convert a number between two units of the same dimension."""
    source, target = unit_definition(from_unit), unit_definition(to_unit)
    if source.symbol == target.symbol:
        return float(value)
    if source.dimension == target.dimension == "money" or {source.dimension, target.dimension} == {"money per year"}:
        raise FigureError(
            f"amounts in different currencies ({source.symbol}, {target.symbol}) are not converted: "
            "compare them with convert_money and an explicit, dated exchange rate"
        )
    if source.dimension != target.dimension or source.pint_expr is None or target.pint_expr is None:
        raise FigureError(
            f"cannot convert {source.symbol} ({source.dimension}) to {target.symbol} ({target.dimension})"
        )
    return float(value) * _conversion_factor(source.pint_expr, target.pint_expr)


def convert_money(amount: Decimal, from_currency: str, to_currency: str, *, rate: Decimal, rate_date) -> Decimal:
    """Convert an amount between currencies at an explicit ``rate`` (units of ``to_currency`` per one) of ``rate_date``."""
    source, target = normalise_unit(from_currency), normalise_unit(to_currency)
    for symbol in (source, target):
        if symbol not in CURRENCIES:
            raise FigureError(f"{symbol!r} is not a currency")
    if rate_date is None:
        raise FigureError(f"a rate from {source} to {target} needs the date it applies to")
    rate = Decimal(rate)
    if not rate.is_finite() or rate <= 0:
        raise FigureError(f"an exchange rate must be a positive number, not {rate}")
    return Decimal(amount) * (Decimal(1) if source == target else rate)


@functools.cache
def _conversion_factor(source_expr: str, target_expr: str) -> float:
    """Return how many target units make one source unit (every unit here is linear)."""
    return float(unit_registry().Quantity(1.0, source_expr).to(target_expr).magnitude)


@functools.cache
def unit_registry():
    import pint  # imported lazily: building the registry takes a moment, and most callers never convert

    return pint.UnitRegistry()

