"""Cold-start benchmark: what one `kg query` costs as a fresh process, against a bare pyoxigraph script.

Run from the project root (``make bench-coldstart``; it builds build/ first if needed):

    .venv/bin/python bench/coldstart_bench.py                # 20 rounds; writes bench/results/coldstart.{md,json}
    .venv/bin/python bench/coldstart_bench.py --runs 5 --out /tmp/cs

Four commands, each a fresh process, run interleaved (a b c d, a b c d, ...) so that a change in
the machine's load falls on all four alike; build/ is current throughout (checked: no run may
rebuild):

- (a) ``kg query patient-table --format csv`` (the installed console script);
- (b) a bare Python process that opens the same build/store read-only with pyoxigraph, runs the
  same helper text (kg/dataset/queries/patient-table.rq, the project's prefixes given as
  pyoxigraph's ``prefixes``) and prints CSV: the floor for "Python + pyoxigraph + this query";
- (c) ``kg --help``;
- (d) ``python -c pass``: the interpreter's own start.

For each: median and p90 of the wall time and of the CPU time (user + system, from the child's
rusage, the forked query child of (a) included; steadier than wall time on a machine shared with
other jobs). The target is a median ratio (a)/(b) of at most 2. The commands run as a user runs
them, with Python's compiled-module cache (PYTHONDONTWRITEBYTECODE is dropped from their
environment). Then:

- a phase breakdown of (a), timed inside separate fresh processes (imports, freshness check, store
  open, the query in its forked child or in-process: the difference is the fork's cost, CSV);
- the freshness check on data/ and on a synthetic corpus (``--articles``, default 1,000): every
  input hashed against the stat-only pass over the manifest that ``kg`` keeps.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
KG = ROOT / ".venv" / "bin" / "kg"
HELPER = ROOT / "kg" / "dataset" / "queries" / "patient-table.rq"
TARGET_RATIO = 2.0
# As a user runs kg: Python caches compiled modules (__pycache__/). A session that sets
# PYTHONDONTWRITEBYTECODE would otherwise recompile every kg module in every measured run.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

# (b): only pyoxigraph and the standard library; the helper's parameter columns are dropped as kg does.
BARE = """\
import csv, json, sys
import pyoxigraph as ox
store_path, helper, prefixes, drop = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), set(sys.argv[4:])
with open(helper, encoding="utf-8") as handle:
    text = handle.read()
answer = ox.Store.read_only(store_path).query(text, prefixes=prefixes)
names = [v.value for v in answer.variables]
keep = [i for i, name in enumerate(names) if name not in drop]
out = csv.writer(sys.stdout, lineterminator="\\n")
out.writerow([names[i] for i in keep])
for row in answer:
    out.writerow(["" if row[i] is None else row[i].value for i in keep])
"""

# The phases of (a), timed inside one fresh process (the steps kg.cli.main takes for this command).
# With "inproc" as argument, the query runs in the process itself (no time limit, no fork): the
# difference is what the forked child costs.
PHASES = """\
import json, sys, time
t0 = time.perf_counter()
import kg.cli.main
from kg.dataset import query
from kg.dataset.results import render
from kg.dataset.store import Paths
from kg.cli.freshness import ensure_built
t1 = time.perf_counter()
paths = Paths()
ensure_built(paths)
t2 = time.perf_counter()
store = query._default_store(paths)
t3 = time.perf_counter()
forked = sys.argv[1] == "fork"
result = query.run("patient-table", timeout=30.0 if forked else None, paths=paths)
t4 = time.perf_counter()
text = render(result, "csv")
t5 = time.perf_counter()
sys.stdout.write(text)
step = "query in a forked child (the time-limit path)" if forked else "query in-process (no time limit)"
print(json.dumps({"imports": t1 - t0, "freshness check": t2 - t1, "store open": t3 - t2,
                  step: t4 - t3, "render CSV": t5 - t4}), file=sys.stderr)
"""

# The freshness check on a larger corpus: every file hashed (no manifest) against reading the stored
# manifest and its stat-only pass (kg.core.fingerprint), in one process, repeated.
FRESHNESS = """\
import json, statistics, sys, tempfile, time
from pathlib import Path
from kg.core import fingerprint as fp
data, ontology, runs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
fp.RACY_NS = 0  # the corpus was written seconds ago: keep every file in the manifest all the same
stored = Path(tempfile.mkdtemp()) / "adkg-inputs.json"
known = fp.scan(data, ontology)
fp.write_manifest(stored, known)
full, cheap = [], []
for _ in range(runs):
    t = time.perf_counter(); fp.fingerprint(fp.scan(data, ontology)); full.append(time.perf_counter() - t)
    t = time.perf_counter()
    files, digest = fp.read_manifest(stored)
    assert fp.scan(data, ontology, files) == files and digest is not None
    cheap.append(time.perf_counter() - t)
