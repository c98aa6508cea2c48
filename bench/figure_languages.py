"""Figure reading per language: `python -m bench.figure_languages` (also a `make bench` section, no corpus).

- Russian and Chinese: the team's labelled phrases (bench/data/figures_ru.tsv, figures_zh.tsv: at
  least 100 each, every one with the interval its English wording gets, or REFUSE), scored on
  unit and interval.
- Russian and Chinese articles the team wrote (tests/articles/*-ru.txt, *-zh.txt): the share of the
  figures an editor marks that the importer proposes, with the same wording, value and unit.
- English: quantulum3's own test quantities (`_lang/en_US/tests/quantities.json` inside the
  installed package, read in place), each surface read with parse_figure: right when the value (a
  range: both ends of its interval) matches in quantulum3's unit, refused, or wrong.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

DATA = Path(__file__).parent / "data"
LANGUAGES = {"ru": "Russian", "zh": "Chinese"}
# quantulum3's unit names → Crosscheck's symbols; a count's noun carries its word ("3 days").
QUANTULUM_UNITS = {
    "metre": "m", "kilometre": "km", "mile": "mi", "inch": "in", "square kilometre": "km²", "square mile": "sq mi",
    "cubic kilometre": "km³", "gallon": "gal", "litre": "L", "centilitre": "L", "cubic centimetre": "L",
    "kilogram": "kg", "milligram": "kg", "tonne": "t", "pound-mass": "lb", "ton per day": "t/d",
    "watt hour": "Wh", "megawatt hour": "MWh", "kilometre per hour": "km/h", "byte": "B", "megabyte": "MB",
    "exabyte": "EB", "kibibyte": "KiB", "bit": "bit", "pound sterling": "GBP", "dollar": "USD", "euro": "EUR",
    "percentage": "%", "degree Celsius": "°C", "degree fahrenheit": "°F", "nanometre": "nm",
}
_COUNTED = {"dimensionless", "year", "week", "month", "day", "hour", "count per week", "dozen", "gross", "penny",
            "cent", "dime", "cup", "tablespoon", "baker's dozen", "gigayear", "megayear"}


def labelled(language: str) -> list[tuple[str, str, float | None, float | None]]:
    """Return the labelled phrases of a language: (phrase, unit or REFUSE, lower, upper)."""
    rows = []
    for line in (DATA / f"figures_{language}.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        phrase, unit, lower, upper, _english = line.split("\t")
        rows.append((phrase, unit, float(lower) if lower else None, float(upper) if upper else None))
    return rows


def read_as_labelled(phrase: str, unit: str, lower: float | None, upper: float | None) -> bool:
    """Say whether parse_figure reads ``phrase`` to the labelled unit and interval (or refuses a REFUSE)."""
    from claims.figures import FigureError, parse_figure

    try:
        figure = parse_figure(phrase)
    except FigureError:
        return unit == "REFUSE"
    interval = figure.interval
    return figure.unit == unit and _close(interval.lower, lower) and _close(interval.upper, upper)


def _close(got: float | None, expected: float | None) -> bool:
    if got is None or expected is None:
        return got is expected
    return math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-9)


def language_rows() -> list[dict]:
    """Return the share of each language's labelled phrases read as labelled."""
    rows = []
    for code, name in LANGUAGES.items():
        phrases = labelled(code)
        wrong = [p for p, *expected in phrases if not read_as_labelled(p, *expected)]
        right = len(phrases) - len(wrong)
        rows.append({"language": name, "phrases": len(phrases), "right": right,
                     "accuracy": f"{right / len(phrases):.1%}", "wrong": " | ".join(wrong[:5])})
    return rows


# The team's articles (tests/articles/) and the figures an editor marks in each: wording, value, unit.
ARTICLES = Path(__file__).resolve().parent.parent / "tests" / "articles"
ARTICLE_FIGURES = {
    "aigun-ru.txt": [("более 600 тыс. кв. км", 600_000, "km²"), ("ещё около 400 тыс. кв. км", 400_000, "km²"),
                     ("почти 1,5 млн кв. км", 1_500_000, "km²"), ("1 млн кв. км", 1_000_000, "km²"),
                     ("около 600 тыс. человек", 600_000, "count"), ("более 40 раз", 40, "count"),
                     ("до 50 млрд кубометров газа в год", 50e9, "m³/yr"),
                     ("от 9 до 11 совместных учений", 9, "count")],
    "gas-ru.txt": [("до 50 млрд кубометров газа в год", 50e9, "m³/yr"), ("38 млрд кубометров в год", 38e9, "m³/yr"),
                   ("13,6 млрд долларов", 13.6e9, "USD"), ("около 2,6 тыс. км", 2600, "km"),
                   ("почти 1 тыс. км", 1000, "km"), ("240 млрд долларов", 240e9, "USD"),
                   ("более 100 млн тонн", 100e6, "t"), ("почти 20%", 20, "%")],
    "aigun-zh.txt": [("60多万平方公里", 600_000, "km²"), ("约40万平方公里", 400_000, "km²"),
                     ("约100万平方公里", 1_000_000, "km²"), ("约60万人", 600_000, "count"), ("超过40次", 40, "count"),
                     ("每年500亿立方米", 50e9, "m³/yr"), ("9至11次", 9, "count")],
    "gas-zh.txt": [("每年最多500亿立方米", 50e9, "m³/yr"), ("每年380亿立方米", 38e9, "m³/yr"),
                   ("约136亿美元", 13.6e9, "USD"), ("约2600公里", 2600, "km"), ("近1000公里", 1000, "km"),
                   ("超过2400亿美元", 240e9, "USD"), ("1亿多吨", 100e6, "t"), ("20%", 20, "%")],
}


