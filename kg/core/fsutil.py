"""File-system steps that never leave a half-written target: write beside, then rename.

>>> import tempfile
>>> base = Path(tempfile.mkdtemp())
>>> atomic_write_text(base / "a.txt", "one\\n")
>>> (base / "a.txt").read_text()
'one\\n'
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

__all__ = ["replace_folder", "atomic_write_text", "display_path"]


def display_path(path: Path, root: Path) -> str:
    """``path`` as messages name it: relative to ``root`` where it lies below it.

    >>> display_path(Path("/p/data/a.yaml"), Path("/p")), display_path(Path("/elsewhere/a.yaml"), Path("/p"))
    ('data/a.yaml', '/elsewhere/a.yaml')
    """
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def replace_folder(new: Path, target: Path) -> None:
    """Put the folder ``new`` at ``target`` (a sibling), moving any old ``target`` aside first
    and deleting it after: each step a rename, so ``target`` is never half-written."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        os.rename(target, old / target.name)
    try:
        os.rename(new, target)
    except OSError:
        if old is not None:  # put the old folder back: the target is as it was
            os.rename(old / target.name, target)
            old.rmdir()
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file beside it and one rename (mode 0644)."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