stored.unlink(); stored.parent.rmdir()
print(json.dumps({"files": len(known), "bytes": sum(v[0] for v in known.values()),
                  "full_ms": statistics.median(full) * 1000, "manifest_ms": statistics.median(cheap) * 1000}))
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(command: list[str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall and CPU seconds of one fresh process, and what it printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=ENV)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr}")
    if "rebuilding" in done.stderr:
        raise SystemExit(f"{' '.join(command)} rebuilt build/: the benchmark needs a current build")
    return wall, cpu, done


def commands() -> dict[str, list[str]]:
    sys.path.insert(0, str(ROOT))
    from kg.core.prefixes import PREFIX_IRIS
    from kg.dataset import query

    drop = [p.name for p in query.get("patient-table").params]
    bare = [str(PYTHON), "-c", BARE, str((ROOT / "build" / "store").resolve()), str(HELPER),
            json.dumps(dict(PREFIX_IRIS)), *drop]
    return {
        "a": [str(KG), "query", "patient-table", "--format", "csv"],
        "b": bare,
        "c": [str(KG), "--help"],
        "d": [str(PYTHON), "-c", "pass"],
    }


LABELS = {"a": "(a) `kg query patient-table --format csv`",
          "b": "(b) bare Python: pyoxigraph read-only store + the same helper text, CSV",
          "c": "(c) `kg --help`",
          "d": "(d) `python -c pass`"}