def article_rows() -> list[dict]:
    """Return, per language, how many of the marked figures the importer proposes, and how many it proposes."""
    from imports import candidates

    rows = []
    for code, name in LANGUAGES.items():
        marked = found = proposed = 0
        missed = []
        for article, wanted in ARTICLE_FIGURES.items():
            if not article.endswith(f"-{code}.txt"):
                continue
            text = (ARTICLES / article).read_text(encoding="utf-8")
            got = {(c.figure_text, float(c.value), c.unit) for c in candidates.extract(text) if c.value is not None}
            proposed += len(got)
            marked += len(wanted)
            hits = [w for w in wanted if (w[0], float(w[1]), w[2]) in got]
            found += len(hits)
            missed += [w[0] for w in wanted if w not in hits]
        rows.append({"language": f"{name} articles", "phrases": marked, "right": found,
                     "accuracy": f"{found / marked:.1%}", "wrong": f"{proposed - found} proposed beyond the marked; "
                                                                  f"missed: {' | '.join(missed)}"})
    return rows


def quantulum_quantities() -> list[dict]:
    """Return quantulum3's test quantities (surface, value, unit, uncertainty), read from the installed package."""
    from importlib.resources import files

    cases = json.loads(files("quantulum3").joinpath("_lang/en_US/tests/quantities.json").read_text())
    return [quantity for case in cases for quantity in case["res"]]


def judge_quantity(quantity: dict) -> str:
    """Return "right", "refused" or "wrong" for one quantulum3 test quantity read with parse_figure."""
    from claims.figures import COUNT, YEAR, FigureError, convert, parse_figure

    try:
        figure = parse_figure(quantity["surface"])
    except FigureError:
        return "refused"
    value, spread = float(quantity["value"]), float(quantity.get("uncertainty") or 0)
    expected_unit = quantity["unit"]
    if figure.unit in (COUNT, YEAR):
        if expected_unit not in _COUNTED:
            return "wrong"
        low, high = float(figure.value), float(figure.range_end if figure.is_range else figure.value)
    else:
        target = QUANTULUM_UNITS.get(expected_unit)
        if target is None:
            return "wrong"
        try:
            low = convert(figure.value, figure.unit, target) / _scale(expected_unit)
            high = convert(figure.range_end if figure.is_range else figure.value, figure.unit, target)
            high /= _scale(expected_unit)
        except FigureError:
            return "wrong"
    low, high = low / _COUNT_SIZES.get(expected_unit, 1), high / _COUNT_SIZES.get(expected_unit, 1)
    # Six decimals are what the database keeps ("one sixth" is 0.166667).
    ok = all(math.isclose(got, want, rel_tol=1e-6, abs_tol=1e-6) for got, want in ((low, value - spread),
                                                                                     (high, value + spread)))
    return "right" if ok else "wrong"


# quantulum3 counts "a dozen" as 1 dozen; Crosscheck reads it as 12.
_COUNT_SIZES = {"dozen": 12, "baker's dozen": 13, "gross": 144}


def _scale(quantulum_unit: str) -> float:
    """Return the size of quantulum3's unit in Crosscheck's nearest one (1 mg is 1e-6 kg)."""
    return {"milligram": 1e-6, "centilitre": 1e-2, "cubic centimetre": 1e-3}.get(quantulum_unit, 1.0)


def quantulum_row() -> dict:
    """Return how many of quantulum3's test quantities parse_figure reads right, refuses or reads wrong."""
    verdicts = [(q["surface"], judge_quantity(q)) for q in quantulum_quantities()]
    counts = {v: sum(1 for _, verdict in verdicts if verdict == v) for v in ("right", "refused", "wrong")}
    return {"language": "English (quantulum3's test quantities)", "phrases": len(verdicts), "right": counts["right"],
            "accuracy": f"{counts['right'] / len(verdicts):.1%}",
            "wrong": f"{counts['refused']} refused, {counts['wrong']} wrong: "
                     + " | ".join(s for s, v in verdicts if v == "wrong")[:300]}


def run() -> list[dict]:
    """Return one row per language (the `make bench` section)."""
    return [*language_rows(), *article_rows(), quantulum_row()]


def main() -> None:
    from bench.common import print_table, setup_django

    setup_django()
    print_table("figure reading per language", run())


if __name__ == "__main__":
    main()
