"""``kg build``'s last step: make build/imports/ follow the imports folder, data/imports/.

build/imports/ is derived: for each folder ``data/imports/NAME/`` (:mod:`kg.link.inputs`) it
holds ``NAME.nq`` and ``NAME.report.json``. An import is converted again when its inputs changed
(its ``import.json``), when our index changed (what it would link to: :mod:`kg.link.index`) or
when the project's SSSOM tables changed; the report records the digests compared
(``stamp``). The files of an import whose folder is gone are removed, and its graphs leave the
store. Nothing else of build/ is touched, and the curated graphs never are.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from kg.core.errors import KgError
from kg.dataset.store import Paths
from kg.link.importer import Prepared, convert_folder, graphs_of, prepare
from kg.link.inputs import SPEC_FILE, read_spec
from kg.link.names import NAME_PATTERN
from kg.publish.storage import IMPORTS_DIR, replace_import

__all__ = ["SyncResult", "sync_imports", "kept_names"]


@dataclass
class SyncResult:
    converted: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def kept_names(imports: Path) -> list[str]:
    """The names of the imports kept in the imports folder (folders with an import.json), in order.

    >>> import tempfile
    >>> base = Path(tempfile.mkdtemp())
    >>> (base / "a").mkdir(); _ = (base / "a" / SPEC_FILE).write_text("{}"); (base / ".x-new-1").mkdir()
    >>> kept_names(base), kept_names(base / "missing")
    (['a'], [])
    """
    if not imports.is_dir():
        return []
    return sorted(p.name for p in imports.iterdir()
                  if p.is_dir() and NAME_PATTERN.fullmatch(p.name) and (p / SPEC_FILE).is_file())


def _built_names(build: Path) -> list[str]:
    folder = build / IMPORTS_DIR
    if not folder.is_dir():
        return []
    return sorted({p.name[:-len(".report.json")] if p.name.endswith(".report.json") else p.stem
                   for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")
                   and p.name.endswith((".nq", ".report.json"))})


def _stamp_of(report: Path) -> dict | None:
    try:
        stamp = json.loads(report.read_text(encoding="utf-8")).get("stamp")
    except (OSError, ValueError, AttributeError):
        return None
    return stamp if isinstance(stamp, dict) else None


def sync_imports(paths: Paths) -> SyncResult:
    """Bring build/imports/ and the store in line with the imports folder (see the module)."""
    result = SyncResult()
    wanted = kept_names(paths.imports)
    out_dir = paths.build / IMPORTS_DIR
    for name in _built_names(paths.build):
        if name not in wanted:
            for suffix in (".nq", ".report.json"):
                (out_dir / f"{name}{suffix}").unlink(missing_ok=True)
            if NAME_PATTERN.fullmatch(name) is None:
                continue  # not a file an import wrote (no import has such a name, nor graphs in the store)
            replace_import(paths.build, name, graphs_of(name))
            result.removed.append(name)
    if not wanted:
        return result
    prepared: Prepared = prepare(paths)
    for name in wanted:
        folder = paths.imports / name
        spec = read_spec(folder)
        expected = {"inputs": spec.stamp(), "index": prepared.index.digest(), "tables": prepared.project_tables}
        if (out_dir / f"{name}.nq").is_file() and _stamp_of(out_dir / f"{name}.report.json") == expected:
            result.unchanged.append(name)
            continue
        try:
            convert_folder(paths, folder, spec, prepared)
        except KgError as exc:
            raise KgError(f"import {name} (from {folder}): {exc}") from None
        result.converted.append(name)
    return result
