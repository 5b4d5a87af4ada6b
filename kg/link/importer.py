"""Import an external RDF dataset beside the built graph and align it by shared identifiers.

``kg import FILE`` parses FILE (Turtle, N-Triples, JSON-LD or RDF/XML, by extension), keeps it in
its own named graph ``https://w3id.org/adkg/graph/import/NAME`` and adds, in the graph
``.../import/NAME/links``, a link from each of its resources to ours that carries the same
identifier:

* the same DOI (any case, bare or as ``doi:``, ``https://doi.org/``, ``http://dx.doi.org/``):
  ``owl:sameAs``, because a DOI names one publication, so the two resources are the same work and
  every fact about one holds of the other;
* the same identifier in another space of the project's prefix map (MONDO, DrugBank, ChEBI,
  HGNC, UniProt, NCBI Gene, MeSH, Wikidata, ...): ``skos:exactMatch`` (or ``skos:closeMatch``
  where our own mapping to that identifier is a close one), because two knowledge graphs may
  model a drug or a disease differently (a class, an individual, a concept), and ``owl:sameAs``
  would merge statements that do not fit each other.

Identifiers are recognised through the prefix map (:mod:`kg.core.identifiers`): a CURIE in any
prefix synonym and case (``DB:``, ``drugbank:``, ``DrugBank:``; ``UniProtKB:``/``uniprot:``), the
OBO form ``MONDO_0004980``, any IRI form bioregistry knows (``http://identifiers.org/...``), a
bare value under a Wikidata identifier property (P715 DrugBank ID, P354 HGNC ID, ...), and a bare
DrugBank or Wikidata identifier; each is checked against its space's pattern.

Both files land in ``build/imports/NAME.nq`` and are loaded by every query with the build. A file
that fails to parse is reported with its line, and nothing is written.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL

from kg.core.errors import KgError
from kg.core.identifiers import PREFIX_MAP_FILE, Identifiers, for_ontology
from kg.core.identifiers import default as default_identifiers
from kg.core.namespaces import GRAPH_BASE, normalise_doi
from kg.dataset.query import sparql
from kg.dataset.store import Paths, Store, open_store
from kg.publish.storage import replace_import

__all__ = ["ImportResult", "import_file", "FORMATS"]

FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml",
           ".xml": "xml", ".owl": "xml"}
#: Identifier spaces whose identifiers are recognised bare (DB15091, Q42) under an identifier
#: predicate, each checked against its pattern; any other space needs its prefix or an IRI.
_BARE_SPACES = ("DRUGBANK", "WIKIDATA")
_WIKIDATA_DIRECT = "http://www.wikidata.org/prop/direct/"


@dataclass
class ImportResult:
    name: str
    graph: str
    triples: int
    same_as: int
    exact_match: int
    path: Path


def _parse(path: Path, fmt: str | None) -> Graph:
    fmt = fmt or FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise KgError(f"{path}: unknown file type '{path.suffix}'; use .ttl, .nt, .jsonld or .rdf "
                      "(or --format turtle|nt|json-ld|xml)")
    graph = Graph()
    try:
        if fmt == "json-ld":
            graph.parse(data=json.dumps(_offline_context(json.loads(path.read_text(encoding="utf-8")), path)),
                        format="json-ld", base=path.resolve().as_uri())
        else:
            graph.parse(path, format=fmt)
    except FileNotFoundError:
        raise KgError(f"{path}: no such file") from None
    except json.JSONDecodeError as exc:
        raise KgError(f"{path}:{exc.lineno}: JSON syntax error, column {exc.colno}: {exc.msg}; "
                      "nothing imported") from None
    except Exception as exc:  # noqa: BLE001 - every rdflib parser raises its own type
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else None
        if line is None and hasattr(exc, "getLineNumber"):  # RDF/XML (SAX)
            line = exc.getLineNumber()
        where = f"{path}:{line}" if line else str(path)
        message = " ".join(str(exc).split()) or type(exc).__name__
        raise KgError(f"{where}: cannot parse as {fmt}: {message[:300]}; nothing imported") from None
    return graph


_IDENTIFIER_PREDICATE = re.compile(r"(?i)([#/](identifier|doi|sameAs|exactMatch|codeValue)|/P356)$")
_SCHEMA_CONTEXTS = {"https://schema.org", "https://schema.org/", "http://schema.org", "http://schema.org/"}


def _offline_context(document, path: Path):
    """Replace schema.org's remote @context by an inline one; refuse other remote contexts
    (nothing is fetched at run time)."""
    if isinstance(document, list):
        return [_offline_context(d, path) for d in document]
    if not isinstance(document, dict):
        return document
    context = document.get("@context")
    items = context if isinstance(context, list) else [context]
    inline = []
    for item in items:
        if isinstance(item, str) and item in _SCHEMA_CONTEXTS:
            inline.append({"@vocab": "https://schema.org/"})
        elif isinstance(item, str):
            raise KgError(f"{path}: the JSON-LD @context {item!r} is remote and is not fetched; "
                          "inline it in the file")
        elif item is not None:
            inline.append(item)
    out = {k: (_offline_context(v, path) if isinstance(v, (dict, list)) else v) for k, v in document.items()}
    if context is not None:
        out["@context"] = inline[0] if len(inline) == 1 else inline
    return out


def _identifiers(graph: Graph, ids: Identifiers | None = None):
    """(resource, kind, value) for every identifier the imported graph states or is: kind "doi"
    with the normalised DOI, or "iri" with the identifier's canonical IRI (the form our mappings use)."""
    ids = ids or default_identifiers()
    for s, p, o in graph:
        if not isinstance(s, URIRef):
            continue
        predicate = str(p)
        space = ids.wikidata_properties.get(predicate[len(_WIKIDATA_DIRECT):]) \
            if predicate.startswith(_WIKIDATA_DIRECT) else None
        # A value names its subject only under an identifier predicate: a study that *cites* a
        # DOI is not that work.
        if space is None and not _IDENTIFIER_PREDICATE.search(predicate):
            continue
        text = str(o).strip()
        doi = _doi(text, ids) if space in (None, "DOI") else None
        if doi:
            yield s, "doi", doi
        elif space is not None and isinstance(o, Literal):
            found = ids.parse(text)
            local = found[1] if found is not None and found[0] == space else text
            if ids.matches(space, local):
                yield s, "iri", ids.expand(space, local)
        elif (iri := _external(text, ids)) is not None:
            yield s, "iri", iri
    for s in set(graph.subjects()):
        if isinstance(s, URIRef):
            doi = _doi(str(s), ids)
            if doi:
                yield s, "doi", doi
            elif (iri := _external(str(s), ids, bare=False)) is not None:
                yield s, "iri", iri


