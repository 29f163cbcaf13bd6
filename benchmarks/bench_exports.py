"""Seconds per briefing export, median of several runs, for Libertad, Liberterra II and both.

Run: ``python benchmarks/bench_exports.py [--runs N]`` (``make bench``). Reads the dataset
from ``$ATLAS_DATA_DIR`` or ``data/seed``. The first run of each export also pays for
reading and preparing the boundary file once per process; it is reported separately as
"cold" and left out of the median. Each timed run gets a fresh `Briefing`, so the
per-briefing summary cache does not flatter the figures (a filter change in the app also
makes a new one). Targets (issue 4): under 2 s per PNG, under 4 s per PDF.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.exports import briefing_for  # noqa: E402
from dashboard.exports.citations import quotes_markdown  # noqa: E402
from dashboard.exports.data_export import map_geojson, tables_zip  # noqa: E402
from dashboard.exports.images import map_png, map_svg, timeline_png, timeline_svg  # noqa: E402
from dashboard.exports.pdf import briefing_pdf  # noqa: E402

STATES = {
    "Libertad": ("Libertad",),
    "Liberterra II": ("Liberterra II",),
    "both": ("Libertad", "Liberterra II"),
}
EXPORTS = {
    "map PNG 1920x1080": map_png,
    "map PNG 3840x2160": lambda briefing: map_png(briefing, scale=2),
    "map SVG": map_svg,
    "timeline PNG 1920x1080": timeline_png,
    "timeline SVG": timeline_svg,
    "PDF A4": briefing_pdf,
    "PDF Letter": lambda briefing: briefing_pdf(briefing, "Letter"),
    "quotes Markdown": quotes_markdown,
    "tables CSV zip": tables_zip,
    "map GeoJSON": map_geojson,
}
TARGETS = {"PNG": 2.0, "PDF": 4.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per export (default 5)")
    runs = max(1, parser.parse_args().runs)
    started = time.perf_counter()
    briefings = {name: briefing_for(operations) for name, operations in STATES.items()}
    print(f"dataset loaded and filtered 3 ways in {time.perf_counter() - started:.2f} s")
    cold_started = time.perf_counter()
    map_png(briefings["Libertad"])
    print(
        f"cold first map PNG (boundary file read once per process): "
        f"{time.perf_counter() - cold_started:.2f} s\n"
    )
    header = f"{'export':<24}" + "".join(f"{name:>15}" for name in STATES) + "   target"
    print(header)
    print("-" * len(header))
    for label, render in EXPORTS.items():
        cells = []
        for briefing in briefings.values():
            render(briefing)
            timings = []
            for _ in range(runs):
                fresh = dataclasses.replace(briefing)
                begin = time.perf_counter()
                render(fresh)
                timings.append(time.perf_counter() - begin)
            cells.append(statistics.median(timings))
        target = next((limit for kind, limit in TARGETS.items() if kind in label), None)
        verdict = (
            ""
            if target is None
            else (f"< {target:.0f} s " + ("ok" if max(cells) < target else "MISSED"))
        )
        print(f"{label:<24}" + "".join(f"{cell:>13.3f} s" for cell in cells) + f"   {verdict}")
    print(f"\nmedian of {runs} runs per cell, after one warm-up run")


if __name__ == "__main__":
    main()
