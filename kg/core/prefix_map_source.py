"""Generate ontology/prefixes.epm.json, the pinned extended prefix map read by :mod:`kg.core.identifiers`.

Run once, by hand, with the ``bioregistry`` package installed in the virtual environment (it is
not a dependency of the project; nothing is fetched at run time)::

    .venv/bin/pip install -e '.[prefix-map]'      # bioregistry, pinned in pyproject.toml
    .venv/bin/python -m kg.core.prefix_map_source ontology/prefixes.epm.json

Each record comes from bioregistry's own extended prefix map (``bioregistry.manager.get_converter()``):
its prefix synonyms, URI prefix synonyms and identifier pattern. Where the project writes another
form, the project's form is the record's ``prefix`` / ``uri_prefix`` (the IRIs already in the graph
and in the SSSOM ``curie_map`` stay as they are) and bioregistry's form is kept as a synonym; the
file lists those choices under ``project_forms``. The version of bioregistry used is recorded in
the file.

>>> sorted(SPACES)[:3]
['atc', 'chebi', 'chembl.compound']
>>> SPACES["hgnc"]
('HGNC', 'https://identifiers.org/hgnc:')
"""

from __future__ import annotations

import json
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

from kg.core.prefixes import PREFIX_IRIS

__all__ = ["SPACES", "KINDS", "LOCAL_SYNONYMS", "generate", "main"]

#: External identifier spaces: bioregistry prefix -> (the prefix the project writes, the IRI prefix
#: the project writes, or None for bioregistry's). The written forms are those of the SSSOM
#: curie_map (data/mappings/adkg.sssom.tsv) and of the IRIs already in the graph.
SPACES: dict[str, tuple[str, str | None]] = {
    "atc": ("ATC", None),
    "chebi": ("CHEBI", None),
    "chembl.compound": ("CHEMBL.COMPOUND", "https://www.ebi.ac.uk/chembl/compound_report_card/"),
    "doi": ("DOI", None),
    "doid": ("DOID", None),
    "drugbank": ("DRUGBANK", None),
    "ensembl": ("ensembl", None),
    "go": ("GO", None),
    "hgnc": ("HGNC", "https://identifiers.org/hgnc:"),
    "hgnc.symbol": ("hgnc.symbol", None),
    "hp": ("HP", None),
    "kegg.pathway": ("KEGG.PATHWAY", "https://www.kegg.jp/entry/"),
    "mesh": ("MESH", "http://id.nlm.nih.gov/mesh/"),
    "mondo": ("MONDO", None),
    "ncbigene": ("NCBIGene", None),
    "ncit": ("NCIT", None),
    "pato": ("PATO", None),
    "pubmed": ("PMID", "https://pubmed.ncbi.nlm.nih.gov/"),
    "reactome": ("REACTOME", None),
    "rxnorm": ("RXNORM", "http://purl.bioontology.org/ontology/RXNORM/"),
    "snomedct": ("SNOMEDCT", "http://snomed.info/id/"),
    "unii": ("UNII", None),
    "uniprot": ("UniProtKB", None),
    "uo": ("UO", None),
    "wikidata": ("WIKIDATA", None),
}
#: Other prefixes of the SSSOM curie_map that name vocabularies, not identifier spaces (semapv, the
#: mapping justifications, is one of the project's prefixes, :data:`kg.core.prefixes.PREFIX_IRIS`).
VOCABULARIES: dict[str, tuple[str, str | None]] = {}
#: The project's own entity kinds (kg/ingest/load.py VOCABULARY_FILES), as CURIE prefixes of the mapping table.
KINDS = ("condition", "drug", "journal", "lab-test", "organisation", "process", "protein")
#: Prefix synonyms the project accepts that bioregistry does not list.
LOCAL_SYNONYMS = {"DRUGBANK": ["DB"]}
_ID_BASE = "https://w3id.org/adkg/id/"


