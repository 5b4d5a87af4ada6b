"""``kg export-kgx DIR``: the Biolink KGX export (:mod:`kg.export.kgx`), the printing side.

A stand-in until the ``kg export FORMAT DIR`` command takes the format as ``kg export kgx DIR``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the command line imports the store only when a command runs
    from kg.dataset.store import Paths

__all__ = ["add_export_kgx", "run_export_kgx"]


def run_export_kgx(args: argparse.Namespace, paths_of: Callable[..., Paths]) -> int:
    from kg.dataset.store import open_store
    from kg.export.kgx import export_kgx

    summary = export_kgx(open_store(paths_of(args)), Path(args.dir))
    nodes, edges = sum(summary.nodes.values()), sum(summary.edges.values())
    print(f"Wrote {nodes} nodes and {edges} edges (Biolink KGX) to {args.dir}/:")
    for path in summary.files:
        print(f"  {path}")
    for category, count in summary.nodes.items():
        print(f"  {count:>4} {category}")
    for predicate, count in summary.edges.items():
        print(f"  {count:>4} {predicate}")
    return 0


def add_export_kgx(sub: argparse._SubParsersAction, paths_of: Callable[..., Paths],
                   path_options: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser("export-kgx", help="write the graph as Biolink KGX: nodes and edges as TSV and JSON Lines")
    p.add_argument("dir", metavar="DIR", help="the folder to write nodes.tsv, edges.tsv, nodes.jsonl, edges.jsonl")
    path_options(p)
    p.set_defaults(func=lambda args: run_export_kgx(args, paths_of))
