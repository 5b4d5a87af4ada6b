"""Scale benchmark: build, load, query and focused-page costs against the number of articles.

Run from the project root:

    make bench                                   # .venv/bin/python bench/scale_bench.py: N = 1, 100, 1000, 10000
    make bench-quick                             # the same with --quick: N = 1, 10, 30 (a few minutes)
    .venv/bin/python bench/scale_bench.py --sizes 1,5 --out /tmp/scale   # any sizes, results elsewhere

The full run writes bench/results/scale.{md,json,png}; a quick run writes to /tmp/adkg-bench-quick/
unless ``--out`` says otherwise, so that it never replaces the committed full-run report.

For each N it writes a synthetic corpus (``kg synth --articles N --seed 1``) under /tmp and measures:

- ``kg build --no-documents`` as a whole command (it writes build/adkg.nq and build/store/, the
  embedded Oxigraph store; ``--documents`` adds the rdflib Turtle/TriG/JSON-LD dumps): wall time,
  triples (summary.json), triples/s and the build process's peak resident memory (through
  bench/scale_worker.py, which reports its one child's ``ru_maxrss``);
- ``kg viz --focus <first patient> --depth 2``: wall time and page size (its freshness check
  hashes the corpus once and keeps the manifest, as the first command after a build does);
- the load of build/adkg.nq into each store in a fresh process (the oxigraph store: build/store
  written again as the build writes it, then opened read-only through
  ``kg.dataset.store.open_store``; the memory store: ``kg.dataset.store.memory_store``, in-memory
  pyoxigraph) with its peak RSS, and each helper's warm p50 and p95 on it, with parameters taken
  from the corpus;
- the reference points: the union of adkg.nq as N-Triples loaded into raw pyoxigraph
  (``Store(path).bulk_load``) and raw rdflib (``Graph().parse``), and the same helper texts run
  on each.

A measurement projected (from the sizes already measured, or from rdflib's ~1.25 GB and ~26 s
per million triples before any) to pass the machine's memory, the per-process time limit or the
free disk is skipped and the reason recorded.
Processes are also watched while they run and stopped at those limits. The report
(bench/results/scale.md), the raw measurements (scale.json) and a log-log plot (scale.png) are
written at the end; ratios, growth exponents and targets are printed too. Quick mode uses
N = 1, 10, 30 because one build of 100 articles alone takes about 45 s on the 2-core machine, so
N = 100 cannot fit in a minute; even so quick mode takes about 2.5 minutes on the shared 2-core
machine (157 s in one run: builds ~70 s, focused pages ~6 s, loads, process starts and helpers the
rest).

The default limit of one measured process is 1800 s (``--time-limit`` raises it): a build projected
past it at N = 10,000 is skipped with the projection as its reason, and so is everything at that N.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import scale_report as report  # noqa: E402
import yaml  # noqa: E402

from kg.dataset import query  # noqa: E402

KG = ROOT / ".venv" / "bin" / "kg"
PYTHON = ROOT / ".venv" / "bin" / "python"
WORKER = ROOT / "bench" / "scale_worker.py"
ONTOLOGY = ROOT / "ontology"

FULL_SIZES = (1, 100, 1000, 10_000)
QUICK_SIZES = (1, 10, 30)   # a build of 100 articles takes ~45 s, so 1, 10, 100 cannot finish in a minute
SEED = 1
QUICK_OUT = Path(tempfile.gettempdir()) / "adkg-bench-quick"   # never bench/results: that is the full run's

# Priors, used before a size of the same kind has been measured.
TRIPLES_PER_ARTICLE = 6_750          # kg synth --seed 1 (74,900 triples at N = 10)
RDFLIB_BYTES_PER_TRIPLE = 1_250      # ~1.25 GB resident per million triples
RDFLIB_TRIPLES_PER_S = 38_000
OXIGRAPH_BYTES_PER_TRIPLE = 400      # pyoxigraph: 338 MB resident for a million triples (docs/scaling.md)
OXIGRAPH_TRIPLES_PER_S = 200_000
DISK_BYTES_PER_TRIPLE = 600          # build/ (N-Quads, VoID) plus the on-disk store, per triple
NT_BYTES_PER_TRIPLE = 250


@dataclass(frozen=True)
class Settings:
    sizes: tuple[int, ...]
    out: Path
    quick: bool
    seed: int
    time_limit: float        # one measured process, seconds
    memory_limit: int        # one measured process, resident bytes
    helper_budget: float     # timed runs of one helper on one store, seconds
    helper_cap: float        # one run of a helper past this is stopped
    min_runs: int            # timed runs of one helper, unless they would pass the cap
    max_runs: int
    force: bool              # run measurements projected beyond the machine
    documents: bool          # kg build without --no-documents
    command: str


# --- command line ------------------------------------------------------------------------------

def parse_sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(sorted({int(part) for part in text.split(",") if part.strip()}))
    except ValueError:
        raise argparse.ArgumentTypeError(f"sizes must be comma-separated integers, got {text!r}") from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes must be at least 1")
    return sizes


def machine_memory() -> int:
    """MemTotal in bytes (from /proc/meminfo)."""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) * 1024
    return 24 * 2**30


def parse_args(argv: list[str] | None = None) -> Settings:
    parser = argparse.ArgumentParser(description="Scale benchmark of build, load, helpers and the focused page "
                                                 "against the number of articles.")
    parser.add_argument("--quick", action="store_true",
                        help=f"N = {', '.join(map(str, QUICK_SIZES))}, short helper budgets (about 2.5 minutes)")
    parser.add_argument("--sizes", type=parse_sizes, help="comma-separated article counts, e.g. 1,5 "
                        f"(default {','.join(map(str, FULL_SIZES))}; with --quick {','.join(map(str, QUICK_SIZES))})")
    parser.add_argument("--out", type=Path, help="folder for scale.md, scale.json and scale.png "
                        f"(default bench/results; with --quick {QUICK_OUT})")
    parser.add_argument("--seed", type=int, default=SEED, help=f"kg synth seed (default {SEED})")
    parser.add_argument("--time-limit", type=float, help="seconds one measured process may take "
                        "(default 1800; 120 with --quick)")
    parser.add_argument("--documents", action="store_true", help="build with the rdflib Turtle, TriG and "
                        "JSON-LD dumps too (kg build without --no-documents; infeasible at 10,000 articles)")
    parser.add_argument("--force", action="store_true", help="run measurements even when projected beyond the "
                        "machine (they are still stopped at the limits while running)")
    args = parser.parse_args(argv)
    quick = args.quick
    return Settings(
        sizes=args.sizes or (QUICK_SIZES if quick else FULL_SIZES), quick=quick,
        out=(args.out or (QUICK_OUT if quick else ROOT / "bench" / "results")).resolve(),
        seed=args.seed, time_limit=args.time_limit or (120.0 if quick else 1800.0),
        memory_limit=int(machine_memory() * 0.9), helper_budget=0.1 if quick else 10.0,
        helper_cap=1.0 if quick else 60.0, min_runs=2 if quick else 3, max_runs=10 if quick else 20,
        force=args.force, documents=args.documents,
        command=" ".join([".venv/bin/python bench/scale_bench.py", *(sys.argv[1:] if argv is None else argv)]))


# --- the machine -------------------------------------------------------------------------------

def machine_info() -> dict:
    import pyoxigraph
    import rdflib

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_bytes": machine_memory(),
            "system": f"{platform.system()} {platform.release()} {platform.machine()}",
            "python": platform.python_version(), "pyoxigraph": pyoxigraph.__version__, "rdflib": rdflib.__version__}


# --- running a measured process ------------------------------------------------------------

@dataclass
class Outcome:
    returncode: int | None
    seconds: float
    stopped: str | None = None     # why it was stopped (time or memory limit), if it was

    @property
    def ok(self) -> bool:
        return self.stopped is None and self.returncode == 0


def group_rss(pgid: int) -> int:
    """The largest resident set of the processes in group ``pgid`` (bytes)."""
    largest = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[2]) != pgid:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    largest = max(largest, int(line.split()[1]) * 1024)
        except (OSError, ValueError, IndexError):
            continue
    return largest


def supervise(argv: list[str], settings: Settings, stdout: Path, stderr: Path) -> Outcome:
    """Run ``argv`` in its own process group; stop it past the time or memory limit.

    Its temporary files go to a folder beside ``stdout`` (TMPDIR), which is removed with the size's
    work folder, so a process stopped by SIGKILL leaves nothing behind in /tmp.
    """
    scratch = stdout.parent / "tmp"
    scratch.mkdir(exist_ok=True)
    environment = {**os.environ, "TMPDIR": str(scratch)}
    started = time.perf_counter()
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen([str(a) for a in argv], cwd=ROOT, stdout=out, stderr=err, env=environment,
                                   start_new_session=True)
        stopped = None
        try:
            while True:
                try:
                    process.wait(timeout=0.5)
                    break
                except subprocess.TimeoutExpired:
                    pass
                if time.perf_counter() - started > settings.time_limit:
                    stopped = f"ran past the {settings.time_limit:g} s limit"
                elif group_rss(process.pid) > settings.memory_limit:
                    stopped = f"resident memory passed {report.fmt_bytes(settings.memory_limit)}"
                if stopped:
                    break
        finally:
            if process.poll() is None:  # over a limit, or this benchmark is interrupted
                os.killpg(process.pid, signal.SIGKILL)  # the group this call started
                process.wait()
    return Outcome(process.returncode, time.perf_counter() - started, stopped)


def tail(path: Path, lines: int = 3) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    return " / ".join(text[-lines:])


def failure(outcome: Outcome, stderr: Path) -> dict:
    if outcome.stopped:
        return {"status": "stopped", "reason": outcome.stopped}
    return {"status": "failed", "reason": f"exit {outcome.returncode}: {tail(stderr)}"}


def measured_command(argv: list[str], folder: Path, label: str, settings: Settings) -> tuple[Outcome, dict]:
    """Run ``argv`` through the worker's wrapper; its own wall time and peak RSS."""
    report_path = folder / f"{label}.report.json"
    outcome = supervise([PYTHON, WORKER, "command", "--report", report_path, "--", *argv], settings,
                        folder / f"{label}.stdout", folder / f"{label}.stderr")
    measured = json.loads(report_path.read_text()) if outcome.ok and report_path.is_file() else {}
    return outcome, measured


