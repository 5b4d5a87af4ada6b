"""Write one export format into a folder, all or nothing.

The writer fills a new temporary folder beside the target; only when it has returned is that
folder renamed to the target (:func:`kg.core.fsutil.replace_folder`), so the target is never
half-written and a failed export leaves it as it was. The target must be new or an empty folder;
an existing folder with files in it is refused unless ``force`` is given, and then it is replaced
as a whole (its old files are deleted, not merged). A target that is, or holds, a folder the
project needs (the build, the curated data, the working directory) is always refused.

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

__all__ = ["check_target", "export"]


def check_target(target: Path, *, force: bool, protected: Iterable[Path]) -> None:
    """Refuse a target the export may not write: a file, a folder with files in it (unless
    ``force``), a folder whose parent does not exist, or one that is or holds a ``protected`` path."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise KgError(f"{target} exists and is not a folder; give a new or empty folder")
    if not target.parent.is_dir():
        raise KgError(f"cannot export into {target}: its parent folder {target.parent} does not exist")
    resolved = target.resolve()
    for path in protected:
        if path.resolve() == resolved or resolved in path.resolve().parents:
            raise KgError(f"refusing to export into {target}: it would replace {path}")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise KgError(f"{target} exists and is not empty; give a new or empty folder, or --force to replace it")


def export(name: str, store: Store, target: Path, *, force: bool = False,
           protected: Iterable[Path] = ()) -> list[Path]:
    """Write format ``name`` from ``store`` into the folder ``target``; the files written, in
    ``target``, sorted. Nothing changes at ``target`` unless the whole export succeeds."""
    writer = get(name).writer()
    protected = [*protected, Path.cwd()]
    check_target(target, force=force, protected=protected)
    scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}-{name}-", dir=target.parent))
    try:
        written = writer(store, scratch)
        os.chmod(scratch, 0o755)  # noqa: S103 - a folder others may read, as mkdir would make it
        replace_folder(scratch, target)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return sorted(target / path.relative_to(scratch) for path in written)