def _merge(source, prefix: str, uri_prefix: str, pattern: str | None = None) -> dict[str, Any]:
    """One record with the project's ``prefix`` and ``uri_prefix``; bioregistry's forms (``source``,
    a curies record or None) as synonyms."""
    prefixes: set[str] = set(LOCAL_SYNONYMS.get(prefix, []))
    uris: set[str] = set()
    if source is not None:
        prefixes |= {source.prefix, *source.prefix_synonyms}
        uris |= {source.uri_prefix, *source.uri_prefix_synonyms}
        pattern = pattern or source.pattern
    record: dict[str, Any] = {"prefix": prefix, "uri_prefix": uri_prefix,
                              "prefix_synonyms": sorted(prefixes - {prefix}),
                              "uri_prefix_synonyms": sorted(uris - {uri_prefix})}
    if pattern:
        record["pattern"] = pattern
    return record


def _vocabulary_source(converter, prefix: str, iri: str):
    """bioregistry's record for the vocabulary at ``iri``, if it has one that covers that IRI."""
    source = converter.get_record(prefix)
    if source is not None and iri in (source.uri_prefix, *source.uri_prefix_synonyms):
        return source
    parsed = converter.parse_uri(iri + "x")
    return converter.get_record(parsed.prefix) if parsed is not None and parsed.identifier == "x" else None


def generate() -> dict[str, Any]:
    """The prefix map document, from the installed bioregistry (imported here: not a run-time dependency)."""
    import bioregistry  # noqa: PLC0415 - only the generator needs it
    from curies import Converter  # noqa: PLC0415

    source = bioregistry.manager.get_converter()
    records, forms, wikidata = [], [], {}
    for name, (prefix, uri_prefix) in sorted({**SPACES, **VOCABULARIES}.items()):
        found = source.get_record(name)
        if found is None:
            raise SystemExit(f"bioregistry {version('bioregistry')} has no prefix {name!r}")
        records.append(_merge(found, prefix, uri_prefix or found.uri_prefix))
        if prefix != found.prefix or (uri_prefix or found.uri_prefix) != found.uri_prefix:
            forms.append({"bioregistry": found.prefix, "bioregistry_uri_prefix": found.uri_prefix,
                          "prefix": prefix, "uri_prefix": uri_prefix or found.uri_prefix})
        resource = bioregistry.manager.get_resource(name)
        property_id = (resource.mappings or {}).get("wikidata.property") if resource else None
        if property_id and name in SPACES:
            wikidata[property_id] = prefix
    for prefix, iri in PREFIX_IRIS.items():
        records.append(_merge(_vocabulary_source(source, prefix, iri), prefix, iri))
    for kind in KINDS:
        records.append(_merge(None, kind, f"{_ID_BASE}{kind}/"))
    records.sort(key=lambda r: r["prefix"].casefold())
    Converter.from_extended_prefix_map(records)  # raises on a clash between records
    return {
        "description": "Extended prefix map (python package curies) of the identifier spaces and vocabularies "
                       "the project writes and reads. Generated from bioregistry by "
                       "`python -m kg.core.prefix_map_source`; do not edit by hand.",
        "bioregistry_version": version("bioregistry"),
        "project_forms_note": "prefix and uri_prefix are the forms the project writes (the SSSOM curie_map's and "
                              "the IRIs in the graph); where they differ from bioregistry's, bioregistry's forms "
                              "are kept as synonyms and listed in project_forms.",
        "project_forms": forms,
        "local_prefix_synonyms_note": "prefix synonyms the project accepts that bioregistry does not list",
        "local_prefix_synonyms": LOCAL_SYNONYMS,
        "identifier_spaces": sorted(prefix for prefix, _ in SPACES.values()),
        "wikidata_properties": dict(sorted(wikidata.items(), key=lambda item: int(item[0][1:]))),
        "records": records,
    }


def main(argv: list[str] | None = None) -> int:
    """Write the document to the path given (default ontology/prefixes.epm.json)."""
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0] if args else "ontology/prefixes.epm.json")
    target.write_text(json.dumps(generate(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
