"""The command layer's decision: is build/ current, and if not, rebuild it before reading.

Library code never rebuilds; ``kg query``, ``sparql``, ``viz``, ``import`` and ``serve`` call
:func:`ensure_built` first, which rebuilds build/ when it is missing or older than data/ or
ontology/ (their fingerprint differs from the one in build/summary.json) and says so on stderr,
with what it rebuilt (only the articles changed since, unless the shared inputs changed).
It also keeps the inputs' manifest (:attr:`kg.dataset.store.Paths.inputs`) up to date, so the next
command hashes only the files whose size or times changed (:mod:`kg.core.fingerprint`).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from kg.core.errors import KgError
from kg.core.fingerprint import Manifest, read_manifest, write_manifest
from kg.dataset.store import Paths, input_state

if TYPE_CHECKING:  # the read path does not load the build's modules
    from kg.publish.manifest import Plan

__all__ = ["ensure_built", "describe_rebuild"]


def describe_rebuild(plan: Plan) -> str:
    """What a build did, in one sentence.

    >>> from kg.publish.manifest import Plan
    >>> describe_rebuild(Plan(False, "only articles changed", changed=("x",), unchanged=("a", "b")))
    'Rebuilt 1 article (changed: x), kept 2.'
    >>> describe_rebuild(Plan(True, "--full was asked for"))
    'Full build (--full was asked for).'
    """
    if plan.full:
        return f"Full build ({plan.reason})."
    redone = len(plan.added) + len(plan.changed)
    parts = [f"{kind}: {_names(names)}" for kind, names in
             (("added", plan.added), ("changed", plan.changed), ("removed", plan.removed)) if names]
    text = f"Rebuilt {redone} article{'' if redone == 1 else 's'}"
    return text + (f" ({'; '.join(parts)})" if parts else "") + f", kept {len(plan.unchanged)}."


def _names(names: tuple[str, ...], shown: int = 5) -> str:
    """
    >>> _names(tuple("abcdefg"))
    'a, b, c, d, e and 2 more'
    """
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


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
    result = build(paths.data, paths.ontology, paths.build)
    print(f"kg: {describe_rebuild(result.rebuilt)}", file=sys.stderr)  # the build stored its inputs' manifest
    _sync_imports(paths)


def _sync_imports(paths: Paths) -> None:
    """After a rebuild, what ``kg build`` does last: the imports converted again where our graph
    changed what they link to (:mod:`kg.link.sync`), so a query never reads stale links."""
    from kg.link.sync import sync_imports

    done = sync_imports(paths)
    for label, names in (("converted", done.converted), ("removed", done.removed)):
        if names:
            print(f"kg: imports {label}: {', '.join(names)}", file=sys.stderr)


def _keep(paths: Paths, manifest: Manifest | None, known: Manifest | None) -> None:
    """Store ``manifest`` as the inputs' manifest if it differs from the stored one (best effort:
    a build/ that cannot be written to is only checked more slowly)."""
    if manifest is None or manifest == known:
        return
    try:  # noqa: SIM105 - contextlib would be one more import on every start
        write_manifest(paths.inputs, manifest)
    except OSError:
        pass

