"""Open the built dataset for querying: an in-memory pyoxigraph store loaded from build/adkg.nq
(and build/imports/*.nq, the datasets added by ``kg import``).

The store is loaded from what ``kg build`` wrote; data/ is never re-mapped on a query. If data/
or ontology/ changed since that build (their fingerprint differs from the one in
build/summary.json), or build/ is missing, the dataset is rebuilt first.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError
from kg.fingerprint import input_fingerprint

__all__ = ["Paths", "ensure_built", "open_store", "is_current"]


@dataclass(frozen=True)
class Paths:
    """Where the curated input and the build live (defaults: relative to the working directory)."""

    build: Path = Path("build")
    data: Path = Path("data")
    ontology: Path = Path("ontology")


def is_current(paths: Paths) -> bool:
    """True if build/ exists and was built from the current data/ and ontology/."""
    summary = paths.build / "summary.json"
    if not (summary.is_file() and (paths.build / "adkg.nq").is_file()):
        return False
    if not (paths.data.is_dir() and paths.ontology.is_dir()):
        return True  # nothing to rebuild from: use the build as it is
    try:
        recorded = json.loads(summary.read_text(encoding="utf-8")).get("inputs_sha256")
    except (OSError, json.JSONDecodeError):
        return False
    return recorded == input_fingerprint(paths.data, paths.ontology)


def ensure_built(paths: Paths = Paths()) -> None:
    """Rebuild build/ if it is missing or older than data/ or ontology/; else do nothing."""
    if is_current(paths):
        return
    from kg.build import build

    if not (paths.data.is_dir() and paths.ontology.is_dir()):
        raise KgError(f"no built dataset at {paths.build}/ and no {paths.data}/ and "
                      f"{paths.ontology}/ to build it from; run `kg build` first")
    print(f"kg: {paths.build}/ is missing or older than data/ or ontology/; rebuilding it", file=sys.stderr)
    build(paths.data, paths.ontology, paths.build)


def open_store(paths: Paths = Paths(), *, rebuild: bool = True) -> ox.Store:
    """An in-memory store holding the built dataset (named graphs kept)."""
    if rebuild:
        ensure_built(paths)
    store = ox.Store()
    store.bulk_load(path=str(paths.build / "adkg.nq"), format=ox.RdfFormat.N_QUADS)
    for imported in sorted((paths.build / "imports").glob("*.nq")):  # datasets added by `kg import`
        store.bulk_load(path=str(imported), format=ox.RdfFormat.N_QUADS)
    return store
