"""The fingerprint of the build's inputs, kept in build/summary.json, and a manifest that keeps it cheap.

The fingerprint is a SHA-256 over every file under data/ and ontology/ (but data/imports/, the
inputs of ``kg import``, which build only build/imports/ and never an article): the relative name
and the SHA-256 of the bytes of each, in name order. If it matches the one in build/summary.json, build/
is current and the query helpers read it as it is, without re-mapping anything.

Hashing every curated file on every command costs ~0.2 s at 1,000 articles, so the command layer
keeps a :func:`scan` manifest: per file its size, modification and change times (ns), inode and
SHA-256. The next :func:`scan` re-hashes only the files whose size, times or inode differ, so a
file touched with the same bytes still counts as unchanged (its hash is taken again and matches).
A file changed within :data:`RACY_NS` of the moment a manifest is written is left out of it
(:func:`trusted`): two writes within one tick of the file system's clock could otherwise leave
the same times on different bytes. The stored manifest carries its own fingerprint, so when no
file changed, nothing is hashed at all.

>>> import tempfile
>>> base = Path(tempfile.mkdtemp())
>>> (base / "data").mkdir(); (base / "ontology").mkdir()
>>> _ = (base / "data" / "a.yaml").write_text("a: 1\\n")
>>> first = scan(base / "data", base / "ontology")
>>> (base / "data" / IMPORTS_FOLDER / "x").mkdir(parents=True)
>>> _ = (base / "data" / IMPORTS_FOLDER / "x" / "import.json").write_text("{}")
>>> list(first), first["data/a.yaml"][0], list(scan(base / "data", base / "ontology"))
(['data/a.yaml'], 5, ['data/a.yaml'])
>>> fingerprint(first) == fingerprint(scan(base / "data", base / "ontology", first))
True
>>> _ = (base / "data" / "a.yaml").write_text("a: 2\\n")
>>> fingerprint(first) == input_fingerprint(base / "data", base / "ontology")
False
"""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

__all__ = ["IMPORTS_FOLDER", "Manifest", "scan", "fingerprint", "input_fingerprint", "trusted", "read_manifest",
           "write_manifest", "RACY_NS"]

#: The folder of data/ that holds the imports' inputs: not a curated input (left out of the scan).
IMPORTS_FOLDER = "imports"
#: Per input file ("data/..." or "ontology/..."): [size, mtime_ns, ctime_ns, inode, sha256].
Manifest = dict[str, list]
#: A file changed this recently (ns) when a manifest is written is not recorded in it.
RACY_NS = 2_000_000_000
_HASH_CHUNK = 1 << 20


def _files(base: Path, skip: str | None = None) -> list[tuple[str, os.stat_result]]:
    """Every regular file under ``base`` (links to files followed, not links to folders), with its
    status; the top-level folder ``skip`` is left out."""
    found: list[tuple[str, os.stat_result]] = []
    folders = [(os.fspath(base), "")]
    while folders:
        folder, prefix = folders.pop()
        try:
            entries = os.scandir(folder)
        except OSError:  # vanished, or unreadable: its files cannot be inputs
            continue
        with entries:
            for entry in entries:
                if not prefix and entry.name == skip:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, f"{prefix}{entry.name}/"))
                    continue
                try:
                    status = entry.stat()
                except OSError:  # vanished, or a dangling link
                    continue
                if stat.S_ISREG(status.st_mode):
                    found.append((prefix + entry.name, status))
    return found


def _sha256(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def scan(data_dir: Path, ontology_dir: Path, known: Manifest | None = None) -> Manifest:
    """The manifest of the curated inputs (data/imports/ left out), taking the hash of each file
    from ``known`` when its size, times and inode are those recorded there, and hashing it otherwise."""
    known = known or {}
    manifest: Manifest = {}
    for label, base, skip in (("data", data_dir, IMPORTS_FOLDER), ("ontology", ontology_dir, None)):
        for relative, status in _files(base, skip):
            key = f"{label}/{relative}"
            stamp = [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino]
            previous = known.get(key)
            if previous is not None and previous[:4] == stamp:
                manifest[key] = previous
            else:
                manifest[key] = [*stamp, _sha256(base / relative)]
    return dict(sorted(manifest.items()))


def fingerprint(manifest: Manifest) -> str:
    """The SHA-256 over the names and content hashes of a manifest (its times do not count)."""
    import hashlib

    digest = hashlib.sha256()
    for key, entry in sorted(manifest.items()):
        digest.update(f"{key}\0{entry[4]}\0".encode())
    return digest.hexdigest()


def input_fingerprint(data_dir: Path, ontology_dir: Path) -> str:
    """The fingerprint of data/ and ontology/, every file hashed."""
    return fingerprint(scan(data_dir, ontology_dir))


def trusted(manifest: Manifest, now_ns: int) -> Manifest:
    """The entries of files last changed more than :data:`RACY_NS` before ``now_ns``.

    >>> trusted({"data/a": [1, 10, 10, 7, "x"], "data/b": [1, 10, 3 * RACY_NS, 8, "y"]}, 3 * RACY_NS)
    {'data/a': [1, 10, 10, 7, 'x']}
    """
    return {k: v for k, v in manifest.items() if max(v[1], v[2]) < now_ns - RACY_NS}


def read_manifest(path: Path) -> tuple[Manifest, str | None]:
    """The manifest stored at ``path`` and the fingerprint of exactly its files (``({}, None)``
    if it is missing or unreadable)."""
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        files, digest = stored["files"], stored["fingerprint"]
    except (OSError, ValueError, TypeError, KeyError):
        return {}, None
    if not (isinstance(files, dict) and isinstance(digest, str)):
        return {}, None
    manifest = {k: v for k, v in files.items()
                if isinstance(v, list) and len(v) == 5 and all(type(x) is int for x in v[:4])
                and isinstance(v[4], str)}
    return manifest, digest if manifest == files else None


def write_manifest(path: Path, manifest: Manifest) -> None:
    """Store the trusted part of ``manifest`` and its fingerprint at ``path`` (written beside,
    then renamed), so that an unchanged input needs no hashing at all.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "inputs.json"
    >>> write_manifest(target, {"data/a": [1, 10, 10, 7, "x"]})
    >>> read_manifest(target) == ({"data/a": [1, 10, 10, 7, "x"]}, fingerprint({"data/a": [1, 10, 10, 7, "x"]}))
    True
    """
    from kg.core.fsutil import atomic_write_text

    files = trusted(manifest, time.time_ns())
    text = json.dumps({"files": files, "fingerprint": fingerprint(files)}, sort_keys=True)
    atomic_write_text(path, text + "\n")
