"""``kg export FORMAT DIR [--force]``: the built dataset written in another format, into a new folder.

The formats are those of :data:`kg.export.formats.FORMATS`; the writing (atomic: a temporary folder
renamed into place) is :func:`kg.export.folder.export`. DIR must be new or empty; ``--force``
replaces an existing folder as a whole.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from kg.export.formats import FORMATS

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing on every start
if TYPE_CHECKING:
    from kg.dataset.store import Paths

__all__ = ["add_export"]


def _run(args: argparse.Namespace, paths: Callable[..., Paths]) -> int:
    from kg.core.fsutil import display_path
    from kg.dataset.store import open_store
    from kg.export.folder import check_target, export
    from kg.export.formats import get

    get(args.format)  # an unknown format is an error before anything is read or built
    target = Path(args.dir)
    build = Path(args.build)
    curated = [Path(args.data) if args.data else build.parent / "data",
               Path(args.ontology) if args.ontology else build.parent / "ontology"]
    protected = [build, *curated, Path.cwd()]
    check_target(target, force=args.force, protected=protected, curated=curated)
    store = open_store(paths(args))
    written = export(args.format, store, target, force=args.force, protected=protected, curated=curated)
    print(f"Wrote {len(written)} files ({FORMATS[args.format].summary}) to {target}:")
    for path in written:
        print(f"  {display_path(path, Path.cwd())}")
    return 0


def add_export(sub: argparse._SubParsersAction, paths: Callable[..., Paths],
               path_options: Callable[[argparse.ArgumentParser], None]) -> None:
    """Register ``kg export`` (``paths`` and ``path_options``: the command line's build helpers)."""
    listing = "; ".join(f"{name}: {fmt.summary}" for name, fmt in sorted(FORMATS.items()))
    e = sub.add_parser("export", help="write the built dataset in another format into a new folder",
                       description=f"Formats: {listing}.")
    e.add_argument("format", metavar="FORMAT", help=f"one of: {', '.join(sorted(FORMATS))}")
    e.add_argument("dir", metavar="DIR", help="the folder to write: new, or empty (see --force)")
    e.add_argument("--force", action="store_true",
                   help="replace DIR if it exists with files in it (its old files are deleted)")
    path_options(e)
    e.set_defaults(func=lambda args: _run(args, paths))
