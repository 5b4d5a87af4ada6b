"""What a build was made from, per article, and what the next build must redo: build/adkg-build.json.

A build records beside its output the SHA-256 of its shared inputs (every file of data/ outside
data/articles/, every file of ontology/, the input schemas, and the code and library versions
that map and validate) and, per article folder, the SHA-256 of its files, its DOI, the length
in bytes of its section of build/adkg.nq (each named graph's lines are contiguous there, the
shared graphs first, then the articles in folder-name order, each article's graph followed by its
entailed graph) and the number of quads (one per line) of its graph and of its entailed graph, as
it records the quads of each shared graph: summary.json and void.ttl take the quads
per graph from here instead of counting the store. The file holds no times, so a full
build and an incremental build of the same input write the same bytes.

:func:`plan` compares it with the current inputs: the shared inputs changed (or there is no
usable record) -> a full build; else the articles added, changed, removed and unchanged.

>>> previous = BuildManifest("s", 10, {"a": ArticleEntry("1", 5, "10.1/a", 1), "b": ArticleEntry("2", 7, "10.1/b", 1)})
>>> previous.articles["a"].entailed
0
>>> now = Inputs("s", {"a": "1", "b": "3", "c": "4"}, "f", {})
>>> p = plan(previous, now, dump_bytes=22)
>>> p.full, p.added, p.changed, p.removed, p.unchanged
(False, ('c',), ('b',), (), ('a',))
>>> plan(previous, Inputs("t", {}, "f", {}), dump_bytes=22).reason
'the shared inputs (vocabulary, mappings, tables, schemas, ontology or code) changed'
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from kg.core.fingerprint import Manifest, fingerprint, scan
from kg.publish.serialize import MANIFEST_FILE

__all__ = ["MANIFEST_FILE", "ArticleEntry", "BuildManifest", "Inputs", "Plan", "take_inputs", "plan",
           "read_build_manifest", "write_build_manifest"]

_FORMAT = 3
_ARTICLES = "data/articles/"
#: The packages whose code turns the inputs into the graph and judges it.
_CODE = ("core", "ingest", "transform", "validate", "publish")
_LIBRARIES = ("rdflib", "pyshacl", "pyoxigraph")


@dataclass(frozen=True)
class ArticleEntry:
    inputs: str     # SHA-256 over the article folder's files
    nquads: int     # bytes of its section of adkg.nq
    doi: str        # its normalised DOI ("" if none)
    quads: int      # quads of its named graph (lines of its section)
    entailed: int = 0  # quads of its entailed graph (the rest of the section's lines)


@dataclass
class BuildManifest:
    shared: str                     # SHA-256 of the shared inputs
    shared_nquads: int              # bytes of the shared graphs' section of adkg.nq
    articles: dict[str, ArticleEntry]
    shared_graphs: dict[str, int] = field(default_factory=dict)  # quads of each shared graph

    @property
    def dump_bytes(self) -> int:
        return self.shared_nquads + sum(a.nquads for a in self.articles.values())


@dataclass
class Inputs:
    shared: str
    articles: dict[str, str]        # folder name -> SHA-256 of its files
    fingerprint: str                # of every input file (summary.json's inputs_sha256)
    files: Manifest                 # the scan, to keep hashing cheap next time


@dataclass
class Plan:
    full: bool
    reason: str
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = field(default_factory=tuple)

    @property
    def todo(self) -> frozenset[str]:
        """The articles to map and validate (in an incremental build)."""
        return frozenset(self.added + self.changed)


def _digest(parts: list[str]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def _code() -> list[str]:
    base = Path(__file__).resolve().parent.parent
    parts = []
    for package in _CODE:
        for path in sorted((base / package).rglob("*.py")):
            parts += [path.relative_to(base).as_posix(), hashlib.sha256(path.read_bytes()).hexdigest()]
    for name in _LIBRARIES:
        try:
            parts += [name, metadata.version(name)]
        except metadata.PackageNotFoundError:  # pragma: no cover - a dependency is missing
            parts += [name, ""]
    return parts


def take_inputs(data_dir: Path, ontology_dir: Path, schema_dir: Path, known: Manifest | None = None) -> Inputs:
    """Hash the inputs (taking unchanged files' hashes from ``known``), split into shared and per article."""
    files = scan(data_dir, ontology_dir, known)
    per_article: dict[str, list[str]] = {}
    articles_dir = data_dir / "articles"
    if articles_dir.is_dir():
        per_article = {p.name: [] for p in articles_dir.iterdir() if p.is_dir()}
    shared: list[str] = []
    for key, entry in files.items():
        name, _, rest = key[len(_ARTICLES):].partition("/")
        if key.startswith(_ARTICLES) and rest and name in per_article:
            per_article[name] += [rest, entry[4]]
        else:
            shared += [key, entry[4]]
    if schema_dir.resolve() != (data_dir / "schema").resolve():  # the project's schemas serve this data
        shared += [f"{p.name}\0{hashlib.sha256(p.read_bytes()).hexdigest()}" for p in sorted(schema_dir.glob("*"))
                   if p.is_file()]
    return Inputs(_digest(shared + _code()), {n: _digest(v) for n, v in sorted(per_article.items())},
                  fingerprint(files), files)


def plan(previous: BuildManifest | None, inputs: Inputs, *, dump_bytes: int | None, full: str = "") -> Plan:
    """What to rebuild: ``previous`` is the last build's record (None if missing or unreadable),
    ``dump_bytes`` the size of its adkg.nq (None if missing); ``full`` forces a full build, saying why."""
    if full:
        return Plan(True, full)
    if previous is None:
        return Plan(True, "no earlier build to update")
    if previous.shared != inputs.shared:
        return Plan(True, "the shared inputs (vocabulary, mappings, tables, schemas, ontology or code) changed")
    if dump_bytes != previous.dump_bytes:
        return Plan(True, "the earlier build's adkg.nq does not match its record")
    old, new = previous.articles, inputs.articles
    return Plan(False, "only articles changed",
                added=tuple(n for n in new if n not in old),
                changed=tuple(n for n in new if n in old and old[n].inputs != new[n]),
                removed=tuple(n for n in old if n not in new),
                unchanged=tuple(n for n in new if n in old and old[n].inputs == new[n]))


def read_build_manifest(out_dir: Path) -> BuildManifest | None:
    """The record of the build in ``out_dir`` (None if missing, unreadable or of another format)."""
    try:
        data = json.loads((out_dir / MANIFEST_FILE).read_text(encoding="utf-8"))
        if data["format"] != _FORMAT:
            return None
        articles = {name: ArticleEntry(str(e["inputs"]), int(e["nquads"]), str(e["doi"]), int(e["quads"]),
                                       int(e["entailed"])) for name, e in data["articles"].items()}
        shared = data["shared"]
        graphs = {str(name): int(n) for name, n in shared["graphs"].items()}
        return BuildManifest(str(shared["inputs"]), int(shared["nquads"]), dict(sorted(articles.items())),
                             dict(sorted(graphs.items())))
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def write_build_manifest(manifest: BuildManifest, path: Path) -> None:
    """Write ``manifest`` to ``path`` (keys sorted, no times)."""
    data = {"format": _FORMAT, "shared": {"inputs": manifest.shared, "nquads": manifest.shared_nquads,
                                          "graphs": manifest.shared_graphs},
            "articles": {name: {"inputs": e.inputs, "nquads": e.nquads, "doi": e.doi, "quads": e.quads,
                                "entailed": e.entailed}
                         for name, e in sorted(manifest.articles.items())}}
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
