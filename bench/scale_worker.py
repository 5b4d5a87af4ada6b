"""The measured side of the scale benchmark: each call runs in a fresh process started by
``bench/scale_bench.py``, so that its time and peak resident memory are its own.

Two subcommands (not meant to be run by hand, but they can be):

    python bench/scale_worker.py command --report R.json -- kg build ...
        run one command; write its wall time, exit status and peak RSS (this wrapper's only
        child, so ``RUSAGE_CHILDREN`` is that command's own peak) to R.json.

    python bench/scale_worker.py store --kind oxigraph --build B --data D --ontology O \\
            --location L --nt NT --plan PLAN.json
        load one store, print one JSON line with the load time and the peak RSS, then one JSON
        line per helper with its warm latencies. Kinds: ``oxigraph`` (build/store, written as
        ``kg build`` writes it, then opened read-only through ``kg.dataset.store.open_store``),
        ``memory`` (``kg.dataset.store.memory_store``: in-memory pyoxigraph), ``raw-pyoxigraph``
        and ``raw-rdflib`` (the union N-Triples in the bare libraries, the reference points).

Each helper is timed in a forked child of the loaded process (the store is shared copy-on-write)
so that one that runs past its time cap can be stopped without losing the others.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KINDS = ("oxigraph", "memory", "raw-pyoxigraph", "raw-rdflib")


# --- measuring one command -----------------------------------------------------------------

def measure_command(argv: list[str], report: Path) -> int:
    """Run ``argv`` (output passed through) and record its wall time and peak RSS."""
    started = time.perf_counter()
    returncode = subprocess.call(argv)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    report.write_text(json.dumps({"seconds": seconds, "returncode": returncode,
                                  "peak_rss_bytes": peak_kb * 1024}) + "\n", encoding="utf-8")
    return returncode


# --- loading one store ---------------------------------------------------------------------

@dataclass
class Loaded:
    """A loaded store and how to run a named helper on it (returns the number of rows)."""

    store: Any
    run: Callable[[str, dict], int]


def _bound(name: str, params: dict) -> dict:
    """The helper's parameters as pyoxigraph literals, by name (the project's own binding)."""
    from kg.dataset import query

    return query.bind(query.get(name), params)


def load_project(kind: str, build: Path, data: Path, ontology: Path) -> Loaded:
    """The project's store, helpers through kg.dataset.query.run.

    ``oxigraph``: build/store written as ``kg build`` writes it (``kg.publish.storage.write_store``:
    the N-Quads bulk-loaded, then the union as a set into the default graph), then opened
    read-only by ``kg.dataset.store.open_store`` as every command opens it. ``memory``:
    ``kg.dataset.store.memory_store``, the same files in an in-memory pyoxigraph store.
    """
    from kg.dataset import query
    from kg.dataset.store import Paths, memory_store, open_store
    from kg.publish.storage import write_store

    paths = Paths(build=build, data=data, ontology=ontology)
    if kind == "memory":
        store = memory_store(paths)
    else:
        write_store(build)
        store = open_store(paths)
    return Loaded(store, lambda name, params: len(query.run(name, store, **params).rows))


def load_raw_pyoxigraph(nt: Path, location: Path) -> Loaded:
    """Bare pyoxigraph: an on-disk Store bulk-loaded with the union N-Triples."""
    import pyoxigraph as ox

    from kg.dataset import query

    store = ox.Store(str(location))
    store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)

    def run(name: str, params: dict) -> int:
        substitutions = {ox.Variable(k): v for k, v in _bound(name, params).items()}
        answer = store.query(query.get(name).text, use_default_graph_as_union=True,
                             substitutions=substitutions or None)
        return sum(1 for _ in answer)

    return Loaded(store, run)


def _rdflib_term(literal):
    """A pyoxigraph literal as the rdflib literal SPARQL would compare equal to it."""
    from rdflib import Literal, URIRef

    datatype = literal.datatype.value
    if literal.language:
        return Literal(literal.value, lang=literal.language)
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(literal.value)
    return Literal(literal.value, datatype=URIRef(datatype))


def load_raw_rdflib(nt: Path) -> Loaded:
    """Bare rdflib: an in-memory Graph parsed from the union N-Triples."""
    from rdflib import Graph, Variable

    from kg.dataset import query

    graph = Graph()
    graph.parse(str(nt), format="nt")

    def run(name: str, params: dict) -> int:
        bindings = {Variable(k): _rdflib_term(v) for k, v in _bound(name, params).items()}
        return len(list(graph.query(query.get(name).text, initBindings=bindings or None)))

    return Loaded(graph, run)


def load(kind: str, args: argparse.Namespace) -> Loaded:
    if kind in ("oxigraph", "memory"):
        return load_project(kind, args.build, args.data, args.ontology)
    if kind == "raw-pyoxigraph":
        return load_raw_pyoxigraph(args.nt, args.location)
    return load_raw_rdflib(args.nt)


def peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


# --- timing one helper ---------------------------------------------------------------------

def _timed_runs(conn, run: Callable[[str, dict], int], name: str, params: dict, budget: float,
                runs: tuple[int, int], cap: float) -> None:  # pragma: no cover - runs in a fork
    """In the forked child: one warm-up run, then as many timed runs as fit the budget, at least
    ``runs[0]`` (unless that many would pass the cap) and at most ``runs[1]``."""
    try:
        started = time.perf_counter()
        rows = run(name, params)
        warmup = time.perf_counter() - started
        conn.send(("warm", warmup, rows))
        least, most = runs
        count = 1 if least * warmup > cap else min(most, max(least, int(budget / max(warmup, 1e-6))))
        samples = []
        for _ in range(count):
            started = time.perf_counter()
            run(name, params)
            samples.append(time.perf_counter() - started)
        conn.send(("done", samples, rows))
    except BaseException as exc:  # noqa: BLE001 - report anything to the parent
        conn.send(("error", f"{type(exc).__name__}: {exc}", None))
    finally:
        conn.close()


def time_helper(loaded: Loaded, name: str, params: dict, *, budget: float, cap: float,
                runs: tuple[int, int]) -> dict:
    """Warm latencies of one helper, stopped if the warm-up run passes ``cap`` seconds."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_timed_runs, args=(sender, loaded.run, name, params, budget, runs, cap),
                            daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(cap):
            return {"status": "stopped", "reason": f"the first run passed the {cap:g} s cap", "over_cap": True}
        kind, warmup, rows = receiver.recv()
        if kind == "error":
            return {"status": "failed", "reason": warmup}
        if not receiver.poll(budget + 3 * warmup + cap):
            return {"status": "ok", "samples": [warmup], "rows": rows, "note": "warm-up run only"}
        kind, samples, rows = receiver.recv()
        if kind == "error":
            return {"status": "failed", "reason": samples}
        return {"status": "ok", "samples": samples, "rows": rows, "warmup": warmup}
    except EOFError:
        return {"status": "failed", "reason": "the timing process ended without an answer"}
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()


