"""Scale benchmark (issue 11, item 5): build, incremental builds, helpers against their reference
queries, cold CLI calls and the focused page, at N = 1, 100, 1,000 and 10,000 articles, in one run.

    make bench                 # .venv/bin/python bench/scale_bench.py: writes bench/results/scale.{md,json,png}
    make bench-quick           # --quick: N = 1, 10, 30, written to /tmp/adkg-bench-quick/ (never the committed report)
    .venv/bin/python bench/scale_bench.py --sizes 1,100 --out /tmp/scale   # any sizes, anywhere

For each N (the corpus is described in bench/scale_corpus.py) it measures, each command a child
process whose wall time, CPU time (user+system, from ``os.wait4``) and peak RSS are its own:

- the full ``kg build --no-documents``: triples (summary.json), triples per wall and CPU second;
- the helper cases of bench/helpers_bench.py (``CASES``): each in a fresh worker
  (bench/scale_worker.py) timing the helper through ``kg.dataset.query.run`` and its raw
  reference on pyoxigraph over the same store, warm p50/p95, same rows or not; for the
  article-scoped cases also the cold ``kg query NAME --param ...`` (median of 3 fresh processes);
- ``kg viz --focus <the first article's patient 1> --depth 2``;
- on that build, one ``kg build`` each to add one article, change one value and remove one
  article, with what the build said it rebuilt.

Every process runs under ``--time-limit`` (default 3600 s) and a memory watch (90 % of the
machine): one that passes either is stopped and recorded as such. A size whose full build is
projected (from the smaller sizes, never less than linear) past the time limit, or that follows a
stopped build, is skipped with the projection unless ``--force``; so is a helper case whose
process is. Results are saved after every measurement (scale.json and scale.md; scale.png after
each size), so a run that is stopped keeps what it measured.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import scale_corpus as corpus  # noqa: E402
import scale_report as report  # noqa: E402
from helpers_bench import CASES  # noqa: E402
from scale_process import machine_info, machine_memory, run_limited, tail  # noqa: E402

KG = ROOT / ".venv" / "bin" / "kg"
PYTHON = ROOT / ".venv" / "bin" / "python"
WORKER = ROOT / "bench" / "scale_worker.py"
ONTOLOGY = ROOT / "ontology"
FULL_SIZES = (1, 100, 1000, 10_000)
QUICK_SIZES = (1, 10, 30)
QUICK_OUT = Path(tempfile.gettempdir()) / "adkg-bench-quick"


@dataclass(frozen=True)
class Settings:
    sizes: tuple[int, ...]
    out: Path
    time_limit: float
    memory_limit: int
    force: bool
    budget: float          # seconds of timed warm runs per side of a helper case
    runs: tuple[int, int]  # least and most timed warm runs
    cold_runs: int
    command: str


def parse_sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(sorted({int(part) for part in text.split(",") if part.strip()}))
    except ValueError:
        raise argparse.ArgumentTypeError(f"sizes must be comma-separated integers, got {text!r}") from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes must be at least 1")
    return sizes


def parse_args(argv: list[str] | None = None) -> Settings:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N = 1, 10, 30 and short helper budgets, "
                        f"written to {QUICK_OUT} (never the committed report)")
    parser.add_argument("--sizes", type=parse_sizes, help="comma-separated article counts (default 1,100,1000,10000)")
    parser.add_argument("--out", type=Path, help="folder for scale.md, scale.json, scale.png "
                        f"(default bench/results; with --quick {QUICK_OUT})")
    parser.add_argument("--time-limit", type=float, default=3600.0, help="seconds one process may run (3600)")
    parser.add_argument("--memory-limit", type=float, help="GB one process group may hold (default 90%% of RAM)")
    parser.add_argument("--force", action="store_true", help="attempt sizes and cases projected past the time limit")
    args = parser.parse_args(argv)
    memory = int(args.memory_limit * 2**30) if args.memory_limit else int(machine_memory() * 0.9)
    return Settings(
        sizes=args.sizes or (QUICK_SIZES if args.quick else FULL_SIZES),
        out=(args.out or (QUICK_OUT if args.quick else ROOT / "bench" / "results")).resolve(),
        time_limit=args.time_limit, memory_limit=memory, force=args.force,
        budget=1.0 if args.quick else 10.0, runs=(3, 10 if args.quick else 20), cold_runs=3,
        command=" ".join([".venv/bin/python bench/scale_bench.py", *(sys.argv[1:] if argv is None else argv)]))


def log(n: int, text: str) -> None:
    print(f"[N={n:,}] {text}", flush=True)


class Run:
    """One benchmark run: the settings, the results so far, and saving them."""

    def __init__(self, settings: Settings, workdir: Path):
        self.settings, self.workdir = settings, workdir
        self.results: dict = {
            "command": settings.command, "date": datetime.date.today().isoformat(), "machine": machine_info(),
            "time_limit_s": settings.time_limit, "memory_limit_bytes": settings.memory_limit,
            "force": settings.force, "sizes": [], "finished": False}
        self.started = time.perf_counter()

    def save(self, plot: bool = False) -> None:
        self.results["seconds"] = round(time.perf_counter() - self.started, 1)
        report.write(self.results, self.settings.out, plot_too=plot)

    def limited(self, argv: list, folder: Path, label: str) -> dict:
        """Run one measured process; its outcome, with what it printed first and why it failed."""
        env = {**os.environ, "TMPDIR": str(folder / "tmp")}
        (folder / "tmp").mkdir(exist_ok=True)
        out, err = folder / f"{label}.stdout", folder / f"{label}.stderr"
        outcome = run_limited(argv, time_limit=self.settings.time_limit, memory_limit=self.settings.memory_limit,
                              stdout=out, stderr=err, env=env, cwd=ROOT)
        record = {k: (round(v, 3) if isinstance(v, float) else v) for k, v in outcome.record().items()}
        if outcome.returncode and not outcome.stopped:
            record["reason"] = f"exit {outcome.returncode}: {tail(err)}"
        elif outcome.stopped:
            record["reason"] = outcome.stopped
        return record

    def measured(self, n: int) -> list[dict]:
        return [s for s in self.results["sizes"] if s["n"] < n]


# --- projections -------------------------------------------------------------------------------

def project(points: list[tuple[int, float]], n: int) -> float | None:
    """A cost at ``n`` from the measured (N, cost) points with N > 1: scaled from the largest by
    the exponent between the two largest, never less than linear. None without a point."""
    points = sorted(p for p in points if p[0] > 1 and p[1] is not None)
    if not points:
        return None
    n2, c2 = points[-1]
    exponent = 1.0
    if len(points) > 1:
        n1, c1 = points[-2]
        if c1 > 0 and c2 > 0:
            exponent = max(1.0, math.log(c2 / c1) / math.log(n2 / n1))
    return c2 * (n / n2) ** exponent


def build_skip(run: Run, n: int) -> str | None:
    if run.settings.force:
        return None
    done = run.measured(n)
    stopped = [s["n"] for s in done if (s.get("build") or {}).get("status") == "stopped"]
    if stopped:
        return f"the full build at N={stopped[-1]:,} was stopped at a limit"
    seconds = project([(s["n"], s["build"]["wall_s"]) for s in done if report.ok(s.get("build"))], n)
    if seconds is not None and seconds > run.settings.time_limit:
        return (f"the full build is projected to take {seconds:,.0f} s from the smaller sizes, past the "
                f"{run.settings.time_limit:g} s limit (run with --force to attempt it)")
    return None


def case_skip(run: Run, n: int, index: int) -> str | None:
    if run.settings.force:
        return None
    earlier = [(s["n"], s["cases"][index]) for s in run.measured(n) if len(s.get("cases", [])) > index]
    stopped = [m for m, case in earlier if case.get("status") == "stopped"]
    if stopped:
        return f"its process was stopped at N={stopped[-1]:,}"
    seconds = project([(m, case["wall_s"]) for m, case in earlier if case.get("status") == "ok"], n)
    if seconds is not None and seconds > run.settings.time_limit:
        return f"projected {seconds:,.0f} s from the smaller sizes, past the {run.settings.time_limit:g} s limit"
    return None


# --- one size ----------------------------------------------------------------------------------

def build_argv(data: Path, build: Path) -> list:
    return [KG, "build", "--no-documents", "--data", data, "--ontology", ONTOLOGY, "--out", build]


def measure_build(run: Run, folder: Path, data: Path, build: Path, label: str) -> dict:
    """One ``kg build`` child: its outcome, what it said it rebuilt, and the triples it wrote."""
    record = run.limited(build_argv(data, build), folder, label)
    lines = (folder / f"{label}.stdout").read_text(encoding="utf-8", errors="replace").splitlines()
    record["said"] = lines[0] if lines else ""
    if record["status"] == "ok":
        triples = json.loads((build / "summary.json").read_text(encoding="utf-8"))["triples"]
        record.update(triples=triples, triples_per_wall_s=round(triples / record["wall_s"]),
                      triples_per_cpu_s=round(triples / max(record["cpu_s"], 1e-9)))
    return record


def measure_cases(run: Run, size: dict, folder: Path, build: Path) -> None:
    settings = run.settings
    for index, (name, params, scope) in enumerate(CASES):
        case = {"helper": name, "params": params, "scope": scope}
        size["cases"].append(case)
        reason = case_skip(run, size["n"], index)
        if reason:
            case.update(status="skipped", reason=reason)
        else:
            argv = [PYTHON, WORKER, build, index, "--budget", settings.budget,
                    "--min-runs", settings.runs[0], "--max-runs", settings.runs[1]]
            case.update(run.limited(argv, folder, f"case{index}"))
            if case["status"] == "ok":
                lines = (folder / f"case{index}.stdout").read_text(encoding="utf-8").splitlines()
                case.update(json.loads(lines[-1]))
        if scope == "article" and case["status"] == "ok":
            case["cold"] = measure_cold(run, folder, build, name, params)
        log(size["n"], report.describe_case(case))
        run.save()


def measure_cold(run: Run, folder: Path, build: Path, name: str, params: dict) -> dict:
    """The same article-scoped call as a user types it, in fresh processes: median wall of 3."""
    argv = [KG, "query", name, *[a for k, v in params.items() for a in ("--param", f"{k}={v}")],
            "--build", build, "--data", build.parent / "data", "--ontology", ONTOLOGY, "--format", "json",
            "--timeout", int(run.settings.time_limit)]
    walls = []
    for attempt in range(run.settings.cold_runs):
        record = run.limited(argv, folder, f"cold-{name}-{attempt}")
        if record["status"] != "ok":
            return record
        if "rebuilding" in (folder / f"cold-{name}-{attempt}.stderr").read_text(encoding="utf-8"):
            return {"status": "failed", "reason": "kg query found the build stale and rebuilt it"}
        walls.append(record["wall_s"])
    return {"status": "ok", "walls_s": walls, "median_s": round(statistics.median(walls), 3),
            "peak_rss_bytes": record["peak_rss_bytes"]}


def measure_viz(run: Run, size: dict, folder: Path, data: Path, build: Path) -> None:
    page = folder / "focus.html"
    focus = corpus.first_patient(data)
    argv = [KG, "viz", "--focus", focus, "--depth", 2, "--build", build, "--data", data,
            "--ontology", ONTOLOGY, "-o", page]
    size["viz"] = {"focus": focus, **run.limited(argv, folder, "viz")}
    if size["viz"]["status"] == "ok":
        size["viz"]["page_bytes"] = page.stat().st_size
    log(size["n"], report.describe_process("focused page", size["viz"]))
    run.save()


def measure_incremental(run: Run, size: dict, folder: Path, data: Path, build: Path, held: Path) -> None:
    """Add the held-back article, change one value in another, remove the added one."""
    steps = {"add": lambda: corpus.add(held, data), "change": lambda: corpus.change(data),
             "remove": lambda: corpus.remove(data, held)}
    for label, step in steps.items():
        size["incremental"][label] = {"what": step(), **measure_build(run, folder, data, build, label)}
        log(size["n"], report.describe_process(f"{label} one", size["incremental"][label]))
        run.save()
        if size["incremental"][label]["status"] != "ok":
            break


def measure_size(run: Run, n: int) -> None:
    size: dict = {"n": n, "cases": [], "incremental": {}}
    run.results["sizes"].append(size)
    reason = build_skip(run, n)
    if reason:
        size.update(status="skipped", reason=reason)
        log(n, f"skipped: {reason}")
        return
    folder = run.workdir / f"n{n}"
    folder.mkdir()
    data, build = folder / "data", folder / "build"
    try:
        try:
            size["corpus"], held = corpus.prepare(n, folder, data, KG)
        except (OSError, subprocess.CalledProcessError) as exc:
            size.update(status="failed", reason=f"could not write the corpus: {exc}")
            return
        size["build"] = measure_build(run, folder, data, build, "build")
        log(n, report.describe_process("full build", size["build"]))
        run.save()
        if size["build"]["status"] != "ok":
            size.update(status="incomplete", reason="the full build did not finish")
            return
        measure_cases(run, size, folder, build)
        measure_viz(run, size, folder, data, build)
        measure_incremental(run, size, folder, data, build, held)
        size["status"] = "measured"
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        run.save(plot=True)


def main(argv: list[str] | None = None) -> int:
    settings = parse_args(argv)
    print(f"scale benchmark: N = {', '.join(f'{n:,}' for n in settings.sizes)}; writing to {settings.out}", flush=True)
    workdir = Path(tempfile.mkdtemp(prefix="adkg-scale-"))
    run = Run(settings, workdir)
    try:
        for n in settings.sizes:
            measure_size(run, n)
        run.results["finished"] = True
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        run.save(plot=True)
    print(report.console_summary(run.results))
    print(f"finished in {run.results['seconds']:,.0f} s; wrote {settings.out}/scale.md, scale.json, scale.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