def folder_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.exists() else 0


# --- projections and skips -----------------------------------------------------------------

def projected(done: list[dict], value: Callable[[dict], float | None], n: int, prior: float, *,
              fixed: Callable[[dict], float | None] | None = None, at_least_linear: bool = True) -> float:
    """A cost at ``n`` from the sizes measured so far, else ``prior``.

    Scaled from the largest size measured by the growth exponent fitted over the sizes with
    N >= 10, or linearly where none could be fitted. Times are never projected to grow slower
    than linearly (``at_least_linear``); memory may (bulk loaders and batched builds level off),
    the watchdog in :func:`supervise` stopping a process that passes the limit all the same.
    ``fixed`` reads the part that does not grow (e.g. the interpreter's own memory).
    """
    points = report.series({"sizes": done}, value)
    if not points:
        return prior
    base = 0.0
    if fixed is not None:
        bases = report.series({"sizes": done}, fixed)
        base = min(c for _, c in bases) if bases else 0.0
    growing = [(m, max(c - base, 0.0)) for m, c in points]
    estimate = report.project(growing, n, at_least_linear=at_least_linear)
    return base + (estimate if estimate is not None else report.project(growing, n) or 0.0)


def beyond(settings: Settings, *, seconds: float, memory: float, disk: float = 0.0, what: str) -> str | None:
    """Why a measurement projected at ``seconds``, ``memory`` and ``disk`` is beyond the machine."""
    if settings.force:
        return None
    free = shutil.disk_usage(tempfile.gettempdir()).free
    if memory > settings.memory_limit:
        return (f"projected {report.fmt_bytes(memory)} resident for {what}, beyond the "
                f"{report.fmt_bytes(settings.memory_limit)} this machine allows a process")
    if seconds > settings.time_limit:
        return f"projected {report.fmt_seconds(seconds)} for {what}, beyond the {settings.time_limit:g} s limit"
    if disk > 0.9 * free:
        return f"projected {report.fmt_bytes(disk)} on disk for {what}, beyond the {report.fmt_bytes(free)} free"
    return None


