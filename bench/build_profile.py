"""Where a full build spends its time: wall seconds per stage of one single-worker build, and the
peak resident memory of the process that ran it.

    python bench/build_profile.py --data /tmp/p60 [--ontology ontology] [--out /tmp/p60-build]
                                  [--cprofile FILE] [--json FILE]
    python bench/build_profile.py --data /tmp/b200 --out /tmp/b200-build --add /tmp/b201/articles/synthetic-000201

The build is ``kg.publish.build.build(..., workers=1, documents=False)``, exactly as ``kg build
--no-documents`` runs it but on one core, so that every stage runs in this process and is timed
here. Each stage is timed by wrapping the functions the pipeline calls (the names it imported into
``kg.publish.build``, and ``MappedDataset.union``) with a wall clock; nothing in the pipeline is
changed. Stages:

* load: the corpus (kg/ingest), the ontology and the JSON-LD context;
* map: the shared graphs and the articles (kg/transform);
* union: copying the mapped graphs, with the shared graphs, into the one graph SHACL validates;
* SHACL: ``kg.validate.shacl.shacl_problems`` (pySHACL);
* checks: the ``*-violation.rq`` queries and loading each batch's quads into their pyoxigraph store;
* N-Quads: serialising each graph to sorted N-Quads lines (and the shared graphs to N-Triples);
* store load: ``write_store`` (the on-disk store build/store, bulk load and union graph);
* counts: the SPARQL counts of summary.json and void.ttl (or, in an incremental build, their update
  from the change: ``kg.publish.recount``);
* other: the rest (fingerprint, writing files, batch bookkeeping).

With ``--add FOLDER``, the build at ``--out`` (of ``--data``) must exist: the article folder is
copied into ``--data``/articles and the incremental build that adds it is timed the same way
(``store load`` is then the in-place update of the store, ``kg.publish.storage.replace_graphs``,
without the counts' share); the folder is removed again afterwards, but --out keeps the update.
Each stage's time is its own (a wrapped call inside another is not counted twice).

Run it in a fresh process per measurement: the peak RSS is this process's ``ru_maxrss``.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import json
import resource
import shutil
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import kg.publish.batches as batches_module  # noqa: E402 - after the path set-up
import kg.publish.build as build_module  # noqa: E402
import kg.publish.finish as finish_module  # noqa: E402
from kg.transform.mapping import MappedDataset  # noqa: E402

STAGES = ("load", "map", "union", "SHACL", "checks", "N-Quads", "store load", "counts", "other")

#: The pipeline's functions (module, name as the caller imports it) and the stage each one's time counts to.
WRAPPED = {
    (build_module, "load_corpus"): "load", (build_module, "load_ontology"): "load",
    (build_module, "map_shared"): "map", (batches_module, "map_articles"): "map",
    (build_module, "declared_terms"): "map",
    (build_module, "shacl_problems"): "SHACL", (batches_module, "shacl_problems"): "SHACL",
    (build_module, "check_queries"): "checks", (batches_module, "check_queries"): "checks",
    (build_module, "nquads_lines"): "N-Quads", (batches_module, "nquads_lines"): "N-Quads",
    (build_module, "write_store"): "store load", (finish_module, "counts_of"): "counts",
}


class StageClock:
    """Wall and CPU seconds per stage, each wrapped call's own time (its wrapped calls' excluded)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)
        self.inner: list[list[float]] = []  # per open call: the time of the wrapped calls inside it

    def wrap(self, function: Callable[..., Any], stage: str) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self.inner.append([0.0, 0.0])
            started, cpu = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                wall, used = time.perf_counter() - started, time.process_time() - cpu
                inner = self.inner.pop()
                self.seconds[stage] += wall - inner[0]
                self.cpu[stage] += used - inner[1]
                if self.inner:
                    self.inner[-1][0] += wall
                    self.inner[-1][1] += used
        return timed

    def wrap_batch(self, function: Callable[..., Any]) -> Callable[..., Any]:
        """A batch's own time beyond its wrapped calls is its checks store load (see _batch)."""
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            before, before_cpu = sum(self.seconds.values()), sum(self.cpu.values())
            started, cpu = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                inner, inner_cpu = sum(self.seconds.values()) - before, sum(self.cpu.values()) - before_cpu
                self.seconds["checks"] += time.perf_counter() - started - inner
                self.cpu["checks"] += time.process_time() - cpu - inner_cpu
        return timed


