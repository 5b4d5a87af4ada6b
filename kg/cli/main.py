"""The ``kg`` command line: a thin layer over the pipeline modules.

    kg build [--data data] [--ontology ontology] [--out build] [--no-documents] [--full]
    kg query --list
    kg query NAME [--param key=value ...] [--format table|csv|tsv|json] [--precision N | --full-precision]
    kg sparql 'QUERY' | @FILE.rq | -f FILE | - [--format ...] [--precision N | --full-precision]
    kg viz [-o build/graph.html] [--focus ENTITY] [--depth N] [--classes CLASS,...]
    kg ontology [-o build/ontology]
    kg import FILE [--name NAME] [--format F] [--mappings SSSOM.tsv] [--option KEY=VALUE ...] [--dry-run]
    kg import --list-formats
    kg serve [--port 7878] [--timeout S]
    kg push URL
    kg synth --articles N [--seed S] --out DIR
    kg export FORMAT DIR [--force]

Every read goes to the embedded Oxigraph store that ``kg build`` writes in build/store/; the read
commands rebuild build/ first when data/ or ontology/ changed since (:mod:`kg.cli.freshness`).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path

from kg import __version__
from kg.cli.export import add_export
from kg.cli.ontology import add_ontology
from kg.cli.sparql import add_queries
from kg.core.errors import KgError
from kg.core.limits import DEFAULT_TIMEOUT, MAX_TIMEOUT

__all__ = ["main"]



def _cmd_build(args: argparse.Namespace) -> int:
    from kg.cli.freshness import describe_rebuild
    from kg.cli.progress import progress_line
    from kg.cli.summary import graph_lines
    from kg.publish.build import build

    line = progress_line()
    try:
        result = build(Path(args.data), Path(args.ontology), Path(args.out), documents=not args.no_documents,
                       full=args.full, progress=line)
    finally:
        if line is not None:
            line.close()
    summary = result.summary
    print(describe_rebuild(result.rebuilt))
    print(f"Built {summary['triples']} triples ({summary['asserted_triples']} asserted, "
          f"{summary['entailed_triples']} entailed by the ontology's subclass and subproperty links; "
          f"{summary['instance_triples']} instance triples) in {len(summary['graphs'])} named graphs; "
          "validation passed.")
    for text in graph_lines(summary["graphs"]):
        print(text)
    print("Entities:")
    for name, count in summary["entities"].items():
        print(f"  {count:>7}  {name}")
    print("Wrote:")
    for path in result.paths:
        print(f"  {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    from kg.cli.imports import sync

    sync(Path(args.data), Path(args.ontology), Path(args.out))
    return 0


def _paths(args: argparse.Namespace, *, fresh: bool = True):
    """The build and its inputs; with ``fresh``, build/ is rebuilt first if it is stale."""
    from kg.dataset.store import Paths

    build = Path(args.build)
    # The inputs a stale build is rebuilt from sit beside it unless given explicitly.
    data = Path(args.data) if args.data else build.parent / "data"
    ontology = Path(args.ontology) if args.ontology else build.parent / "ontology"
    paths = Paths(build, data, ontology)
    if fresh:
        from kg.cli.freshness import ensure_built

        ensure_built(paths)
    return paths


def _cmd_viz(args: argparse.Namespace) -> int:
    from kg.dataset.store import open_store
    from kg.view.network import focus, neighbourhood_quads, network_graph, restrict
    from kg.view.timeline import write_page_and_timelines

    paths = _paths(args)
    store = open_store(paths)
    if args.focus:  # read only the neighbourhood, through the store's indexes
        if args.depth < 0:
            raise KgError("--depth must be 0 or more")
        centre, quads = neighbourhood_quads(store, args.focus, args.depth)
        graph = network_graph(store, quads)
    else:
        graph = network_graph(store)
    title = "Atopic dermatitis knowledge graph"
    if args.classes:
        graph = restrict(graph, [c.strip() for c in args.classes.split(",") if c.strip()])
    if args.focus:
        graph = focus(graph, centre, args.depth)
        title += f": {args.focus} (depth {args.depth})"
    # The patients' timeline of each article the page draws, beside the page (its links are relative).
    path, timelines = write_page_and_timelines(store, graph, Path(args.output), title, focused=bool(args.focus),
                                               max_nodes=args.max_nodes)
    print(f"Wrote {path} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges)")
    for timeline in timelines:
        print(f"Wrote {timeline} (the patients' timeline)")
    if path.resolve().parent == paths.build.resolve():  # build/'s RO-Crate describes the page too
        from kg.publish.crate import articles_of, write_crate

        write_crate(paths.build, articles_of(store.ox))
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from kg.cli.imports import run_import

    return run_import(args, _paths)


def _cmd_serve(args: argparse.Namespace) -> int:
    from kg.endpoint.server import serve

    paths = _paths(args)

    def ready(query_url: str, page_url: str) -> None:
        if not (paths.build / "graph.html").exists():  # the page and its timelines, as `kg viz` writes them
            from kg.dataset.store import open_store
            from kg.view.network import network_graph
            from kg.view.timeline import write_page_and_timelines

            store = open_store(paths)
            write_page_and_timelines(store, network_graph(store), paths.build / "graph.html",
                                     "Atopic dermatitis knowledge graph", max_nodes=10**9)
        print(f"SPARQL endpoint (read-only): {query_url}", flush=True)
        print(f"SPARQL editor: {query_url.rsplit('/', 1)[0]}/", flush=True)
        print(f"Network page: {page_url}", flush=True)
        print("Press Ctrl-C to stop.", flush=True)

    def log(message: str) -> None:
        print(f"kg serve: {message}", file=sys.stderr, flush=True)

    serve(paths, port=args.port, timeout_s=math.ceil(args.timeout), ready=ready, log=log)
    print("Stopped.", flush=True)
    return 0


def _cmd_push(args: argparse.Namespace) -> int:
    from kg.endpoint.remote import push

    result = push(args.url, _paths(args, fresh=False).build, timeout=args.timeout)
    for graph, count in result.graphs.items():
        print(f"  {count:>7}  <{graph}>")
    print(f"Pushed {len(result.graphs)} named graphs ({sum(result.graphs.values())} triples) to {args.url}")
    return 0


def _cmd_synth(args: argparse.Namespace) -> int:
    from kg.synth.synthetic import generate

    out = Path(args.out)
    if out.exists():
        raise KgError(f"{out} exists; give a new folder")
    stats = generate(out, articles=args.articles, seed=args.seed, source=Path(args.data))
    print(f"Wrote a SYNTHETIC corpus of {stats['articles']} articles and {stats['patients']} patients to {out}; "
          f"build it with: kg build --data {out} --out BUILD")
    return 0


def _timeout(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not (0 < value <= MAX_TIMEOUT):  # also rejects nan and inf
        raise argparse.ArgumentTypeError(f"must be more than 0 and at most {MAX_TIMEOUT:g} seconds")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be 1-65535, or 0 for any free port; got {value}")
    return value


def _path_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--build", default="build", help="the built dataset (default: build)")
    parser.add_argument("--data",
                        help="curated data to rebuild a stale build from (default: data/ beside the build)")
    parser.add_argument("--ontology", help="ontology folder (default: ontology/ beside the build)")


def _add_build(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="load data/, validate, write build/")
    p.add_argument("--data", default="data", help="curated data folder (default: data)")
    p.add_argument("--ontology", default="ontology", help="ontology folder (default: ontology)")
    p.add_argument("--out", default="build", help="output folder (default: build)")
    p.add_argument("--no-documents", action="store_true",
                   help="leave out the Turtle, TriG and JSON-LD dumps (for large corpora)")
    p.add_argument("--full", action="store_true",
                   help="map and validate every article, even those unchanged since the last build")
    p.set_defaults(func=_cmd_build)


def _add_viz(sub: argparse._SubParsersAction) -> None:
    v = sub.add_parser("viz", help="write the interactive network page (one offline HTML file)")
    v.add_argument("-o", "--output", default="build/graph.html",
                   help="the page to write (default: build/graph.html)")
    v.add_argument("--focus",
                   help="only this node (IRI or label, e.g. 'Patient 3' or 'dupilumab') and its neighbourhood")
    v.add_argument("--depth", type=int, default=2, help="steps out from the focus (default 2)")
    v.add_argument("--classes", help="only these classes, comma-separated (e.g. drug,protein,pathway)")
    v.add_argument("--max-nodes", type=int, default=5000,
                   help="refuse an unfocused page above this size (default 5000)")
    _path_options(v)
    v.set_defaults(func=_cmd_viz)


def _add_links(sub: argparse._SubParsersAction) -> None:
    i = sub.add_parser("import", help="convert another AD dataset into its own named graphs, linked to ours by "
                                      "identifiers (kg import --list-formats)")
    i.add_argument("file", nargs="?", help="the file to import (its format from its extension and content)")
    i.add_argument("--name", help="the import's name: one path segment of a-z, 0-9, '.', '_', '-' "
                                  "(default: from the file name)")
    i.add_argument("--format", help="the file's format (kg import --list-formats), if it cannot be told")
    i.add_argument("--mappings", help="an SSSOM table bridging the file's identifiers to ours")
    i.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                   help="an option of the format's adapter (repeatable)")
    i.add_argument("--dry-run", action="store_true", help="print the link report; write nothing")
    i.add_argument("--list-formats", action="store_true", help="list the formats kg import reads")
    _path_options(i)
    i.set_defaults(func=_cmd_import)
    s = sub.add_parser("serve", help="serve build/ read-only over the SPARQL 1.1 Protocol on 127.0.0.1")
    s.add_argument("--port", type=_port, default=7878,
                   help="the port on 127.0.0.1 (default 7878; 0 picks a free one): /query, / (editor), /graph.html")
    s.add_argument("--timeout", type=_timeout, default=DEFAULT_TIMEOUT,
                   help=f"stop a query running longer than this many whole seconds (default {DEFAULT_TIMEOUT:g})")
    _path_options(s)
    s.set_defaults(func=_cmd_serve)
    u = sub.add_parser("push", help="load build/ into a SPARQL 1.1 Graph Store Protocol endpoint, "
                                    "one named graph at a time")
    u.add_argument("url", help="the Graph Store endpoint, e.g. http://127.0.0.1:7878/store")
    u.add_argument("--timeout", type=_timeout, default=60.0, help="seconds to wait for each request (default 60)")
    _path_options(u)
    u.set_defaults(func=_cmd_push)


def _add_synth(sub: argparse._SubParsersAction) -> None:
    y = sub.add_parser("synth", help="write a synthetic AD corpus in the curated data format (for benchmarks)")
    y.add_argument("--articles", type=int, required=True, help="how many articles")
    y.add_argument("--seed", type=int, default=0, help="random seed (same seed, same bytes)")
    y.add_argument("--out", required=True, help="a new folder for the corpus (its data/ layout)")
    y.add_argument("--data", default="data", help="where to copy the real vocabulary and mappings from")
    y.set_defaults(func=_cmd_synth)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description="Atopic dermatitis literature knowledge graph.")
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    add_queries(sub, _paths, _path_options, _timeout)
    add_ontology(sub, _paths, _path_options)
    for add in (_add_build, _add_viz, _add_links, _add_synth):
        add(sub)
    add_export(sub, _paths, _path_options)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except KgError as exc:
        print(f"kg {args.command}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"kg {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (e.g. `kg query ... | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:  # noqa: BLE001 - last resort: a message, not a traceback
        print(f"kg {args.command}: internal error ({type(exc).__name__}): {exc}; please report it",
              file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