def skipped(reason: str) -> dict:
    return {"status": "skipped", "reason": reason}


def expected_triples(done: list[dict], n: int) -> float:
    return projected(done, report.build_value("triples"), n, TRIPLES_PER_ARTICLE * n)


def build_skip(done: list[dict], n: int, settings: Settings) -> str | None:
    stopped = [size["n"] for size in done if (size.get("build") or {}).get("status") == "stopped"]
    if stopped and not settings.force:
        return f"the build of {stopped[-1]:,} articles was stopped at a limit already"
    triples = expected_triples(done, n)
    return beyond(settings, what=f"the build of {n:,} articles (~{triples / 1e6:.2g}M triples)",
                  seconds=projected(done, report.build_value("seconds"), n, triples / RDFLIB_TRIPLES_PER_S),
                  memory=projected(done, report.build_value("peak_rss_bytes"), n, triples * RDFLIB_BYTES_PER_TRIPLE,
                                   at_least_linear=False),
                  disk=projected(done, lambda s: (report.ok(s.get("build")) or {}).get("disk_bytes"), n,
                                 triples * DISK_BYTES_PER_TRIPLE))


def store_prior(kind: str, triples: float) -> tuple[float, float]:
    """(seconds, bytes) to load ``triples`` into ``kind`` before any size of it was measured."""
    if kind == "raw-rdflib":
        return triples / RDFLIB_TRIPLES_PER_S, triples * RDFLIB_BYTES_PER_TRIPLE
    return triples / OXIGRAPH_TRIPLES_PER_S, triples * OXIGRAPH_BYTES_PER_TRIPLE