# --- the store subcommand ------------------------------------------------------------------

def emit(record: dict) -> None:
    print(json.dumps(record), flush=True)


def measure_store(args: argparse.Namespace) -> int:
    plan = json.loads(args.plan.read_text(encoding="utf-8"))
    import pyoxigraph  # noqa: F401
    import rdflib  # noqa: F401

    import kg.dataset.query  # noqa: F401 - imports are not part of the load time

    before = peak_rss_bytes()
    started = time.perf_counter()
    loaded = load(args.kind, args)
    seconds = time.perf_counter() - started
    emit({"event": "load", "seconds": seconds, "peak_rss_bytes": peak_rss_bytes(), "rss_before_bytes": before})
    for name, params in plan["helpers"].items():
        result = time_helper(loaded, name, params, budget=plan["budget"], cap=plan["cap"],
                             runs=(plan["min_runs"], plan["max_runs"]))
        emit({"event": "helper", "name": name, **result})
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("command", help="run one command and report its time and peak RSS")
    command.add_argument("--report", type=Path, required=True)
    command.add_argument("argv", nargs=argparse.REMAINDER)
    store = commands.add_parser("store", help="load one store and time the helpers on it")
    store.add_argument("--kind", choices=KINDS, required=True)
    store.add_argument("--build", type=Path, required=True)
    store.add_argument("--data", type=Path, required=True)
    store.add_argument("--ontology", type=Path, default=ROOT / "ontology")
    store.add_argument("--location", type=Path, help="the on-disk store folder (raw-pyoxigraph)")
    store.add_argument("--nt", type=Path, help="the union N-Triples (raw-pyoxigraph, raw-rdflib)")
    store.add_argument("--plan", type=Path, required=True, help="JSON: helpers and their parameters, budget, cap")
    args = parser.parse_args(argv)
    if args.command == "command":
        argv = args.argv[1:] if args.argv[:1] == ["--"] else args.argv
        return measure_command(argv, args.report)
    return measure_store(args)


if __name__ == "__main__":
    sys.exit(main())
