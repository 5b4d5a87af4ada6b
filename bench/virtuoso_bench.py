"""Virtuoso against the embedded store: push time and each helper's time on the same build.

Run from the project root (Debian's virtuoso-opensource must be installed: ``make virtuoso``):

    .venv/bin/python bench/virtuoso_bench.py                          # build/, 5 runs per helper
    .venv/bin/python bench/virtuoso_bench.py --build /tmp/b10000/build --runs 3 --buffers 200000 \\
        --label "10,000 articles" --doi 10.5555/adkg.synthetic.article.000001 --out bench/results

It starts a throw-away Virtuoso Open Source server (tests/virtuoso_server.py: its own ini and
database folder, loopback ports, stopped and deleted at the end), times ``kg push``'s code with the
union graph (:func:`kg.endpoint.remote.push` with ``union=True``), then runs every helper (with its
required parameters only) ``--runs`` times on each side, interleaved: the embedded store
(:func:`kg.dataset.query.run` on build/store, in process, no time limit) and Virtuoso
(:func:`kg.endpoint.remote.run_remote` with ``default_graph=UNION_GRAPH``, over HTTP, JSON results
parsed). The first run of each is reported apart as "cold". With ``--doi``, every helper that
takes a ``doi`` parameter runs a second time with it (the article-scoped case). Each row says
whether both sides gave the same rows (as multisets). Writes ``virtuoso.md`` and ``virtuoso.json``
to ``--out`` (default /tmp/adkg-virtuoso-bench), one section per ``--label``: a run with a new
label adds its section beside the earlier ones, a run with the same label replaces it (commit a
report only from a real run of this script).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from virtuoso_server import Virtuoso, missing  # noqa: E402

from kg.dataset import query  # noqa: E402
from kg.dataset.store import Paths, open_store  # noqa: E402
from kg.endpoint.remote import UNION_GRAPH, push, run_remote  # noqa: E402

REQUIRED = {"patient-timeline": {"patient": 1}, "patients-by-drug": {"drug": "upadacitinib"},
            "references-for-statement": {"statement": "p1.s2"},
            "value-provenance": {"patient": 1, "measure": "IGA", "time_point": "flare"}}


def _timed(call) -> tuple[float, Any]:
    start = time.perf_counter()
    result = call()
    return (time.perf_counter() - start) * 1000, result


def _cases(doi: str | None) -> list[tuple[str, dict]]:
    """Every helper with its required parameters, and with ``doi`` too where it takes one."""
    cases = []
    for named in query.available():
        params = REQUIRED.get(named.name, {})
        cases.append((named.name, params))
        if doi and any(p.name == "doi" for p in named.params):
            cases.append((named.name, {**params, "doi": doi}))
    return cases


def _helper(name: str, params: dict, store, endpoint: str, runs: int) -> dict:
    local_ms, remote_ms, answers = [], [], []
    for _ in range(max(runs, 1)):
        ms, local = _timed(lambda: query.run(name, store, **params))
        local_ms.append(ms)
        ms, remote = _timed(lambda: run_remote(name, endpoint, timeout=600, default_graph=UNION_GRAPH, **params))
        remote_ms.append(ms)
        answers = [local, remote]
    local, remote = answers
    return {"helper": name, "params": params, "rows_embedded": len(local.rows), "rows_virtuoso": len(remote.rows),
            "same_rows": Counter(local.rows) == Counter(remote.rows),
            "embedded_cold_ms": local_ms[0], "virtuoso_cold_ms": remote_ms[0],
            "embedded_p50_ms": statistics.median(local_ms[1:] or local_ms),
            "virtuoso_p50_ms": statistics.median(remote_ms[1:] or remote_ms)}


INTRO = """# Virtuoso against the embedded store