def _install(clock: StageClock) -> None:
    for (module, name), stage in WRAPPED.items():
        setattr(module, name, clock.wrap(getattr(module, name), stage))
    MappedDataset.union = clock.wrap(MappedDataset.union, "union")  # type: ignore[method-assign]
    batches_module._batch = clock.wrap_batch(batches_module._batch)
    try:  # the incremental build's modules (absent from older commits: measured "before")
        import kg.publish.incremental as incremental_module
    except ImportError:  # pragma: no cover
        return
    incremental_module.replace_graphs = clock.wrap(incremental_module.replace_graphs, "store load")
    incremental_module.write_store = clock.wrap(incremental_module.write_store, "store load")
    try:
        from kg.publish.recount import Recount
    except ImportError:  # an older commit: the counts were all counts_of
        return
    Recount.__call__ = clock.wrap(Recount.__call__, "counts")  # type: ignore[method-assign]


def profile_build(data: Path, ontology: Path, out: Path, profile: Path | None = None,
                  add: Path | None = None) -> dict[str, Any]:
    """Run one single-worker build (``add``: the incremental build that adds that article folder);
    its stage times, triple count, wall time and peak RSS."""
    clock = StageClock()
    _install(clock)
    profiler = cProfile.Profile() if profile else None
    if add is not None:
        shutil.copytree(add, data / "articles" / add.name)
    started, cpu_started = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    try:
        result = build_module.build(data, ontology, out, documents=False, workers=1)
    finally:
        if add is not None:
            shutil.rmtree(data / "articles" / add.name)
    if profiler:
        profiler.disable()
        profiler.dump_stats(str(profile))
    wall, cpu_total = time.perf_counter() - started, time.process_time() - cpu_started
    stages = {stage: clock.seconds.get(stage, 0.0) for stage in STAGES if stage != "other"}
    stages["other"] = wall - sum(stages.values())
    cpu = {stage: clock.cpu.get(stage, 0.0) for stage in STAGES if stage != "other"}
    cpu["other"] = cpu_total - sum(cpu.values())
    triples = int(result.summary["triples"])
    articles = len([p for p in (data / "articles").iterdir() if p.is_dir()])
    return {"data": str(data), "articles": articles + (add is not None), "triples": triples, "wall_seconds": wall,
            "added": add.name if add else None,
            "triples_per_second": triples / wall, "cpu_seconds": cpu_total,
            "triples_per_cpu_second": triples / cpu_total, "stages": stages, "cpu": cpu, "cprofile": bool(profile),
            "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}


def table(report: dict[str, Any]) -> str:
    """The report as a Markdown table (stage, wall and CPU seconds, share of the CPU time).

    The CPU time is this process's (all its threads): on a shared machine it is the steadier figure."""
    wall, cpu = report["wall_seconds"], report["cpu_seconds"]
    what = f"adding {report['added']} to {report['articles'] - 1} articles" if report.get("added") else (
        f"{report['articles']} articles")
    lines = [f"{what}, {report['triples']:,} triples, one worker: "
             f"{wall:.1f} s wall ({report['triples_per_second']:,.0f} triples/s), {cpu:.1f} s CPU "
             f"({report['triples_per_cpu_second']:,.0f} triples per CPU second), "
             f"peak RSS {report['peak_rss_bytes'] / 2**20:,.0f} MiB"
             + (" (under cProfile)" if report["cprofile"] else ""), "",
             "| stage | wall s | CPU s | share of CPU |", "| --- | ---: | ---: | ---: |"]
    for stage in STAGES:
        lines.append(f"| {stage} | {report['stages'][stage]:.2f} | {report['cpu'][stage]:.2f} | "
                     f"{report['cpu'][stage] / cpu:.0%} |")
    lines.append(f"| **total** | **{wall:.2f}** | **{cpu:.2f}** | 100% |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--ontology", type=Path, default=ROOT / "ontology")
    parser.add_argument("--out", type=Path, required=True, help="the build folder to write (replaced)")
    parser.add_argument("--cprofile", type=Path, help="also write a cProfile dump here (slows the build)")
    parser.add_argument("--json", type=Path, help="also write the report as JSON here")
    parser.add_argument("--add", type=Path, help="time the incremental build that adds this article folder "
                        "to the existing build --out of --data")
    args = parser.parse_args(argv)
    report = profile_build(args.data, args.ontology, args.out, args.cprofile, args.add)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(table(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
