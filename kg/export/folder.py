"""Write one export format into a folder, all or nothing.

The writer fills a new temporary folder beside the target; only when it has returned is that
folder renamed to the target (:func:`kg.core.fsutil.replace_folder`), so the target is never
half-written and a failed export leaves it as it was. The target must be new or an empty folder;
an existing folder with files in it is refused unless ``force`` is given, and then it is replaced
as a whole (its old files are deleted, not merged), and only if it holds nothing but files an
export writes (:data:`EXPORT_SUFFIXES`). A target that is, holds or lies inside a folder the
project needs (the build, the curated data, the ontology, the working directory) or lies inside
the curated data or the ontology is always refused; a file system error is a :class:`KgError` naming the target.

>>> import tempfile
>>> base = Path(tempfile.mkdtemp())
>>> (base / "full").mkdir(); _ = (base / "full" / "x.json").write_text("{}")
>>> check_target(base / "full", force=False, protected=[])
Traceback (most recent call last):
    ...
kg.core.errors.KgError: .../full exists and is not empty; give a new or empty folder, or --force to replace it
>>> check_target(base, force=True, protected=[base / "full"])
Traceback (most recent call last):
    ...
kg.core.errors.KgError: refusing to export into ...: it would replace .../full
>>> check_target(base / "new", force=False, protected=[])
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from kg.core.errors import KgError
from kg.core.fsutil import replace_folder
from kg.export.formats import get

if TYPE_CHECKING:
    from kg.dataset.store import Store

__all__ = ["check_target", "export", "EXPORT_SUFFIXES"]

#: What an export writes: the only files a folder ``--force`` replaces may hold.
EXPORT_SUFFIXES = frozenset({".json", ".jsonl", ".tsv"})


def check_target(target: Path, *, force: bool, protected: Iterable[Path], curated: Iterable[Path] = ()) -> None:
    """Refuse a target the export may not write: a file, a folder with files in it (unless
    ``force``, and then only an earlier export), a folder whose parent does not exist, one that is
    or holds a ``protected`` path, or one inside a ``curated`` folder."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise KgError(f"{target} exists and is not a folder; give a new or empty folder")
    if not target.parent.is_dir():
        raise KgError(f"cannot export into {target}: its parent folder {target.parent} does not exist")
    resolved = target.resolve()
    for path in protected:
        if path.resolve() == resolved or resolved in path.resolve().parents:
            raise KgError(f"refusing to export into {target}: it would replace {path}")
    for path in curated:
        if resolved.is_relative_to(path.resolve()):
            raise KgError(f"refusing to export into {target}: it is inside {path}, the curated input")
    if target.is_dir() and any(target.iterdir()):
        if not force:
            raise KgError(f"{target} exists and is not empty; give a new or empty folder, or --force to replace it")
        if any(not p.is_file() or p.is_symlink() or p.suffix not in EXPORT_SUFFIXES for p in target.iterdir()):
            raise KgError(f"refusing to replace {target}: --force replaces only an earlier export (a folder of "
                          f"{', '.join(sorted(EXPORT_SUFFIXES))} files and nothing else)")


def export(name: str, store: Store, target: Path, *, force: bool = False,
           protected: Iterable[Path] = (), curated: Iterable[Path] = ()) -> list[Path]:
    """Write format ``name`` from ``store`` into the folder ``target``; the files written, in
    ``target``, sorted. Nothing changes at ``target`` unless the whole export succeeds."""
    writer = get(name).writer()
    protected = [*protected, Path.cwd()]
    check_target(target, force=force, protected=protected, curated=curated)
    try:
        scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}-{name}-", dir=target.parent))
    except OSError as exc:
        raise KgError(f"cannot export into {target}: {exc.strerror or exc}") from None
    try:
        written = writer(store, scratch)
        os.chmod(scratch, 0o755)  # noqa: S103 - a folder others may read, as mkdir would make it
        replace_folder(scratch, target)
    except OSError as exc:
        shutil.rmtree(scratch, ignore_errors=True)
        raise KgError(f"cannot export into {target}: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return sorted(target / path.relative_to(scratch) for path in written)