Written by bench/virtuoso_bench.py (one section per build): the push of a build to a throw-away
Virtuoso Open Source (tests/virtuoso_server.py's ini) and each helper's time there, over HTTP,
beside the same helper on the embedded store, in process. Parameters are the required ones, and a
DOI where the row says so. "same rows" compares the two answers as multisets.

"""


def _report(result: dict) -> str:
    lines = [f"## {result['label']}", "", f"Build `{result['build']}`. {result['note']}".rstrip(), "",
             f"Virtuoso {result['virtuoso']}, NumberOfBuffers {result['buffers']}, {result['runs']} runs per helper "
             f"(p50 over runs 2..n), {result['machine']}; load average {result['load'][0]:.1f} at the start and "
             f"{result['load'][1]:.1f} at the end.", "",
             f"Push (every named graph, then the union graph of {result['union_triples']} distinct triples): "
             f"{result['push_s']:.1f} s for {result['pushed_triples']} triples in {result['graphs']} graphs.", "",
             "| helper | parameters | rows embedded | rows Virtuoso | same rows | embedded cold ms | embedded p50 ms "
             "| Virtuoso cold ms | Virtuoso p50 ms |",
             "| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |"]
    for r in result["helpers"]:
        lines.append(f"| {r['helper']} | `{json.dumps(r['params'])}` | {r['rows_embedded']} | {r['rows_virtuoso']} | "
                     f"{'yes' if r['same_rows'] else '**no**'} | {r['embedded_cold_ms']:.1f} | "
                     f"{r['embedded_p50_ms']:.1f} | {r['virtuoso_cold_ms']:.1f} | {r['virtuoso_p50_ms']:.1f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=Path, default=Path("build"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--buffers", type=int, default=20000, help="Virtuoso NumberOfBuffers (8 KB pages)")
    parser.add_argument("--label", default=None, help="the report section (default: the build folder's name)")
    parser.add_argument("--note", default="", help="a sentence for the section (how and where it was run)")
    parser.add_argument("--doi", default=None, help="also run every helper that takes a doi with this one")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "adkg-virtuoso-bench")
    args = parser.parse_args(argv)
    reason = missing()
    if reason:
        print(reason, file=sys.stderr)
        return 1
    store = open_store(Paths(build=args.build))
    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="adkg-virtuoso-") as folder:
        server = Virtuoso(Path(folder), buffers=args.buffers)
        try:
            server.start()
            found = re.search(r"Version (\S+)", server.log())
            version = found.group(1) if found else "unknown"
            push_s, pushed = _timed(lambda: push(server.crud, args.build, timeout=3600, union=True))
            graphs = dict(pushed.graphs)
            union = graphs.pop(UNION_GRAPH)
            helpers = []
            for name, params in _cases(args.doi):
                helpers.append(_helper(name, params, store, server.sparql, args.runs))
                print(f"{name} {json.dumps(params)}: embedded {helpers[-1]['embedded_p50_ms']:.1f} ms, "
                      f"Virtuoso {helpers[-1]['virtuoso_p50_ms']:.1f} ms", file=sys.stderr, flush=True)
        finally:
            server.stop()
    result = {"label": args.label or args.build.name, "note": args.note, "load": [load_start, os.getloadavg()[0]],
              "build": str(args.build), "virtuoso": version, "buffers": args.buffers, "runs": args.runs,
              "machine": f"{platform.machine()}, Python {platform.python_version()}",
              "push_s": push_s / 1000, "graphs": len(graphs), "pushed_triples": sum(graphs.values()),
              "union_triples": union, "helpers": helpers}
    args.out.mkdir(parents=True, exist_ok=True)
    data_file = args.out / "virtuoso.json"
    sections = json.loads(data_file.read_text(encoding="utf-8")) if data_file.exists() else {}
    sections[result["label"]] = result
    data_file.write_text(json.dumps(sections, indent=2, default=str) + "\n", encoding="utf-8")
    (args.out / "virtuoso.md").write_text(INTRO + "\n".join(_report(r) for r in sections.values()), encoding="utf-8")
    print(_report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
