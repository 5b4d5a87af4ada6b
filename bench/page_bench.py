"""Network page benchmark: how long the whole-graph page takes to write, to open and to answer a search.

Run from the project root (``make bench-page``; needs Debian's chromium, as the browser tests do):

    .venv/bin/python bench/page_bench.py               # 5 rounds; writes bench/results/page.{md,json}
    .venv/bin/python bench/page_bench.py --runs 3 --articles 20 --out /tmp/page

Three pages, each written once by ``kg.view.viz.write_page`` (the time of the layout and the HTML
is measured there) and then opened ``--runs`` times in headless Chromium, a fresh browser each
time, every network request blocked as in tests/test_page.py:

- the real graph: a fresh build of data/ (the article), as ``kg viz`` draws it;
- a synthetic corpus built by the same pipeline: ``kg synth --articles N`` (default 48, about
  5,000 nodes), ``kg build``, then the whole graph;
- the 5,000-node graph the browser test draws (``synthetic_graph`` in tests/test_page.py).

Per page: *open* is from navigation to the page's ready mark (data parsed, the network built and
drawn once, the view fitted); *search* from typing a patient's name into the search box to the
node being selected and focused with its facts in the side panel; *whole graph* the button back
to the whole view. Medians and the maximum of the runs. The machine is shared and software-
rendered (no GPU): the numbers say what a user would wait on such a machine, not a target; the
browser test asserts only the generous usability bounds the README states.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from kg.dataset.store import Paths, open_store  # noqa: E402
from kg.publish.build import build  # noqa: E402
from kg.view.network import network_graph  # noqa: E402
from kg.view.viz import write_page  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
        "--disable-background-networking", "--disable-component-update"]
_FRAME = "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def open_and_search(path: Path, query: str) -> dict:
    """One round in a fresh browser: open, search and select, back to the whole graph (seconds)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            tab = context.new_page()
            started = time.perf_counter()
            tab.goto(path.as_uri())
            tab.wait_for_selector("body[data-ready=true]", timeout=300_000)
            opened = time.perf_counter() - started
            started = time.perf_counter()
            tab.fill("#search", query)
            tab.locator("#results li").first.click()
            tab.wait_for_function("document.getElementById('details').textContent.length > 0")
            tab.evaluate(_FRAME)
            searched = time.perf_counter() - started
            started = time.perf_counter()
            tab.click("#whole")
            tab.evaluate(_FRAME)
            whole = time.perf_counter() - started
            nodes = tab.evaluate("window.adkg.nodeCount")
        finally:
            browser.close()
    return {"open_s": opened, "search_s": searched, "whole_s": whole, "nodes": nodes}


def measure(name: str, graph, folder: Path, query: str, runs: int) -> dict:
    started = time.perf_counter()
    path = write_page(graph, folder / f"{name}.html", name, max_nodes=10**9)
    written = time.perf_counter() - started
    rounds = [open_and_search(path, query) for _ in range(runs)]
    result = {"page": name, "nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(),
              "write_s": written, "bytes": path.stat().st_size, "query": query, "rounds": rounds}
    for key in ("open_s", "search_s", "whole_s"):
        values = [r[key] for r in rounds]
        result[key] = {"median": statistics.median(values), "max": max(values)}
    print(f"{name}: {result['nodes']} nodes, written in {written:.1f} s, open {result['open_s']['median']:.2f} s, "
          f"search {result['search_s']['median']:.2f} s", flush=True)
    return result


def synthetic_build(folder: Path, articles: int):
    corpus, out = folder / "corpus", folder / "build"
    subprocess.run([sys.executable, "-m", "kg", "synth", "--articles", str(articles), "--out", str(corpus),
                    "--data", str(ROOT / "data")], cwd=ROOT, check=True, capture_output=True)
    build(corpus, ROOT / "ontology", out, root=ROOT, documents=False)
    return network_graph(open_store(Paths(build=out)))


def report(results: list[dict], meta: dict) -> str:
    lines = ["# Network page benchmark", "",
             f"Machine: {meta['machine']}, CPython {meta['python']}, {meta['cpus']} CPUs (shared; 1-minute load "
             f"average {meta['load_before']:.1f} before, {meta['load_after']:.1f} after), Chromium headless "
             f"without GPU (software rendering). {meta['runs']} rounds per page, a fresh browser each. "
             "Command: `make bench-page` (`.venv/bin/python bench/page_bench.py`).", "",
             "| page | nodes | edges | write (layout + HTML) | size | open, median (max) "
             "| search and select, median (max) | back to whole graph, median |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        lines.append(f"| {r['page']} | {r['nodes']:,} | {r['edges']:,} | {r['write_s']:.1f} s | "
                     f"{r['bytes'] / 1e6:.1f} MB | {r['open_s']['median']:.2f} s ({r['open_s']['max']:.2f} s) | "
                     f"{r['search_s']['median']:.2f} s ({r['search_s']['max']:.2f} s) | "
                     f"{r['whole_s']['median']:.2f} s |")
    lines += ["", "*Open*: navigation to the page's ready mark (data parsed, network built, drawn and fitted). "
              "*Search and select*: typing a patient's name to the node selected, focused and its facts shown. "
              "The README states the usability bounds the browser test asserts for the 5,000-node page "
              "(opens within 60 s, answers a search within 10 s); these are measurements, not targets.", ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--articles", type=int, default=48, help="synthetic articles (default 48: ~5,000 nodes)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()
    from test_page import synthetic_graph

    meta = {"machine": platform.machine(), "python": platform.python_version(), "cpus": os.cpu_count(),
            "load_before": os.getloadavg()[0], "runs": args.runs}
    with tempfile.TemporaryDirectory(prefix="adkg-page-bench-") as tmp:
        folder = Path(tmp)
        real = folder / "real"
        build(ROOT / "data", ROOT / "ontology", real, root=ROOT)
        results = [measure("real graph (data/)", network_graph(open_store(Paths(build=real))), folder,
                           "patient 3 (", args.runs)]
        graph = synthetic_build(folder, args.articles)
        results.append(measure(f"synthetic corpus, {args.articles} articles", graph, folder,
                               "patient 3 (", args.runs))
        results.append(measure("browser test's synthetic graph", synthetic_graph(), folder,
                               "patient 8 (synthetic 0055)", args.runs))
    meta["load_after"] = os.getloadavg()[0]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "page.json").write_text(json.dumps({"meta": meta, "results": results}, indent=1) + "\n",
                                        encoding="utf-8")
    (args.out / "page.md").write_text(report(results, meta), encoding="utf-8")
    print(f"Wrote {args.out / 'page.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
