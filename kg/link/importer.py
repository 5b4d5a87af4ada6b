"""``kg import``: convert a file of another AD dataset into its own named graphs, linked to ours.

The steps, each in its own module:

1. the name is checked (:mod:`kg.link.names`) and the format found from ``--format``, the file's
   extension and its first bytes (:mod:`kg.link.formats`);
2. the format's adapter reads the file and streams its triples into the import's graph
   ``https://w3id.org/adkg/graph/import/NAME`` (:mod:`kg.link.writer`) and its identifier
   mentions to the linker (:mod:`kg.link.linker`), which links each to our entities by the
   identifiers they carry and the SSSOM rows (:mod:`kg.link.bridges`) of the project and of
   ``--mappings``; the links and their provenance go into ``.../import/NAME/links``;
3. the inputs are kept in the imports folder, ``data/imports/NAME/`` (:mod:`kg.link.inputs`);
   ``build/imports/NAME.nq`` and the link report ``NAME.report.json`` (:mod:`kg.link.report`)
   are written beside their place and renamed into it;
4. the store takes the import's graphs in place of its earlier ones
   (:func:`kg.publish.storage.replace_import`): named graphs only, never the default graph, so an
   import changes none of our labels, types, helper rows or counts.

A file that fails to convert leaves everything as it was. ``dry_run`` converts in a temporary
folder outside the project, returns the report and writes nothing. ``kg build`` converts the
imports again from their folders when they or our index change (:mod:`kg.link.sync`).
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.core.errors import KgError
from kg.dataset.store import Paths
from kg.link.inputs import MAPPINGS_FILE, Spec, make_spec, write_folder
from kg.link.names import check_name, default_name
from kg.publish.storage import IMPORT_GRAPHS, IMPORTS_DIR, replace_import

__all__ = ["ImportResult", "import_file", "convert", "convert_folder", "graphs_of", "Prepared", "prepare"]


@dataclass(frozen=True)
class ImportResult:
    name: str
    report: dict[str, Any]
    nquads: Path | None        # None for a dry run
    report_path: Path | None


class Prepared:
    """What converting needs besides the file: the prefix map, our index and the bridges, read on
    first use (so a file an adapter refuses at once, a DTD or a bomb, is refused before the store
    is opened), then kept for every conversion that shares them."""

    def __init__(self, paths: Paths) -> None:
        self.paths = paths

    @functools.cached_property
    def ids(self) -> Any:
        from kg.core.identifiers import PREFIX_MAP_FILE, for_ontology
        from kg.core.identifiers import default as default_identifiers

        folder = self.paths.ontology
        return for_ontology(folder) if (folder / PREFIX_MAP_FILE).is_file() else default_identifiers()

    @functools.cached_property
    def bridges(self) -> Any:
        from kg.link.bridges import read_bridges

        tables = _tables(self.paths)
        return read_bridges([(t, str(t), f"https://w3id.org/adkg/mappings/{t.name}") for t in tables], self.ids)

    @functools.cached_property
    def index(self) -> Any:
        from kg.dataset.store import open_store
        from kg.link.index import load_index

        return load_index(open_store(self.paths), self.bridges)

    @functools.cached_property
    def project_tables(self) -> str:
        """SHA-256 over the project's SSSOM tables."""
        import hashlib

        digest = hashlib.sha256()
        for table in _tables(self.paths):
            digest.update(table.name.encode() + b"\0" + table.read_bytes() + b"\0")
        return digest.hexdigest()


def graphs_of(name: str) -> list[str]:
    """The import's named graphs: its data and its links.

    >>> graphs_of("wp5538")[1]
    'https://w3id.org/adkg/graph/import/wp5538/links'
    """
    return [f"{IMPORT_GRAPHS}{name}", f"{IMPORT_GRAPHS}{name}/links"]


def _tables(paths: Paths) -> list[Path]:
    folder = paths.data / "mappings"
    return sorted(folder.glob("*.sssom.tsv")) if folder.is_dir() else []


def prepare(paths: Paths) -> Prepared:
    """What every conversion of ``paths``' imports shares, read when first needed (opens the store once)."""
    return Prepared(paths)