def store_skip(done: list[dict], n: int, kind: str, triples: float, settings: Settings) -> str | None:
    prior_seconds, prior_bytes = store_prior(kind, triples)
    memory = projected(done, report.load_value(kind, "peak_rss_bytes"), n, prior_bytes,
                       fixed=report.load_value(kind, "rss_before_bytes"), at_least_linear=False)
    if kind == "raw-rdflib":  # never below rdflib's known rate
        memory = max(memory, triples * RDFLIB_BYTES_PER_TRIPLE)
    return beyond(settings, what=f"loading ~{triples / 1e6:.2g}M triples into {report.STORE_TITLES[kind]}",
                  seconds=projected(done, report.load_value(kind, "seconds"), n, prior_seconds), memory=memory)


# --- one size: corpus, build, parameters, page -----------------------------------------------

def synthesize(n: int, seed: int, corpus: Path) -> float:
    started = time.perf_counter()
    subprocess.run([str(KG), "synth", "--articles", str(n), "--seed", str(seed), "--out", str(corpus),
                    "--data", str(ROOT / "data")], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def build_argv(corpus: Path, build: Path, settings: Settings) -> list:
    return [KG, "build", "--data", corpus, "--ontology", ONTOLOGY, "--out", build,
            *([] if settings.documents else ["--no-documents"])]


def measure_build(corpus: Path, build: Path, folder: Path, settings: Settings) -> dict:
    """The whole ``kg build``; it writes the store (build/store/) too."""
    outcome, measured = measured_command(build_argv(corpus, build, settings), folder, "build", settings)
    if not outcome.ok:
        return failure(outcome, folder / "build.stderr")
    triples = json.loads((build / "summary.json").read_text(encoding="utf-8"))["triples"]
    store_bytes = folder_bytes(build / "store")
    build_bytes = folder_bytes(build) - store_bytes
    return {"status": "ok", "seconds": measured["seconds"], "peak_rss_bytes": measured["peak_rss_bytes"],
            "triples": triples, "triples_per_s": triples / measured["seconds"], "store_option": True,
            "build_dir_bytes": build_bytes, "store_bytes": store_bytes, "disk_bytes": build_bytes + store_bytes}


def first_article(corpus: Path) -> Path:
    return sorted(p for p in (corpus / "articles").iterdir() if p.is_dir())[0]


def corpus_values(corpus: Path) -> dict:
    """Parameter values that exist in the data: the first article's DOI, its first patient, that
    patient's JAK inhibitor and age, the first cited sentence and its citation intent."""
    folder = first_article(corpus)
    article = yaml.safe_load((folder / "article.yaml").read_text(encoding="utf-8"))
    with (folder / "patients.csv").open(encoding="utf-8", newline="") as handle:
        patient = next(csv.DictReader(handle))
    statement, intent = None, None
    for paragraph in article.get("body", []):
        for index, sentence in enumerate(paragraph.get("sentences", []), 1):
            if sentence.get("cites") and statement is None:
                statement, intent = f"{paragraph['id']}.s{index}", sentence["cites"][0].get("intent")
    values = {"doi": article["doi"], "patient": int(patient["patient"]), "drug": patient["jaki_drug"],
              "min_age": int(patient["age"]), "class": "JAK inhibitor", "measure": "BSA", "time_point": "flare",
              "statement": statement or "p1.s1", "intent": intent}
    return {"article": article["id"], **{k: v for k, v in values.items() if v is not None}}


def helper_params(values: dict) -> tuple[dict[str, dict], dict[str, str]]:
    """Each helper's parameters from ``values`` (every one it declares that has a value), and the
    helpers that cannot run because a required parameter has none."""
    params, missing = {}, {}
    for named in query.available():
        chosen = {p.name: values[p.name] for p in named.params if p.name in values}
        lacking = [p.name for p in named.params if p.required and p.name not in values]
        if lacking:
            missing[named.name] = f"no value in the corpus for its required parameter(s) {', '.join(lacking)}"
        else:
            params[named.name] = chosen
    return params, missing


def focus_iri(build: Path, article: str, patient: int) -> str:
    """The IRI of the first article's first patient, as written in build/adkg.nq."""
    suffix = f"/article/{article}/patient/{patient}>"
    with (build / "adkg.nq").open(encoding="utf-8") as lines:
        for line in lines:
            for token in line.split(" ")[:3]:
                if token.endswith(suffix) and token.startswith("<"):
                    return token[1:-1]
    raise LookupError(f"no patient IRI ending in {suffix[:-1]} in build/adkg.nq to focus on")


def measure_viz(focus: str, corpus: Path, build: Path, folder: Path, settings: Settings) -> dict:
    page = folder / "focus.html"
    argv = [KG, "viz", "--focus", focus, "--depth", "2", "--build", build, "--data", corpus,
            "--ontology", ONTOLOGY, "-o", page]
    outcome, measured = measured_command(argv, folder, "viz", settings)
    if not outcome.ok:
        return failure(outcome, folder / "viz.stderr")
    return {"status": "ok", "seconds": measured["seconds"], "peak_rss_bytes": measured["peak_rss_bytes"],
            "page_bytes": page.stat().st_size}


# --- one size: the stores --------------------------------------------------------------------

def write_union_ntriples(build: Path, target: Path) -> None:
    """The union of build/adkg.nq as N-Triples (each quad without its graph name), streamed."""
    import pyoxigraph as ox

    quads = ox.parse(path=str(build / "adkg.nq"), format=ox.RdfFormat.N_QUADS)
    ox.serialize((quad.triple for quad in quads), output=str(target), format=ox.RdfFormat.N_TRIPLES)


def helper_skips(done: list[dict], kind: str, params: dict, settings: Settings, n: int) -> dict[str, dict]:
    """Helpers not to run on ``kind`` at ``n``: over the time cap at a smaller size (stopped, or
    skipped as projected past it), or projected past it now."""
    skips = {}
    for name in params:
        earlier = [(size["n"], size.get("stores", {}).get(kind, {}).get("helpers", {}).get(name) or {})
                   for size in done]
        over = [m for m, record in earlier if record.get("over_cap")]
        if over and not settings.force:
            skips[name] = {**skipped(f"over the {settings.helper_cap:g} s cap at N={over[-1]:,} already"),
                           "over_cap": True}
            continue
        first = projected(done, lambda s, name=name: report.p50(s, kind, name), n, 0.0)
        if first > settings.helper_cap and not settings.force:
            skips[name] = {**skipped(f"projected {report.fmt_seconds(first)} a run, past the "
                                     f"{settings.helper_cap:g} s cap"), "over_cap": True}
    return skips


def summarise_helper(record: dict) -> dict:
    if record.get("status") != "ok":
        return record
    samples = record["samples"]
    return {**record, "p50": statistics.median(samples), "p95": report.percentile(samples, 0.95),
            "runs": len(samples)}


def read_worker_output(stdout: Path) -> tuple[dict | None, dict[str, dict]]:
    load, helpers = None, {}
    for line in stdout.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if record.get("event") == "load":
            load = {"status": "ok", **{k: v for k, v in record.items() if k != "event"}}
        elif record.get("event") == "helper":
            helpers[record["name"]] = summarise_helper({k: v for k, v in record.items() if k not in ("event", "name")})
    return load, helpers


def measure_store(kind: str, build: Path, corpus: Path, nt: Path, folder: Path, params: dict,
                  missing: dict, done: list[dict], settings: Settings, n: int) -> dict:
    """Load one store in a fresh worker process and time every helper on it."""
    skips = {**{name: skipped(reason) for name, reason in missing.items()},
             **helper_skips(done, kind, params, settings, n)}
    plan = {"helpers": {name: p for name, p in params.items() if name not in skips},
            "budget": settings.helper_budget, "cap": settings.helper_cap, "min_runs": settings.min_runs,
            "max_runs": settings.max_runs}
    plan_path = folder / f"{kind}.plan.json"
    plan_path.write_text(json.dumps(plan), encoding="utf-8")
    # The oxigraph kind writes build/store again, as the build does (its load time); the others
    # use a folder of their own.
    location = build / "store" if kind == "oxigraph" else folder / f"store-{kind}"
    argv = [PYTHON, WORKER, "store", "--kind", kind, "--build", build, "--data", corpus, "--ontology", ONTOLOGY,
            "--location", location, "--nt", nt, "--plan", plan_path]
    try:
        outcome = supervise(argv, settings, folder / f"{kind}.stdout", folder / f"{kind}.stderr")
        load, helpers = read_worker_output(folder / f"{kind}.stdout")
    finally:
        shutil.rmtree(location, ignore_errors=True)
    if load is None:
        return {"load": failure(outcome, folder / f"{kind}.stderr"), "helpers": {}}
    load["process_seconds"] = outcome.seconds
    if outcome.stopped or outcome.returncode:
        left = failure(outcome, folder / f"{kind}.stderr")
        helpers.update({name: dict(left) for name in plan["helpers"] if name not in helpers})
    helpers.update(skips)
    return {"load": load, "helpers": dict(sorted(helpers.items()))}


def measure_stores(size: dict, build: Path, corpus: Path, folder: Path, done: list[dict],
                   settings: Settings) -> dict:
    n, triples = size["n"], size["build"]["triples"]
    params, missing = helper_params(size["values"])
    size["params"] = params
    nt = folder / "union.nt"
    stores = {}
    try:
        for kind in report.STORES:
            reason = store_skip(done, n, kind, triples, settings)
            if kind.startswith("raw-") and not nt.exists() and reason is None:
                reason = beyond(settings, seconds=0, memory=0, disk=triples * NT_BYTES_PER_TRIPLE,
                                what="the union N-Triples file")
                if reason is None:
                    write_union_ntriples(build, nt)
            if reason:
                stores[kind] = {"load": skipped(reason), "helpers": {}}
            else:
                stores[kind] = measure_store(kind, build, corpus, nt, folder, params, missing, done, settings, n)
            log(n, describe_store(kind, stores[kind]))
    finally:
        nt.unlink(missing_ok=True)
    return stores


# --- one size, end to end --------------------------------------------------------------------

def log(n: int, text: str) -> None:
    print(f"[N={n:,}] {text}", flush=True)


def describe_store(kind: str, record: dict) -> str:
    load = record["load"]
    if load["status"] != "ok":
        return f"{report.STORE_TITLES[kind]}: {report.why(load)}"
    helpers = [h for h in record["helpers"].values() if h.get("status") == "ok"]
    middle = statistics.median(h["p50"] for h in helpers) if helpers else None
    return (f"{report.STORE_TITLES[kind]}: load {report.fmt_seconds(load['seconds'])}, peak "
            f"{report.fmt_bytes(load['peak_rss_bytes'])}; {len(helpers)}/{len(record['helpers'])} helpers, "
            f"median p50 {report.fmt_seconds(middle)}")


def skip_rest(size: dict, reason: str) -> dict:
    size["viz"] = skipped(reason)
    size["stores"] = {kind: {"load": skipped(reason), "helpers": {}} for kind in report.STORES}
    return size


def measure_size(n: int, workdir: Path, done: list[dict], settings: Settings) -> dict:
    size: dict = {"n": n}
    reason = build_skip(done, n, settings)
    if reason:
        size["build"] = skipped(reason)
        log(n, f"build skipped: {reason}")
        return skip_rest(size, "no build at this size (skipped)")
    folder = workdir / f"n{n}"
    folder.mkdir()
    corpus, build = folder / "corpus", folder / "build"
    try:
        try:
            size["synth_seconds"] = synthesize(n, settings.seed, corpus)
        except subprocess.CalledProcessError as exc:
            size["build"] = {"status": "failed", "reason": f"kg synth failed: {exc.stderr.decode()[-300:]}"}
            return skip_rest(size, "no corpus at this size (kg synth failed)")
        size["build"] = measure_build(corpus, build, folder, settings)
        log(n, describe_build(size["build"]))
        if size["build"]["status"] != "ok":
            return skip_rest(size, f"the build did not finish ({size['build']['status']})")
        values = corpus_values(corpus)
        size["values"] = values
        try:
            size["focus"] = focus_iri(build, values["article"], values["patient"])
            size["viz"] = measure_viz(size["focus"], corpus, build, folder, settings)
        except LookupError as exc:
            size["viz"] = {"status": "failed", "reason": str(exc)}
        log(n, describe_viz(size["viz"]))
        shutil.rmtree(build / "store", ignore_errors=True)  # the oxigraph worker writes it again, timed
        size["stores"] = measure_stores(size, build, corpus, folder, done, settings)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return size


def describe_build(record: dict) -> str:
    if record["status"] != "ok":
        return f"build: {report.why(record)}"
    return (f"build: {report.fmt_seconds(record['seconds'])}, {record['triples']:,} triples "
            f"({record['triples_per_s']:,.0f}/s), peak {report.fmt_bytes(record['peak_rss_bytes'])}")


def describe_viz(record: dict) -> str:
    if record["status"] != "ok":
        return f"viz --focus: {report.why(record)}"
    return f"viz --focus: {report.fmt_seconds(record['seconds'])}, page {record['page_bytes']:,} bytes"


# --- the run -----------------------------------------------------------------------------------

def run(settings: Settings) -> dict:
    results = {"date": datetime.date.today().isoformat(), "machine": machine_info(),
               "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(settings).items()
                            if k != "out"},
               "build_mode": ("`kg build` (with the rdflib Turtle, TriG and JSON-LD dumps)" if settings.documents
                              else "`kg build --no-documents`")
               + " (the build writes build/adkg.nq and loads build/store, the embedded Oxigraph store)",
               "sizes": []}
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="adkg-scale-", dir="/tmp"))
    try:
        for n in settings.sizes:
            results["sizes"].append(measure_size(n, workdir, results["sizes"], settings))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    results["seconds"] = time.perf_counter() - started
    return report.finish(results)


def main(argv: list[str] | None = None) -> int:
    settings = parse_args(argv)
    print(f"scale benchmark: N = {', '.join(f'{n:,}' for n in settings.sizes)}", flush=True)
    results = run(settings)
    paths = report.write_outputs(results, settings.out)
    print()
    print(report.console_summary(results))
    print(f"\nfinished in {report.fmt_seconds(results['seconds'])}")
    for path in paths:
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
