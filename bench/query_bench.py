"""Benchmark of the query helpers: cold CLI time and warm in-process time of each helper.

Run from the project root after `make run`:

    .venv/bin/python bench/query_bench.py            # prints and writes bench/results/query.md

Targets (issue 3), on the 2-core machine: cold `kg query patient-table` under 0.5 s; each warm
helper under 5 ms on the first article's graph. Every command reads the embedded store that
`kg build` writes (build/store/, opened read-only by ``kg.dataset.store.open_store``); the warm
helpers are also timed on ``memory_store``, the same files in an in-memory pyoxigraph store.
bench/coldstart_bench.py breaks the cold start down; bench/scale_bench.py measures how both
grow with the corpus.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.dataset import query  # noqa: E402
from kg.dataset.store import Paths, memory_store, open_store  # noqa: E402

PARAMS = {"patients-by-drug": {"drug": "upadacitinib"}, "patient-timeline": {"patient": 3},
          "references-for-statement": {"statement": "p1.s2"},
          "value-provenance": {"patient": 3, "measure": "BSA", "time_point": "flare"}}
COLD_RUNS, WARM_RUNS = 10, 30
# As a user runs kg: compiled modules cached in __pycache__ (a session that sets
# PYTHONDONTWRITEBYTECODE would recompile every kg module in every cold run).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def cold_cli() -> list[float]:
    command = [str(ROOT / ".venv" / "bin" / "kg"), "query", "patient-table", "--format", "csv"]
    # Warm-up: rebuild build/ if stale, write the compiled modules, fill the OS file cache.
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, env=ENV)
    times = []
    for _ in range(COLD_RUNS):
        started = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True, env=ENV)
        times.append(time.perf_counter() - started)
        if "rebuilding" in done.stderr:
            raise SystemExit("a cold run rebuilt build/: nothing else may change data/ while this runs")
    return times


def warm(store) -> dict[str, list[float]]:
    results = {}
    for named in query.available():
        params = PARAMS.get(named.name, {})
        query.run(named.name, store, **params)
        times = []
        for _ in range(WARM_RUNS):
            started = time.perf_counter()
            query.run(named.name, store, **params)
            times.append(time.perf_counter() - started)
        results[named.name] = times
    return results


def row(label: str, times: list[float], target: float, digits: int) -> str:
    p50, p95 = statistics.median(times), percentile(times, 0.95)
    return (f"| {label} | {p50 * 1000:.{digits}f} ms | {p95 * 1000:.{digits}f} ms | {target * 1000:g} ms "
            f"| {'yes' if p50 < target else 'no'} |")


def main() -> None:
    cold = cold_cli()
    paths = Paths(ROOT / "build", ROOT / "data", ROOT / "ontology")
    stores = (("build/store (on disk, read-only: what every command reads)", open_store(paths)),
              ("`memory_store` (the same files in an in-memory pyoxigraph store)", memory_store(paths)))
    load = os.getloadavg()[0]
    lines = ["# Query helper benchmark", "",
             f"Machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
             f"{os.cpu_count()} CPUs (shared; 1-minute load average {load:.1f} at the start); cold runs "
             f"{COLD_RUNS}, warm runs {WARM_RUNS} per helper. Command: `.venv/bin/python bench/query_bench.py`. "
             "Warm runs are in-process without a time limit (no fork); the cold command runs its query in a "
             "forked child under the default 30 s limit.", "",
             "## Cold command", "", "| measure | p50 | p95 | target | met |", "| --- | ---: | ---: | ---: | --- |",
             row("cold CLI `kg query patient-table --format csv`", cold, 0.5, 0), ""]
    for label, store in stores:
        lines += [f"## Warm helpers: {label}", "", "| measure | p50 | p95 | target | met |",
                  "| --- | ---: | ---: | ---: | --- |"]
        lines += [row(f"warm `{name}`", times, 0.005, 2) for name, times in warm(store).items()]
        lines.append("")
    report = "\n".join(lines).rstrip() + "\n"
    print(report)
    out = ROOT / "bench" / "results" / "query.md"
    out.write_text(report, encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