def convert(source: Path, spec: Spec, mappings: Path | None, prepared: Prepared, out: Path) -> dict[str, Any]:
    """Convert ``source`` as ``spec`` says into ``out`` (an N-Quads file, written whole); returns
    the link report. Raises :class:`KgError` (from the adapter) on bad input."""
    from kg.link.bridges import read_bridges
    from kg.link.formats import by_name
    from kg.link.linker import Link, Linker, strength
    from kg.link.model import Context, Mention
    from kg.link.report import Report
    from kg.link.writer import NQuadsWriter, nquad

    def make_linker() -> Linker:  # on the first mention: the adapter may refuse the file before
        bridges = prepared.bridges
        if mappings is not None:
            own = read_bridges([(mappings, str(mappings), f"https://w3id.org/adkg/id/import/{spec.name}/mappings")],
                               prepared.ids)
            bridges = {k: list(v) for k, v in prepared.bridges.items()}
            for key, found in own.items():
                bridges.setdefault(key, []).extend(found)
        return Linker(spec.name, prepared.index, bridges, prepared.ids)

    fmt = by_name(spec.format)
    linkers: list[Linker] = []
    report = Report(spec.name, fmt.name, spec.original)
    data_graph, links_graph = graphs_of(spec.name)
    best: dict[tuple[str, str], Link] = {}  # (ours, theirs) -> the strongest link, first seen first
    with out.open("w", encoding="utf-8") as data:
        def on_mention(mention: Mention) -> None:
            if not linkers:
                linkers.append(make_linker())
            outcome = linkers[0].link(mention)
            report.count(mention, outcome)
            for link in outcome.links:
                kept = best.get((link.ours, link.theirs))
                if kept is None or strength(link.predicate) > strength(kept.predicate):
                    best[(link.ours, link.theirs)] = link

        sink = NQuadsWriter(data, data_graph, on_mention)
        fmt.read(source, sink, Context(spec.name, source, dict(spec.options)))
        for link in best.values():  # links only reach our entities: few, whatever the file's size
            report.reached(prepared.index.kind(link.ours), link.ours, (link.ours, link.predicate, link.theirs))
            data.writelines(nquad(*statement, links_graph) for statement in linkers[0].provenance(link)[1])
    stamp = {"inputs": spec.stamp(), "index": prepared.index.digest(), "tables": prepared.project_tables}
    return report.to_json(records=sink.records, triples=sink.triples, links=len(best), stamp=stamp)


def _options(options: dict[str, str] | None) -> dict[str, str]:
    return dict(sorted((options or {}).items()))


def import_file(path: Path, paths: Paths = Paths(), *, name: str | None = None, fmt: str | None = None,
                mappings: Path | None = None, options: dict[str, str] | None = None,
                dry_run: bool = False) -> ImportResult:
    """Import ``path`` as ``name`` (default: from its file name); see the module's description."""
    from kg.link.formats import by_name, detect

    name = check_name(name) if name is not None else default_name(path)
    if not path.is_file():
        raise KgError(f"{path}: no such file")
    if mappings is not None and not mappings.is_file():
        raise KgError(f"{mappings}: no such file (--mappings)")
    found = by_name(fmt) if fmt else detect(path)
    with tempfile.TemporaryDirectory(prefix="adkg-import-") as scratch:
        # One private copy is hashed, converted and kept: a file that changes while it is imported
        # cannot leave a kept copy that differs from what was converted and recorded.
        held = Path(scratch) / "in"
        held.mkdir()
        source = held / path.name
        shutil.copyfile(path, source)
        table = None
        if mappings is not None:
            (held / "mappings").mkdir()
            table = held / "mappings" / mappings.name
            shutil.copyfile(mappings, table)
        try:
            spec = make_spec(name, found.name, _options(options), source, table)
            prepared = prepare(paths)
            if dry_run:
                report = convert(source, spec, table, prepared, Path(scratch) / f"{name}.nq")
                return ImportResult(name, report, None, None)
            return _commit(paths, spec, source, table, prepared)
        except KgError as exc:  # errors name the user's files, not the private copies
            text = str(exc).replace(str(source), str(path))
            raise KgError(text.replace(str(table), str(mappings)) if table else text) from None


def _commit(paths: Paths, spec: Spec, source: Path, mappings: Path | None, prepared: Prepared, *,
            keep_inputs: bool = True) -> ImportResult:
    """Convert into build/imports/ beside the targets; then (``keep_inputs``) keep the inputs in
    the imports folder, rename the outputs into place and update the store."""
    from kg.core.fsutil import atomic_write_text
    from kg.link.report import dumps

    out_dir = paths.build / IMPORTS_DIR
    made = not out_dir.exists()
    out_dir.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{spec.name}.", suffix=".nq.part", dir=out_dir)
    os.close(handle)
    staged = Path(temporary)
    target = out_dir / f"{spec.name}.nq"
    try:
        report = convert(source, spec, mappings, prepared, staged)
        if keep_inputs:
            write_folder(paths.imports, spec, source, mappings)
        staged.chmod(0o644)
        os.replace(staged, target)
    except BaseException:
        if made:  # a first import that failed leaves build/ as it was, without an empty imports/
            shutil.rmtree(out_dir, ignore_errors=True)
        raise
    finally:
        staged.unlink(missing_ok=True)
        staged.with_name(staged.name + ".links").unlink(missing_ok=True)
    report_path = out_dir / f"{spec.name}.report.json"
    atomic_write_text(report_path, dumps(report))
    replace_import(paths.build, spec.name, graphs_of(spec.name))
    return ImportResult(spec.name, report, target, report_path)


def convert_folder(paths: Paths, folder: Path, spec: Spec, prepared: Prepared) -> ImportResult:
    """Convert the import kept in ``folder`` (``kg build``'s sync) into build/imports/."""
    mappings = folder / MAPPINGS_FILE if spec.mappings is not None else None
    return _commit(paths, spec, folder / spec.file, mappings, prepared, keep_inputs=False)
