"""The fingerprint of the build's inputs, kept in build/summary.json.

A SHA-256 over every file under data/ and ontology/ (relative names and bytes): if it matches,
build/ is current and the query helpers load it as it is, without re-mapping anything.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

__all__ = ["input_fingerprint"]


def input_fingerprint(data_dir: Path, ontology_dir: Path) -> str:
    digest = hashlib.sha256()
    for label, base in (("data", data_dir), ("ontology", ontology_dir)):
        for path in sorted(p for p in base.rglob("*") if p.is_file()):
            digest.update(f"{label}/{path.relative_to(base).as_posix()}\0".encode())
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()
