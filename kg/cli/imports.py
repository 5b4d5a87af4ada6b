"""``kg import`` and the imports step of ``kg build`` (:mod:`kg.link`): the printing side."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from kg.core.errors import KgError
from kg.dataset.store import Paths

__all__ = ["run_import", "sync"]


def run_import(args: argparse.Namespace, paths_of: Callable[..., Paths]) -> int:
    """``kg import``: list the formats, or import a file and print its link report."""
    if args.list_formats:
        from kg.link.formats import formats

        for fmt in formats():
            print(f"{fmt.name:<14} {fmt.title} ({', '.join(fmt.extensions)}) {fmt.spec}")
        return 0
    if not args.file:
        raise KgError("give the FILE to import (or --list-formats)")
    from kg.link.importer import import_file
    from kg.link.names import check_name
    from kg.link.report import render

    if args.name is not None:
        check_name(args.name)  # before anything is read or rebuilt
    options: dict[str, str] = {}
    for item in args.option:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise KgError(f"--option takes KEY=VALUE, got {item!r}")
        if key.strip() in options:
            raise KgError(f"--option {key.strip()} given twice")
        options[key.strip()] = value.strip()
    result = import_file(Path(args.file), paths_of(args), name=args.name, fmt=args.format,
                         mappings=Path(args.mappings) if args.mappings else None, options=options,
                         dry_run=args.dry_run)
    sys.stdout.write(render(result.report))
    if result.nquads is None:
        print("Dry run: nothing written.")
    else:
        print(f"Wrote {result.nquads} and {result.report_path}; inputs kept in "
              f"{paths_of(args, fresh=False).imports / result.name}/")
    return 0


def sync(data: Path, ontology: Path, out: Path) -> None:
    """build/imports/ after the curated build: each import of data/imports/ converted again if it
    or our index changed, those whose folder is gone removed (:mod:`kg.link.sync`)."""
    from kg.link.sync import sync_imports

    done = sync_imports(Paths(out, data, ontology))
    for label, names in (("converted", done.converted), ("removed", done.removed)):
        if names:
            print(f"Imports {label}: {', '.join(names)}")
    if done.unchanged:
        print(f"Imports unchanged: {len(done.unchanged)}")
