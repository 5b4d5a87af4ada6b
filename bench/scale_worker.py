"""One helper case of the scale benchmark, in a fresh process started by bench/scale_bench.py.

    .venv/bin/python bench/scale_worker.py BUILD INDEX [--budget S] [--min-runs N] [--max-runs N]

Runs case INDEX of ``bench/helpers_bench.CASES`` on BUILD's store: the helper through
``kg.dataset.query.run`` (opened with ``kg.dataset.store.open_store``, as every command opens it)
and its hand-written reference (``helpers_bench.reference`` / ``run_reference``) on raw
pyoxigraph over the same store, read-only. Each side gets one warm-up run, then as many timed
runs as fit ``--budget`` seconds (at least ``--min-runs``, at most ``--max-runs``; one if the
warm-up alone passed the budget). Prints one JSON line: rows, same-rows check, p50/p95 of each
side in milliseconds and the runs. Its wall time and memory are watched by the parent.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pyoxigraph as ox  # noqa: E402
from helpers_bench import CASES, percentile, reference, run_reference  # noqa: E402

from kg.dataset import query  # noqa: E402
from kg.dataset.store import Paths, open_store  # noqa: E402

__all__ = ["measure_case"]


def timed(call: Callable[[], list], budget: float, runs: tuple[int, int]) -> tuple[list, dict]:
    """One warm-up call, then the timed calls; the last answer and the timings (ms)."""
    started = time.perf_counter()
    answer = call()
    warmup = time.perf_counter() - started
    least, most = runs
    count = 1 if warmup > budget else max(least, min(most, int(budget / max(warmup, 1e-6))))
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        answer = call()
        samples.append((time.perf_counter() - started) * 1000)
    return answer, {"p50_ms": round(statistics.median(samples), 3), "p95_ms": round(percentile(samples, 0.95), 3),
                    "runs": count, "warmup_ms": round(warmup * 1000, 3)}


def measure_case(build: Path, index: int, budget: float, runs: tuple[int, int]) -> dict:
    """The helper and its reference for case ``index``, on ``build``'s store."""
    name, params, scope = CASES[index]
    store = open_store(Paths(build=build))
    raw = ox.Store.read_only(str(build / "store"))
    text, drop = reference(name, params)
    helper_rows, helper = timed(lambda: query.run(name, store, **params).rows, budget, runs)
    reference_rows, ref = timed(lambda: run_reference(raw, text, drop), budget, runs)
    ratio = round(helper["p50_ms"] / ref["p50_ms"], 3) if ref["p50_ms"] else None
    return {"helper": name, "params": params, "scope": scope, "rows": len(helper_rows),
            "reference_rows": len(reference_rows), "same_rows": helper_rows == reference_rows,
            "helper_ms": helper, "reference_ms": ref, "ratio": ratio}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", type=Path)
    parser.add_argument("index", type=int)
    parser.add_argument("--budget", type=float, default=10.0, help="seconds of timed runs per side")
    parser.add_argument("--min-runs", type=int, default=3)
    parser.add_argument("--max-runs", type=int, default=20)
    args = parser.parse_args(argv)
    result = measure_case(args.build, args.index, args.budget, (args.min_runs, args.max_runs))
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