def _doi(text: str, ids: Identifiers) -> str | None:
    """The normalised DOI that ``text`` is (bare, ``doi:`` in any case, or any DOI IRI), else None."""
    found = ids.parse(text)
    if found is not None:
        return normalise_doi(found[1]) if found[0] == "DOI" and ids.matches("DOI", found[1]) else None
    candidate = normalise_doi(text)  # also strips resolver IRIs written in upper case
    return candidate if ids.matches("DOI", candidate) else None


def _external(text: str, ids: Identifiers, *, bare: bool = True) -> str | None:
    """The canonical IRI of an identifier in an external space other than DOI: a CURIE in any
    prefix synonym and case, an IRI in any known form, or (``bare``) a self-identifying value."""
    found = ids.parse(text)
    if found is None and bare:
        space = next((name for name in _BARE_SPACES if ids.matches(name, text)), None)
        found = (space, text) if space else None
    if found is None or found[0] not in ids.spaces or found[0] == "DOI" or not ids.matches(*found):
        return None
    return ids.expand(*found)


def _our_index(store: Store) -> tuple[dict[str, set[str]], dict[str, set[tuple[str, str]]]]:
    dois: dict[str, set[str]] = {}
    for work, doi in sparql("SELECT ?w ?d WHERE { ?w <http://prismstandard.org/namespaces/basic/2.0/doi> ?d }",
                            store).rows:
        dois.setdefault(normalise_doi(str(doi)), set()).add(work)
    external: dict[str, set[tuple[str, str]]] = {}
    for ours, relation, target in sparql("""SELECT ?s ?m ?x WHERE {
            VALUES ?m { <http://www.w3.org/2004/02/skos/core#exactMatch>
                        <http://www.w3.org/2004/02/skos/core#closeMatch> }
            ?s ?m ?x FILTER(STRSTARTS(STR(?s), "https://w3id.org/adkg/id/")) }""", store).rows:
        external.setdefault(target, set()).add((ours, relation))
    return dois, external


def import_file(path: Path, paths: Paths = Paths(), *, name: str | None = None,
                fmt: str | None = None) -> ImportResult:
    """Import ``path`` into ``paths.build/imports/NAME.nq`` with its alignment links."""
    name = name or re.sub(r"[^a-z0-9-]+", "-", path.stem.lower()).strip("-") or "import"
    graph = _parse(path, fmt)
    dois, external = _our_index(open_store(paths))
    graph_iri = URIRef(f"{GRAPH_BASE}import/{name}")
    links_iri = URIRef(f"{GRAPH_BASE}import/{name}/links")
    dataset = Dataset()
    data, links = dataset.graph(graph_iri), dataset.graph(links_iri)
    for triple in graph:
        data.add(triple)
    same_as = exact = 0
    ids = for_ontology(paths.ontology) if (paths.ontology / PREFIX_MAP_FILE).is_file() else default_identifiers()
    for resource, kind, value in sorted(set(_identifiers(graph, ids)), key=lambda t: (str(t[0]), t[1], t[2])):
        if kind == "doi":
            for ours in sorted(dois.get(value, ())):
                if (URIRef(ours), OWL.sameAs, resource) not in links:
                    links.add((URIRef(ours), OWL.sameAs, resource))
                    same_as += 1
        else:
            # As strong as our own mapping: an HGNC gene ID is only a closeMatch of our protein node.
            for ours, relation in sorted(external.get(value, ())):
                if (URIRef(ours), URIRef(relation), resource) not in links:
                    links.add((URIRef(ours), URIRef(relation), resource))
                    exact += 1
    out_dir = paths.build / "imports"
    out_dir.mkdir(parents=True, exist_ok=True)
    lines = sorted(set(dataset.serialize(format="nquads").splitlines()) - {""})
    handle, temporary = tempfile.mkstemp(prefix=f".{name}.", dir=out_dir)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    os.chmod(temporary, 0o644)
    target = out_dir / f"{name}.nq"
    os.replace(temporary, target)
    replace_import(paths.build, name, [str(graph_iri), str(links_iri)])
    return ImportResult(name, str(graph_iri), len(graph), same_as, exact, target)
