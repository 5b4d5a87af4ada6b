"""Stage 4: write the dataset to build/ - deterministically and all at once.

Files: ``adkg.ttl`` (all graphs merged), ``adkg.trig`` and ``adkg.nq`` (named graphs kept),
``adkg.jsonld`` (named graphs kept, compacted with ``context.jsonld``), ``context.jsonld``,
``summary.json`` and ``void.ttl`` (a VoID description with its linksets). Same input, byte-identical output: N-Quads lines are sorted, JSON-LD arrays are
put in canonical order, and the Turtle/TriG writers sort subjects and predicates. Everything is
written to a temporary folder beside the target, which then replaces the target in one rename;
a failure leaves the previous build/ as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph
from rdflib.plugins.serializers.trig import TrigSerializer

__all__ = ["write_build", "canonical_json", "OUTPUT_FILES"]

OUTPUT_FILES = ("adkg.ttl", "adkg.trig", "adkg.nq", "adkg.jsonld", "context.jsonld", "summary.json", "void.ttl")


class _SortedTrigSerializer(TrigSerializer):
    """rdflib's TriG writer, with the named graphs in IRI order instead of store order."""

    def __init__(self, store: Dataset) -> None:
        super().__init__(store)
        self.contexts.sort(key=lambda graph: str(graph.identifier))


def canonical_json(value: Any) -> Any:
    """Order every JSON array (except ``@list`` ones) so the document no longer depends on the
    order triples were stored in."""
    if isinstance(value, dict):
        return {k: (v if k == "@list" else canonical_json(v)) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [canonical_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _dump_json(value: Any, path: Path) -> None:
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
                    encoding="utf-8")


def _write_files(dataset: Dataset, merged: Graph, context: dict, summary: dict, folder: Path) -> None:
    from kg.void import describe

    merged.serialize(folder / "adkg.ttl", format="turtle", encoding="utf-8")
    describe(dataset, merged).serialize(folder / "void.ttl", format="turtle", encoding="utf-8")
    with (folder / "adkg.trig").open("wb") as handle:
        _SortedTrigSerializer(dataset).serialize(handle, encoding="utf-8")
    nquads = dataset.serialize(format="nquads")
    lines = sorted(set(line for line in nquads.splitlines() if line.strip()))
    (folder / "adkg.nq").write_text("\n".join(lines) + "\n", encoding="utf-8")
    jsonld = json.loads(dataset.serialize(format="json-ld", context=context["@context"]))
    body = {k: v for k, v in jsonld.items() if k != "@context"} if isinstance(jsonld, dict) else {"@graph": jsonld}
    _dump_json({"@context": context["@context"], **canonical_json(body)}, folder / "adkg.jsonld")
    _dump_json(context, folder / "context.jsonld")
    _dump_json(summary, folder / "summary.json")


def write_build(dataset: Dataset, merged: Graph, context: dict, summary: dict,
                out_dir: Path) -> list[Path]:
    """Write every output file to ``out_dir``, replacing it only once all are written."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-new-", dir=out_dir.parent))
    staging.chmod(0o755)
    try:
        _write_files(dataset, merged, context, summary, staging)
        # Keep any files of later stages (e.g. graph.html) that this stage does not produce.
        if out_dir.is_dir():
            for item in out_dir.iterdir():
                if item.name not in OUTPUT_FILES and not (staging / item.name).exists():
                    if item.is_dir():
                        shutil.copytree(item, staging / item.name)
                    else:
                        shutil.copy2(item, staging / item.name)
        old = None
        if out_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-old-", dir=out_dir.parent))
            os.rename(out_dir, old / out_dir.name)
        os.rename(staging, out_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [out_dir / name for name in OUTPUT_FILES]
