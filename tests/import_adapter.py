"""A tiny test-only import format, so the importer's pipeline is tested without the real adapters.

Each line of a ``.testids`` file is ``ID<TAB>LABEL<TAB>IDENTIFIER`` (a node of the import, its
label and one identifier as written) or ``<IRI><TAB>LABEL[<TAB>TYPE IRI]`` (statements about an IRI
as given, as an RDF file may make about one of ours). A line ``!`` is bad input.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox

from kg.core.errors import KgError
from kg.dataset.store import Paths
from kg.link.model import RDF_TYPE, RDFS_LABEL, SCHEMA_IDENTIFIER, Context, Format, Sink

DRUG = ox.NamedNode("https://w3id.org/biolink/vocab/Drug")


def read(path: Path, sink: Sink, ctx: Context) -> None:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        if line == "!":
            raise KgError(f"{path}:{number}: bad line")
        fields = line.split("\t")
        if fields[0].startswith("<"):
            subject = ox.NamedNode(fields[0][1:-1])
            sink.add(subject, RDFS_LABEL, ox.Literal(fields[1]))
            sink.add(subject, RDF_TYPE, ox.NamedNode(fields[2]) if len(fields) > 2 else DRUG)
            continue
        node = ctx.node("node", fields[0])
        sink.add(node, RDFS_LABEL, ox.Literal(fields[1]))
        if len(fields) > 2:
            sink.add(node, SCHEMA_IDENTIFIER, ox.Literal(fields[2]))
            sink.mention(node, fields[2], f"line {number}")


FORMAT = Format("test-ids", "Test identifiers (tests only)", (".testids",),
                lambda name, head: name.endswith(".testids"), read, "https://example.org/test-ids")


def use(monkeypatch) -> None:
    """Make the test format the only registered one."""
    import kg.link.formats

    monkeypatch.setattr(kg.link.formats, "formats", lambda: [FORMAT])


def copy_project(build_dir: Path, folder: Path) -> Paths:
    """A copy of build/, data/ and ontology/ under ``folder``: a project to import into."""
    root = Path(__file__).resolve().parent.parent
    shutil.copytree(build_dir, folder / "build")
    shutil.copytree(root / "data", folder / "data")
    shutil.copytree(root / "ontology", folder / "ontology")
    return Paths(folder / "build", folder / "data", folder / "ontology")


def project_copy(build_dir: Path, tmp_path: Path, monkeypatch) -> Paths:
    """:func:`copy_project` under ``tmp_path``, with the test format as the only one registered
    (the body of the ``project`` fixtures of the import tests)."""
    paths = copy_project(build_dir, tmp_path)
    use(monkeypatch)
    return paths


def run_kg(paths: Paths, *argv: str) -> int:
    """``kg ARGV`` on the project ``paths``, in this process; its exit code."""
    from kg.cli.main import main

    return main([*argv, "--build", str(paths.build), "--data", str(paths.data), "--ontology", str(paths.ontology)])
