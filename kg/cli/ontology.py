"""``kg ontology``: write the ontology's reference page and model diagram (build/ontology/)."""

from __future__ import annotations

import argparse
from pathlib import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing on every start
if TYPE_CHECKING:
    from collections.abc import Callable

    from kg.dataset.store import Paths

__all__ = ["add_ontology"]


def add_ontology(sub: argparse._SubParsersAction, paths_of: Callable[..., Paths],
                 path_options: Callable[[argparse.ArgumentParser], None]) -> None:
    """The ``ontology`` subcommand; ``paths_of(args)`` gives the build's paths (rebuilt if stale)."""
    o = sub.add_parser("ontology", help="write the ontology's reference page (pyLODE) and model diagram "
                                        "(Graphviz) to build/ontology/")
    o.add_argument("-o", "--output", help="the folder to write (default: ontology/ inside the build)")
    path_options(o)
    o.set_defaults(func=lambda args: _run(args, paths_of))


def _run(args: argparse.Namespace, paths_of: Callable[..., Paths]) -> int:
    from kg.view.ontology_docs import write_ontology_docs

    paths = paths_of(args)
    for path in write_ontology_docs(paths, Path(args.output) if args.output else None):
        print(f"Wrote {path}")
    if args.output is None or Path(args.output).resolve().parent == paths.build.resolve():
        from kg.dataset.store import open_store
        from kg.publish.crate import articles_of, write_crate

        write_crate(paths.build, articles_of(open_store(paths).ox))  # build/'s RO-Crate lists the pages too
    return 0
