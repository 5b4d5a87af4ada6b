"""The command layer's decision: is build/ current, and if not, rebuild it before reading.

Library code never rebuilds; ``kg query``, ``sparql``, ``viz``, ``import`` and ``serve`` call
:func:`ensure_built` first, which rebuilds build/ when it is missing or older than data/ or
ontology/ (their fingerprint differs from the one in build/summary.json) and says so on stderr.
"""

from __future__ import annotations

import sys

from kg.core.errors import KgError
from kg.dataset.store import Paths, is_current

__all__ = ["ensure_built"]


def ensure_built(paths: Paths) -> None:
    """Rebuild build/ if it is missing or stale; else do nothing."""
    if is_current(paths):
        return
    if not (paths.data.is_dir() and paths.ontology.is_dir()):
        raise KgError(f"no built dataset at {paths.build}/ and no {paths.data}/ and "
                      f"{paths.ontology}/ to build it from; run `kg build` first")
    from kg.publish.build import build

    print(f"kg: {paths.build}/ is missing or older than {paths.data}/ or {paths.ontology}/; rebuilding it",
          file=sys.stderr)
    build(paths.data, paths.ontology, paths.build)
