"""Benchmark of the query helpers: cold CLI time and warm in-process time of each helper.

Run from the project root after `make run`:

    .venv/bin/python bench/query_bench.py            # prints and writes bench/results/query.md

Targets (issue 3), on the 2-core machine: cold `kg query patient-table` under 0.5 s; each warm
helper under 5 ms on the first article's graph. Both stores are measured: ``memory`` (rdflib, the
default) and ``oxigraph:PATH`` (an on-disk Oxigraph store; see bench/scale_bench.py for how
both grow with the corpus).
"""

from __future__ import annotations

import platform
import shutil
import tempfile
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.dataset import query  # noqa: E402
from kg.dataset.store import Paths, open_store, parse_store  # noqa: E402

PARAMS = {"patients-by-drug": {"drug": "upadacitinib"}, "patient-timeline": {"patient": 3},
          "references-for-statement": {"statement": "p1.s2"},
          "value-provenance": {"patient": 3, "measure": "BSA", "time_point": "flare"}}
COLD_RUNS, WARM_RUNS = 10, 30


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def cold_cli(store: str) -> list[float]:
    command = [str(ROOT / ".venv" / "bin" / "kg"), "query", "patient-table", "--format", "csv", "--store", store]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)  # warm the OS file cache
    times = []
    for _ in range(COLD_RUNS):
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return times


def warm(spec: str) -> dict[str, list[float]]:
    store = open_store(Paths(ROOT / "build", ROOT / "data", ROOT / "ontology"), spec=parse_store(spec))
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


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="adkg-query-bench-"))
    lines = ["# Query helper benchmark", "",
             f"Machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}; "
             f"cold runs {COLD_RUNS}, warm runs {WARM_RUNS} per helper. Command: `.venv/bin/python bench/query_bench.py`.", ""]
    try:
        for label, spec in (("memory (rdflib, the default)", "memory"),
                            ("oxigraph (on disk)", f"oxigraph:{folder / 'store'}")):
            cold = cold_cli(spec)
            warm_times = warm(spec)
            lines += [f"## Store: {label}", "", "| measure | p50 | p95 | target | met |", "| --- | ---: | ---: | ---: | --- |"]
            p50, p95 = statistics.median(cold), percentile(cold, 0.95)
            lines.append(f"| cold CLI `kg query patient-table --format csv` | {p50 * 1000:.0f} ms | {p95 * 1000:.0f} ms "
                         f"| 500 ms | {'yes' if p50 < 0.5 else 'no'} |")
            for name, times in warm_times.items():
                p50, p95 = statistics.median(times), percentile(times, 0.95)
                lines.append(f"| warm `{name}` | {p50 * 1000:.2f} ms | {p95 * 1000:.2f} ms | 5 ms | {'yes' if p50 < 0.005 else 'no'} |")
            lines.append("")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    report = "\n".join(lines).rstrip() + "\n"
    print(report)
    out = ROOT / "bench" / "results" / "query.md"
    out.write_text(report, encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
