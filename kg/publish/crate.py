"""build/ as a release package: ``build/ro-crate-metadata.json``, an RO-Crate 1.1 description.

Written last by every build, full or incremental (:func:`kg.publish.finish.finish`), and again by
any step that writes into build/ after it (``kg viz``), so it describes build/ as it is:

* each file of build/ (but the store's own files, and hidden ones) as a ``File`` with its
  ``encodingFormat``, a ``description``, ``contentSize`` and ``sha256`` (files over
  :data:`HASH_LIMIT` bytes go without a hash); the embedded store ``store/`` as one ``Dataset``
  (its RocksDB files differ between two loads of the same data);
* each source article (from the graph: its DOI, title, year and licence) as a
  ``ScholarlyArticle``, cited by the root (``citation``) and what it is based on (``isBasedOn``);
* the software that wrote it (``adkg``, its version) as a ``SoftwareApplication``, the
  instrument of a ``CreateAction`` whose objects are the articles and whose results are the files.

Licence: the project declares no licence of its own for its data, and the dataset reproduces its
articles' text and tables, so the root's ``license`` is the articles' (CC BY-NC-ND 4.0 for the seed
article); the software's is the package's (MIT). No timestamp is written (a build has no
publication date; the articles have their year), so the same build/ gives the same bytes.

>>> graph = describe([Part("adkg.nq", 10, "ab")], [], "0.1.0")["@graph"]
>>> [e["@id"] for e in graph][:3], graph[2]["encodingFormat"], graph[2]["sha256"]
(['ro-crate-metadata.json', './', 'adkg.nq'], 'application/n-quads', 'ab')
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import __version__
from kg.core.fsutil import atomic_write_text

__all__ = ["CRATE_FILE", "HASH_LIMIT", "Part", "Article", "describe", "write_crate", "articles_of"]

CRATE_FILE = "ro-crate-metadata.json"
#: Files larger than this are described without their SHA-256 (reading them again costs a build time).
HASH_LIMIT = 64 * 1024 * 1024
_STORE = "store"
_SOFTWARE = "#adkg"
_MIT = "https://spdx.org/licenses/MIT"

_FORMATS = {".nq": "application/n-quads", ".ttl": "text/turtle", ".trig": "application/trig",
            ".jsonld": "application/ld+json", ".json": "application/json", ".html": "text/html",
            ".png": "image/png", ".svg": "image/svg+xml", ".tsv": "text/tab-separated-values",
            ".jsonl": "application/jsonl", ".md": "text/markdown", ".txt": "text/plain", ".dot": "text/vnd.graphviz"}
_DESCRIPTIONS = {
    "adkg.nq": "The whole dataset as N-Quads, one named graph per article, the ontology, the vocabulary and "
               "their entailed graphs; the source every other form is made from.",
    "adkg.trig": "The whole dataset as TriG (named graphs kept).",
    "adkg.ttl": "The whole dataset as Turtle, all named graphs merged.",
    "adkg.jsonld": "The whole dataset as JSON-LD (named graphs kept), compacted with context.jsonld.",
    "context.jsonld": "The JSON-LD context of adkg.jsonld: the project's prefixes.",
    "summary.json": "Counts of the build: triples (asserted, entailed), quads per named graph, instances per class, "
                    "and the hash of the curated inputs it was built from.",
    "void.ttl": "A VoID description of the dataset: size, classes, named graphs and a linkset per external "
                "identifier space.",
    "adkg-build.json": "The build's record of its inputs per article (for incremental builds).",
    "graph.html": "The interactive network page of the graph (kg viz), one offline HTML file.",
    "graph.png": "A picture of the network page.",
    _STORE: "The embedded Oxigraph (RocksDB) store that `kg query`, `kg sparql` and `kg serve` read; loaded from "
            "adkg.nq and imports/, its union of the curated graphs as default graph.",
}


@dataclass(frozen=True)
class Part:
    """A file of build/: its path (relative, with /), size in bytes and SHA-256 (or '')."""

    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Article:
    """A source article as the graph records it."""

    doi: str
    title: str
    year: str
    license: str


def _file(part: Part) -> dict[str, Any]:
    suffix = Path(part.path).suffix
    description = _DESCRIPTIONS.get(part.path) or _later_file(part.path)
    entity = {"@id": part.path, "@type": "File", "name": part.path, "description": description,
              "encodingFormat": _FORMATS.get(suffix, "application/octet-stream"), "contentSize": str(part.size)}
    return entity | ({"sha256": part.sha256} if part.sha256 else {})


def _later_file(path: str) -> str:
    """What a file a step after the build wrote into build/ is, by where it is."""
    name = Path(path).name
    if path.startswith("imports/"):
        return f"An imported dataset's named graphs as N-Quads (kg import {Path(path).stem})"
    if name.startswith("timeline-") and name.endswith(".svg"):
        return f"The patients' timeline (swimmer plot) of article {name[len('timeline-'):-len('.svg')]} (kg viz)."
    if path == "ontology/adkg.html":
        return "The ontology's reference page (pyLODE), written by kg ontology."
    if path.startswith("ontology/model."):
        return "The diagram of the ontology's main classes and properties (Graphviz), written by kg ontology."
    return "A file written into build/ by a step after the build."


def _article(article: Article) -> dict[str, Any]:
    entity = {"@id": f"https://doi.org/{article.doi}", "@type": "ScholarlyArticle", "name": article.title,
              "identifier": f"https://doi.org/{article.doi}"}
    entity |= {"datePublished": article.year} if article.year else {}
    return entity | ({"license": {"@id": article.license}} if article.license else {})


def _licences(articles: list[Article]) -> list[dict[str, Any]]:
    names = {"http://creativecommons.org/licenses/by-nc-nd/4.0/": ("CC BY-NC-ND 4.0", "CC-BY-NC-ND-4.0"),
             _MIT: ("MIT License", "MIT")}
    entities = []
    for iri in sorted({a.license for a in articles if a.license} | {_MIT}):
        name, spdx = names.get(iri, (iri, ""))
        entities.append({"@id": iri, "@type": "CreativeWork", "name": name} | ({"identifier": spdx} if spdx else {}))
    return entities


def _ids(values: list[str]) -> list[dict[str, str]] | dict[str, str]:
    refs = [{"@id": v} for v in values]
    return refs[0] if len(refs) == 1 else refs


def describe(parts: list[Part], articles: list[Article], version: str, store: bool = False) -> dict[str, Any]:
    """The RO-Crate metadata of a build/ holding ``parts`` (and the store, if ``store``), built from
    ``articles`` by adkg ``version``."""
    papers = [f"https://doi.org/{a.doi}" for a in sorted(articles, key=lambda a: a.doi)]
    licences = sorted({a.license for a in articles if a.license})
    files = [_file(p) for p in sorted(parts, key=lambda p: p.path)]
    if store:
        files.append({"@id": f"{_STORE}/", "@type": "Dataset", "name": f"{_STORE}/",
                      "description": _DESCRIPTIONS[_STORE]})
    root: dict[str, Any] = {
        "@id": "./", "@type": "Dataset", "name": "Atopic dermatitis literature knowledge graph",
        "description": "A knowledge graph of curated atopic dermatitis case reports and their background "
                       "knowledge, as RDF (N-Quads, TriG, Turtle, JSON-LD) with its VoID description and the "
                       "embedded store the `kg` command queries. It reproduces text and tables of the articles "
                       "it was curated from, under their licence.",
        "hasPart": [{"@id": f["@id"]} for f in files],
    }
    root |= {"license": _ids(licences)} if licences else {}
    root |= {"citation": _ids(papers), "isBasedOn": _ids(papers)} if papers else {}
    software = {"@id": _SOFTWARE, "@type": "SoftwareApplication", "name": "adkg", "version": version,
                "license": {"@id": _MIT},
                "description": "The ADKG pipeline (`kg build`): curated records to validated RDF."}
    action: dict[str, Any] = {"@id": "#build", "@type": "CreateAction", "name": "kg build",
                              "instrument": {"@id": _SOFTWARE}, "result": [{"@id": f["@id"]} for f in files]}
    action |= {"object": [{"@id": p} for p in papers]} if papers else {}
    descriptor = {"@id": CRATE_FILE, "@type": "CreativeWork", "about": {"@id": "./"},
                  "conformsTo": {"@id": "https://w3id.org/ro/crate/1.1"}}
    context = sorted([software, action, *(_article(a) for a in articles), *_licences(articles)],
                     key=lambda e: e["@id"])
    return {"@context": "https://w3id.org/ro/crate/1.1/context", "@graph": [descriptor, root, *files, *context]}


def _parts(build: Path) -> list[Part]:
    parts = []
    for path in sorted(build.rglob("*")):
        relative = path.relative_to(build)
        if (not path.is_file() or relative.parts[0] == _STORE or path.name == CRATE_FILE
                or any(p.startswith(".") for p in relative.parts)):
            continue
        size = path.stat().st_size
        digest = ""
        if size <= HASH_LIMIT:
            sha = hashlib.sha256()
            with path.open("rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    sha.update(chunk)
            digest = sha.hexdigest()
        parts.append(Part(relative.as_posix(), size, digest))
    return parts


_ARTICLES = """PREFIX cito: <http://purl.org/spar/cito/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX fabio: <http://purl.org/spar/fabio/>
PREFIX prism: <http://prismstandard.org/namespaces/basic/2.0/>
SELECT ?doi (SAMPLE(?t) AS ?title) (SAMPLE(?y) AS ?year) (SAMPLE(?l) AS ?licence) WHERE {
  GRAPH ?g { ?a a fabio:JournalArticle ; prism:doi ?doi . FILTER NOT EXISTS { ?x cito:cites ?a } }
  FILTER(STRSTARTS(STR(?g), "https://w3id.org/adkg/graph/article/"))
  OPTIONAL { GRAPH ?g { ?a dcterms:title ?t } } OPTIONAL { GRAPH ?g { ?a fabio:hasPublicationYear ?y } }
  OPTIONAL { GRAPH ?g { ?a dcterms:license ?l } }
} GROUP BY ?doi ORDER BY ?doi"""


def articles_of(store: ox.Store) -> list[Article]:
    """The articles a kg store was built from (each article graph's own, uncited, article)."""
    solutions = store.query(_ARTICLES)
    assert isinstance(solutions, ox.QuerySolutions)  # noqa: S101 - a SELECT
    return [Article(*(s[v].value if s[v] is not None else "" for v in ("doi", "title", "year", "licence")))
            for s in solutions]


def write_crate(build: Path, articles: list[Article], store: bool = True) -> Path:
    """Write build/ro-crate-metadata.json for the files now in ``build`` (written from ``articles``),
    and its store (``store``: the build has one, though an incremental build moves it in later)."""
    crate = describe(_parts(build), articles, __version__, store=store)
    path = build / CRATE_FILE
    atomic_write_text(path, json.dumps(crate, indent=2, ensure_ascii=False) + "\n")
    return path
