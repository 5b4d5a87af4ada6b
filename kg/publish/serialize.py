"""Stage 4: write the dataset to build/ - deterministically and all at once.

Files: ``adkg.ttl`` (all graphs merged), ``adkg.trig`` and ``adkg.nq`` (named graphs kept),
``adkg.jsonld`` (named graphs kept, compacted with ``context.jsonld``), ``context.jsonld``,
``summary.json``, ``void.ttl`` (a VoID description with its linksets), ``store/``, the embedded
Oxigraph store every query reads, and ``ro-crate-metadata.json`` (:mod:`kg.publish.crate`); with
``--no-documents`` the Turtle, TriG and JSON-LD dumps are left out (:data:`DOCUMENT_FILES`). Same
input, byte-identical output: N-Quads come graph by graph (ontology, vocabulary, their entailed
graphs, then each article by folder name followed by its entailed graph), each graph's lines sorted;
JSON-LD arrays are put in canonical order, and the Turtle/TriG writers sort subjects and predicates.
Everything is written to a temporary folder beside the target, which then replaces the target in one
rename; a failure leaves the previous build/ as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.serializers.trig import TrigSerializer

from kg.core.fsutil import replace_folder

__all__ = ["staged", "write_documents", "nquads_lines", "dump_json", "canonical_json", "OUTPUT_FILES",
           "DOCUMENT_FILES", "MANIFEST_FILE"]

#: The build's record of its inputs per article (:mod:`kg.publish.manifest`), beside its output.
MANIFEST_FILE = "adkg-build.json"
OUTPUT_FILES = ("adkg.ttl", "adkg.trig", "adkg.nq", "adkg.jsonld", "context.jsonld", "summary.json", "void.ttl",
                "store", MANIFEST_FILE, "ro-crate-metadata.json")
#: The dumps written through rdflib; ``kg build --no-documents`` leaves them out (at the scale of
#: thousands of articles, the N-Quads dump and the store are the published forms).
DOCUMENT_FILES = ("adkg.ttl", "adkg.trig", "adkg.jsonld")


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


def dump_json(value: Any, path: Path) -> None:
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
                    encoding="utf-8")


def nquads_lines(name: URIRef, graph: Graph) -> list[str]:
    """One named graph's N-Quads lines, sorted and without repeats."""
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    suffix = f"<{name}> ."
    return sorted({line[:-1] + suffix for line in text.splitlines() if line.strip()})


def write_documents(dataset: Dataset, merged: Graph, context: dict, folder: Path) -> None:
    """adkg.ttl (all graphs merged), adkg.trig and adkg.jsonld (named graphs kept), through rdflib:
    for builds small enough to hold in rdflib's memory."""
    merged.serialize(folder / "adkg.ttl", format="turtle", encoding="utf-8")
    with (folder / "adkg.trig").open("wb") as handle:
        _SortedTrigSerializer(dataset).serialize(handle, encoding="utf-8")
    jsonld = json.loads(dataset.serialize(format="json-ld", context=context["@context"]))
    body = {k: v for k, v in jsonld.items() if k != "@context"} if isinstance(jsonld, dict) else {"@graph": jsonld}
    dump_json({"@context": context["@context"], **canonical_json(body)}, folder / "adkg.jsonld")


@contextmanager
def staged(out_dir: Path, carry: tuple[str, ...] = ()) -> Iterator[Path]:
    """A new folder beside ``out_dir`` to write the build into, holding a copy of the files of
    later stages (``imports/``, ``graph.html``) that the build does not produce; when the block
    ends without an error it replaces ``out_dir`` in one rename. On an error it is removed and
    ``out_dir`` is left as it was.

    The items named in ``carry`` (the store, updated in place) are moved, not copied, from
    ``out_dir`` into the new folder just before the swap, and moved back if the swap fails."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-new-", dir=out_dir.parent))
    staging.chmod(0o755)
    try:
        if out_dir.is_dir():
            for item in out_dir.iterdir():
                if item.name in OUTPUT_FILES:
                    continue
                if item.is_dir():
                    shutil.copytree(item, staging / item.name)
                else:
                    shutil.copy2(item, staging / item.name)
        yield staging
        moved = []
        try:
            for name in carry:
                if (out_dir / name).exists():
                    os.rename(out_dir / name, staging / name)
                    moved.append(name)
            replace_folder(staging, out_dir)
        except BaseException:
            for name in moved:
                if (staging / name).exists() and not (out_dir / name).exists():
                    os.rename(staging / name, out_dir / name)
            raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
