"""Run every benchmark: `python -m bench [sizes…] [--only conflicts,pages,detection]`.

Sections on synthetic corpora run once per size (sizes from the arguments, else BENCH_SIZES, else
10,000 and 100,000; 1,000,000 is optional and takes about an hour); a growth table at the end
shows how each figure grows from size to size. Detection (claim detection, figure reading and
capture on labelled sets) needs no corpus and runs once.
"""
import argparse
import math
import os
import sys

from bench.common import print_table, reset_corpus, setup_django, timed, write_results

SECTIONS = ["conflicts", "pages", "profile", "imports", "load", "detection", "figure_languages", "cache"]
WITHOUT_CORPUS = {"detection", "figure_languages"}
DEFAULT_SIZES = [10_000, 100_000]

# Figures followed across sizes: section -> (column naming the row, or None; columns that are times).
GROWTH = {
    "conflicts": (None, ["full detection (s)", "detection per save, median (ms)", "whole save, median (ms)"]),
    "pages": ("page", ["median (ms)"]),
    "imports": (None, ["import per article, median (ms)"]),
    "load": ("endpoint", ["median (ms)"]),
}


def sizes_from(arguments: list[str], environment: str | None) -> list[int]:
    """Read corpus sizes ("10000 100000", "1e6" or "1,000,000" each), refusing anything but positive counts."""
    words = arguments or (environment or "").replace(",", " ").split()
    if not words:
        return list(DEFAULT_SIZES)
    sizes = []
    for word in words:
        try:
            size = float(word.replace("_", ""))
        except ValueError:
            raise SystemExit(f"Not a corpus size: {word!r}; give claim counts like 10000 100000 1000000.") from None
        if size < 1 or size != int(size):
            raise SystemExit(f"Not a corpus size: {word!r}; a size is a whole number of claims, at least 1.")
        sizes.append(int(size))
    return sorted(set(sizes))


def _number(text) -> float | None:
    try:
        return float(str(text).replace(",", "").rstrip("×"))
    except ValueError:
        return None


def classify(small: int, large: int, before: float, after: float) -> str:
    """Say how a time grew between two sizes: flat, sub-linear, linear or worse than linear."""
    if before <= 0 or after <= 0:
        return "?"
    exponent = math.log(after / before) / math.log(large / small)
    if exponent < 0.25:
        return "flat"
    if exponent < 0.75:
        return "sub-linear"
    if exponent <= 1.25:
        return "linear"
    return "worse"


def growth_rows(sizes: list[int], generation: dict[int, float], results: dict[str, list[dict]]) -> list[dict]:
    """Lay out each followed figure per size, with the factor it grew by from the previous size."""
    figures: dict[str, dict[int, float]] = {"corpus generation (s)": dict(generation)}
    for section, rows in results.items():
        if section not in GROWTH:
            continue
        label_column, columns = GROWTH[section]
        for row in rows:
            size = int(_number(row["claims"]))
            for column in columns:
                value = _number(row.get(column, ""))
                if value is None:
                    continue
                name = f"{section}: {row[label_column]}, {column}" if label_column else f"{section}: {column}"
                figures.setdefault(name, {})[size] = value
    table = []
    for name, by_size in figures.items():
        row = {"figure": name}
        previous = None
        for size in sizes:
            if size not in by_size:
                continue
            value = by_size[size]
            row[f"{size:,}"] = f"{value:g}"
            if previous is not None:
                factor = value / previous[1] if previous[1] else float("inf")
                row[f"×{previous[0]:,}→{size:,}"] = \
                    f"{factor:.2f}× {classify(previous[0], size, previous[1], value)}"
            previous = (size, value)
        table.append(row)
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", help="claims per corpus (default: BENCH_SIZES, else 10000 100000)")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections: " + ", ".join(SECTIONS))
    args = parser.parse_args()
    sizes = sizes_from(args.sizes, os.environ.get("BENCH_SIZES"))
    sections = [s for s in args.only.split(",") if s]
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        raise SystemExit(f"Unknown section(s) {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}.")
    setup_django()
    from importlib import import_module

    from seeding.corpus import generate_corpus, vacuum_analyze

    results: dict[str, list[dict]] = {section: [] for section in sections}
    for section in [s for s in sections if s in WITHOUT_CORPUS]:
        rows = import_module(f"bench.{section}").run()
        print(f"JSON: {write_results(section, rows)}")
    sections = [s for s in sections if s not in WITHOUT_CORPUS]
    results = {section: results[section] for section in sections}
    generation: dict[int, float] = {}
    for size in (sizes if sections else []):
        reset_corpus()
        seconds, _ = timed(generate_corpus, claims=size, seed=1)
        vacuum_seconds, _ = timed(vacuum_analyze)
        generation[size] = round(seconds + vacuum_seconds, 1)
        print(f"generated {size:,} claims in {seconds:.1f} s (and vacuumed in {vacuum_seconds:.1f} s)",
              file=sys.stderr)
        for section in sections:
            section_seconds, rows = timed(import_module(f"bench.{section}").run, size)
            results[section] += rows
            print(f"  {section} done in {section_seconds:.0f} s", file=sys.stderr, flush=True)
    for section, rows in results.items():
        print_table(section, rows)
        print(f"JSON: {write_results(section, rows)}")
        if section == "pages":
            from bench.pages import targets

            print_table("targets (issue 30)", targets(rows))
    if generation:
        growth = growth_rows(sorted(generation), generation, results)
        print_table("growth (factor from the previous size: flat, sub-linear, linear or worse than linear)", growth)
        print(f"JSON: {write_results('growth', growth)}")


if __name__ == "__main__":
    main()
