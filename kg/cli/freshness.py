"""The command layer's decision: is build/ current, and if not, rebuild it before reading.

Library code never rebuilds; ``kg query``, ``sparql``, ``viz``, ``import`` and ``serve`` call
:func:`ensure_built` first, which rebuilds build/ when it is missing or older than data/ or
ontology/ (their fingerprint differs from the one in build/summary.json) and says so on stderr.
It also keeps the inputs' manifest (:attr:`kg.dataset.store.Paths.inputs`) up to date, so the next
command hashes only the files whose size or times changed (:mod:`kg.core.fingerprint`).
"""

from __future__ import annotations

import sys

from kg.core.errors import KgError
from kg.core.fingerprint import Manifest, read_manifest, write_manifest
from kg.dataset.store import Paths, input_state

__all__ = ["ensure_built"]


def ensure_built(paths: Paths) -> None:
    """Rebuild build/ if it is missing or stale; else do nothing (but keep the manifest)."""
    known = read_manifest(paths.inputs)
    current, manifest = input_state(paths, known)
    if current:
        _keep(paths, manifest, known[0])
        return
    if not (paths.data.is_dir() and paths.ontology.is_dir()):
        raise KgError(f"no built dataset at {paths.build}/ and no {paths.data}/ and "
                      f"{paths.ontology}/ to build it from; run `kg build` first")
    from kg.publish.build import build

    print(f"kg: {paths.build}/ is missing or older than {paths.data}/ or {paths.ontology}/; rebuilding it",
          file=sys.stderr)
    build(paths.data, paths.ontology, paths.build)
    # The new build's store has no manifest yet: the one just taken serves for the files unchanged since.
    current, manifest = input_state(paths, (manifest or {}, None))
    if current:
        _keep(paths, manifest, None)


def _keep(paths: Paths, manifest: Manifest | None, known: Manifest | None) -> None:
    """Store ``manifest`` as the inputs' manifest if it differs from the stored one (best effort:
    a build/ that cannot be written to is only checked more slowly)."""
    if manifest is None or manifest == known:
        return
    try:  # noqa: SIM105 - contextlib would be one more import on every start
        write_manifest(paths.inputs, manifest)
    except OSError:
        pass

