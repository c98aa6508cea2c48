"""Run every benchmark: `python -m bench [sizes…] [--only conflicts,pages,detection]`.

Sections on synthetic corpora run once per size; detection (claim detection, figure reading and
capture on labelled sets) needs no corpus and runs once.
"""
import argparse
import sys

from bench.common import print_table, reset_corpus, setup_django, timed, write_results

SECTIONS = ["conflicts", "pages", "imports", "load", "detection", "cache"]
WITHOUT_CORPUS = {"detection"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections: " + ", ".join(SECTIONS))
    args = parser.parse_args()
    sections = [s for s in args.only.split(",") if s]
    setup_django()
    from importlib import import_module

    from seeding.corpus import generate_corpus, vacuum_analyze

    results: dict[str, list[dict]] = {section: [] for section in sections}
    for section in [s for s in sections if s in WITHOUT_CORPUS]:
        rows = import_module(f"bench.{section}").run()
        print(f"JSON: {write_results(section, rows)}")
    sections = [s for s in sections if s not in WITHOUT_CORPUS]
    results = {section: results[section] for section in sections}
    for size in (args.sizes if sections else []):
        reset_corpus()
        seconds, _ = timed(generate_corpus, claims=size, seed=1)
        vacuum_analyze()
        print(f"generated {size:,} claims in {seconds:.1f} s", file=sys.stderr)
        for section in sections:
            results[section] += import_module(f"bench.{section}").run(size)
            print(f"  {section} done", file=sys.stderr)
    for section, rows in results.items():
        print_table(section, rows)
        print(f"JSON: {write_results(section, rows)}")


if __name__ == "__main__":
    main()