def freshness(articles: int) -> list[dict]:
    """The freshness check's cost on data/ and on a synthetic corpus of ``articles`` articles."""
    corpora = [("data/ (the article)", ROOT / "data", None)]
    folder = Path(tempfile.mkdtemp(prefix="adkg-coldstart-"))
    try:
        if articles:
            synth = folder / "data"
            subprocess.run([str(KG), "synth", "--articles", str(articles), "--seed", "1", "--out", str(synth)],
                           cwd=ROOT, check=True, capture_output=True, env=ENV)
            corpora.append((f"synthetic corpus, {articles:,} articles", synth, articles))
        found = []
        for label, data, n in corpora:
            done = subprocess.run([str(PYTHON), "-c", FRESHNESS, str(data), str(ROOT / "ontology"), "5"],
                                  cwd=ROOT, check=True, capture_output=True, text=True, env=ENV)
            found.append({"corpus": label, "articles": n, **json.loads(done.stdout)})
        return found
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure(runs: int, articles: int) -> dict:
    cmds = commands()
    # Warm-up: make build/ current (a stale one is rebuilt here, not in a measured run), write the
    # compiled modules, fill the OS file cache, and check that (a) and (b) print the same table.
    subprocess.run(cmds["a"], cwd=ROOT, check=True, capture_output=True, env=ENV)
    subprocess.run(cmds["c"], cwd=ROOT, check=True, capture_output=True, env=ENV)
    outputs = {k: timed(cmds[k])[2].stdout for k in ("a", "b")}
    lines = {k: v.splitlines() for k, v in outputs.items()}
    same_shape = (lines["a"][:1] == lines["b"][:1] and len(lines["a"]) == len(lines["b"]))
    if not same_shape:
        raise SystemExit(f"(a) and (b) disagree on the table's header or rows:\n{outputs['a']}\n---\n{outputs['b']}")
    wall: dict[str, list[float]] = {k: [] for k in cmds}
    cpu: dict[str, list[float]] = {k: [] for k in cmds}
    load_before = os.getloadavg()
    for _ in range(runs):
        for key, command in cmds.items():
            w, c, _done = timed(command)
            wall[key].append(w)
            cpu[key].append(c)
    load_after = os.getloadavg()
    phases: dict[str, list[float]] = {}
    for index in range(2 * max(5, runs // 2)):
        mode = "fork" if index % 2 == 0 else "inproc"
        done = subprocess.run([str(PYTHON), "-c", PHASES, mode], cwd=ROOT, check=True, capture_output=True,
                              text=True, env=ENV)
        for name, seconds in json.loads(done.stderr.strip().splitlines()[-1]).items():
            phases.setdefault(name, []).append(seconds)
    return {"runs": runs, "wall": wall, "cpu": cpu, "phases": phases, "freshness": freshness(articles),
            "rows": len(lines["a"]) - 1,
            "identical_output": outputs["a"] == outputs["b"],
            "load_average": {"before": load_before, "after": load_after},
            "machine": {"arch": platform.machine(), "python": platform.python_version(),
                        "cpus": os.cpu_count()}}


def summary(raw: dict) -> dict:
    stats = {}
    for kind in ("wall", "cpu"):
        stats[kind] = {k: {"median_ms": statistics.median(v) * 1000, "p90_ms": percentile(v, 0.9) * 1000}
                       for k, v in raw[kind].items()}
    stats["ratio_a_b"] = {kind: stats[kind]["a"]["median_ms"] / stats[kind]["b"]["median_ms"]
                          for kind in ("wall", "cpu")}
    stats["phases_median_ms"] = {k: statistics.median(v) * 1000 for k, v in raw["phases"].items()}
    return stats


def report(raw: dict, stats: dict) -> str:
    ratio = stats["ratio_a_b"]
    load = raw["load_average"]
    lines = [
        "# Cold-start benchmark", "",
        f"Machine: {raw['machine']['arch']}, CPython {raw['machine']['python']}, {raw['machine']['cpus']} CPUs "
        f"(shared; 1-minute load average {load['before'][0]:.1f} before, {load['after'][0]:.1f} after). "
        f"{raw['runs']} rounds, the four commands interleaved, each a fresh process; build/ current "
        f"(patient-table: {raw['rows']} rows). Command: `make bench-coldstart` "
        "(`.venv/bin/python bench/coldstart_bench.py`).", "",
        "| command | wall median | wall p90 | CPU median | CPU p90 |",
        "| --- | ---: | ---: | ---: | ---: |"]
    for key, label in LABELS.items():
        w, c = stats["wall"][key], stats["cpu"][key]
        lines.append(f"| {label} | {w['median_ms']:.0f} ms | {w['p90_ms']:.0f} ms "
                     f"| {c['median_ms']:.0f} ms | {c['p90_ms']:.0f} ms |")
    met = "met" if ratio["wall"] <= TARGET_RATIO else "not met"
    same = ("the same bytes" if raw["identical_output"] else
            "the same header and number of rows (kg writes typed values canonically, e.g. 30 for 30.0)")
    lines += ["",
              f"Ratio (a)/(b) of the medians: **{ratio['wall']:.2f}** wall, {ratio['cpu']:.2f} CPU "
              f"(target at most {TARGET_RATIO:g}: {met}). (a) and (b) print {same}. CPU time counts "
              "the forked query child of (a) too.",
              "", "Where (a)'s time goes (medians of wall time, timed inside fresh processes, half with the "
              "query in its forked child as `kg query` runs it, half in-process; the interpreter's own start, "
              "(d), comes before these):", "",
              "| phase | median |", "| --- | ---: |"]
    lines += [f"| {name} | {ms:.1f} ms |" for name, ms in stats["phases_median_ms"].items()]
    lines += ["", "The freshness check (is build/ current?) on every read command: every input file hashed, "
              "against reading the manifest that `kg` keeps in build/store/adkg-inputs.json and checking "
              "every file's size, times and inode against it (medians of 5 in one process):", "",
              "| inputs | files | MB | every file hashed | with the manifest |", "| --- | ---: | ---: | ---: | ---: |"]
    lines += [f"| {f['corpus']} | {f['files']:,} | {f['bytes'] / 1e6:.1f} | {f['full_ms']:.1f} ms "
              f"| {f['manifest_ms']:.1f} ms |" for f in raw["freshness"]]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="rounds of the four commands (default 20)")
    parser.add_argument("--articles", type=int, default=1000,
                        help="synthetic corpus size for the freshness-check measurement (0: skip; default 1000)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results",
                        help="folder for coldstart.md and coldstart.json (default bench/results)")
    args = parser.parse_args()
    raw = measure(args.runs, args.articles)
    stats = summary(raw)
    text = report(raw, stats)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "coldstart.md").write_text(text, encoding="utf-8")
    (args.out / "coldstart.json").write_text(json.dumps({"summary": stats, "raw": raw}, indent=2) + "\n",
                                             encoding="utf-8")
    print(text)
    print(f"wrote {args.out / 'coldstart.md'} and coldstart.json")


if __name__ == "__main__":
    main()
