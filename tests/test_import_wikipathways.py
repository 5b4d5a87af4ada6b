"""The WikiPathways adapters (GPML, datanodes TSV) on real excerpts of WP5538 (tests/fixtures/import/wikipathways,
see SOURCE.md there). Expected values are read off the fixture files by hand and written here."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.core.errors import KgError
from kg.link import formats
from kg.link.adapters import wikipathways, wikipathways_tsv
from kg.link.model import Collector, Context

FIXTURES = Path(__file__).parent / "fixtures" / "import" / "wikipathways"
GPML = FIXTURES / "WP5538-excerpt.gpml"
TSV = FIXTURES / "WP5538-datanodes-excerpt.tsv"
BASE = "https://w3id.org/adkg/id/import/wp5538/"
BL = "https://w3id.org/biolink/vocab/"
WP = "http://vocabularies.wikipathways.org/wp#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def run(path: Path, name: str = "wp5538") -> Collector:
    sink = Collector()
    formats.detect(path).read(path, sink, Context(name, path))
    return sink


def triples(sink: Collector) -> set[tuple[str, str, str]]:
    return {(t.subject.value, t.predicate.value, t.object.value) for t in sink.triples}  # type: ignore[union-attr]


def mentions(sink: Collector) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for m in sink.mentions:
        found.setdefault(m.node.removeprefix(BASE), []).append(m.text)
    return found


# --- format detection --------------------------------------------------------------------------------------------

def test_both_formats_are_registered_and_detected():
    names = [f.name for f in formats.formats()]
    assert "gpml" in names and "wikipathways-tsv" in names
    assert formats.detect(GPML).name == "gpml"
    assert formats.detect(TSV).name == "wikipathways-tsv"


def test_sniffers_refuse_other_tables_and_xml():
    assert not wikipathways_tsv.sniff("x.tsv", b"subject\tpredicate\tobject\n")
    assert not wikipathways.sniff("x.xml", b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x"/>')


# --- GPML ----------------------------------------------------------------------------------------------------------

def test_gpml_pathway_node():
    got = triples(run(GPML))
    pathway = BASE + "pathway/WP5538"
    assert (pathway, RDF_TYPE, BL + "Pathway") in got
    assert (pathway, LABEL, "Atopic dermatitis mechanism and therapies") in got
    assert (pathway, "https://schema.org/identifier", "WP5538") in got
    assert (pathway, "https://schema.org/version", "WP5538_r140899") in got
    assert mentions(run(GPML))["pathway/WP5538"] == ["wikipathways:WP5538"]


def test_gpml_drugs_and_targets_with_their_xrefs_as_mentions():
    found = mentions(run(GPML))
    # DrugBank Xrefs of the drugs (WP5538 has no tofacitinib).
    assert found["datanode/a73b3"] == ["DrugBank:DB12159"]      # Dupilumab
    assert found["datanode/b5432"] == ["DrugBank:DB15091"]      # Upadacitinib
    assert found["datanode/bf286"] == ["DrugBank:DB14973"]      # Abrocitinib
    assert found["datanode/aa167"] == ["DrugBank:DB11817"]      # Baricitinib
    assert found["datanode/aa5d2"] == ["DrugBank:DB12169"]      # Tralokinumab
    # Gene products carry Ensembl in the GPML.
    assert found["datanode/b78da"] == ["Ensembl:ENSG00000113520"]  # IL4
    assert found["datanode/ad0d7"] == ["Ensembl:ENSG00000169194"]  # IL13
    assert found["datanode/caa2f"] == found["datanode/a66a5"] == ["Ensembl:ENSG00000077238"]  # IL4R, twice
    assert found["datanode/d0426"] == ["CHEBI:50904"]           # ChEBI ID already prefixed: not doubled
    assert found["publication/cfe"] == ["PubMed:35291649"]
    assert found["term/DOID%3A3310"] == ["DOID:3310"]
    assert "datanode/e9580" not in found                        # JAK1 with an empty Xref ID
    assert "datanode/c721f" not in found                        # S. aureus, no Xref
    assert not any("tofacitinib" in t.object.value.lower() for t in run(GPML).triples)


def test_gpml_mention_places_name_the_line_and_record():
    where = {m.text: m.where for m in run(GPML).mentions}
    assert where["DrugBank:DB12159"] == "line 77: DataNode 'a73b3' (Dupilumab), field 'Xref'"
    assert where["wikipathways:WP5538"].startswith("line 2:")


def test_gpml_categories_labels_and_identifiers():
    got = triples(run(GPML))
    node = BASE + "datanode/"
    assert (node + "a73b3", RDF_TYPE, BL + "Drug") in got
    assert (node + "a73b3", LABEL, "Dupilumab") in got
    assert (node + "a73b3", "https://schema.org/identifier", "DB12159") in got
    assert (node + "a73b3", "http://purl.org/dc/terms/identifier", "a73b3") in got
    assert (node + "b78da", RDF_TYPE, BL + "Gene") in got
    assert (node + "d0426", RDF_TYPE, BL + "ChemicalEntity") in got
    assert (node + "c721f", RDF_TYPE, BL + "NamedThing") in got
    assert (BASE + "pathway/WP5538", BL + "has_participant", node + "a73b3") in got
    assert (BASE + "term/DOID%3A3310", RDF_TYPE, BL + "Disease") in got
    assert (BASE + "pathway/WP5538", BL + "related_to", BASE + "term/DOID%3A3310") in got
    assert (BASE + "pathway/WP5538", "http://purl.org/dc/terms/references", BASE + "publication/cfe") in got
    participants = {s for s, p, _ in got if p == BL + "has_participant"}
    assert participants == {BASE + "pathway/WP5538"}
    assert sum(1 for _, p, _ in got if p == BL + "has_participant") == 21


def test_gpml_groups_and_interactions():
    got = triples(run(GPML))
    node, group = BASE + "datanode/", BASE + "group/"
    assert (group + "b908a", RDF_TYPE, BL + "MacromolecularComplex") in got
    assert (group + "b908a", BL + "has_part", node + "a66a5") in got
    assert (group + "b1b80", RDF_TYPE, BL + "NamedThing") in got
    # cd642: Dupilumab -mim-inhibition-> IL4R (a66a5)
    interaction = BASE + "interaction/cd642"
    assert (interaction, RDF_TYPE, WP + "Inhibition") in got
    assert (interaction, WP + "source", node + "a73b3") in got
    assert (interaction, WP + "target", node + "a66a5") in got
    assert (node + "a73b3", BL + "regulates", node + "a66a5") in got
    # ae990 starts on the group c5b2c (GroupId b1b80, the JAK inhibitors) and ends on JAK1 a33d2.
    assert (group + "b1b80", BL + "regulates", node + "a33d2") in got
    # ae4b8 ends on a Shape (a cell): no edge, no interaction node.
    assert not any(s == BASE + "interaction/ae4b8" for s, _, _ in got)
    edges = {(s, o) for s, p, o in got if p == BL + "regulates"}
    assert len(edges) == 5


def test_gpml_2021_namespace():
    data = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
            b'<Pathway xmlns="http://pathvisio.org/GPML/2021" title="T" organism="Homo sapiens">\n'
            b'  <Xref identifier="WP9" dataSource="wikipathways" />\n'
            b'  <DataNodes>\n'
            b'    <DataNode elementId="a" textLabel="IL4R" type="GeneProduct" groupRef="g">\n'
            b'      <Xref identifier="P24394" dataSource="uniprot" />\n'
            b'    </DataNode>\n'
            b'    <DataNode elementId="b" textLabel="Dupilumab" type="Metabolite">\n'
            b'      <Xref identifier="DB12159" dataSource="drugbank" />\n'
            b'    </DataNode>\n'
            b'  </DataNodes>\n'
            b'  <Interactions>\n'
            b'    <Interaction elementId="i"><Waypoints>\n'
            b'      <Point elementId="p1" arrowHead="Undirected" elementRef="b" />\n'
            b'      <Point elementId="p2" arrowHead="Inhibition" elementRef="g" />\n'
            b'    </Waypoints></Interaction>\n'
            b'  </Interactions>\n'
            b'  <Groups><Group elementId="g" type="Complex" /></Groups>\n'
            b'</Pathway>\n')
    sink = Collector()
    wikipathways.read_root(wikipathways.safexml.parse_bytes(data, "t.gpml"), sink, Context("t", Path("t.gpml")))
    base = "https://w3id.org/adkg/id/import/t/"
    assert [(m.text, m.where) for m in sink.mentions] == [
        ("wikipathways:WP9", "line 2: Pathway, field 'Version'"),
        ("uniprot:P24394", "line 6: DataNode 'a' (IL4R), field 'Xref'"),
        ("drugbank:DB12159", "line 9: DataNode 'b' (Dupilumab), field 'Xref'")]
    got = triples(sink)
    assert (base + "datanode/a", RDF_TYPE, BL + "Protein") in got
    assert (base + "datanode/b", RDF_TYPE, BL + "Drug") in got
    assert (base + "group/g", BL + "has_part", base + "datanode/a") in got
    assert (base + "datanode/b", BL + "regulates", base + "group/g") in got
    assert (base + "interaction/i", RDF_TYPE, WP + "Inhibition") in got


# --- datanodes TSV -------------------------------------------------------------------------------------------------

def test_tsv_rows_and_mentions():
    sink = run(TSV)
    found = mentions(sink)
    # line numbers of the excerpt: the header is line 1.
    assert found["row/3"] == ["drugbank:DB12159", "wikidata:Q5315925"]                      # Dupilumab
    assert found["row/4"][0] == "drugbank:DB15091"                                          # Upadacitinib
    assert found["row/5"][0] == "drugbank:DB14973"                                          # Abrocitinib
    assert found["row/6"][0] == "drugbank:DB11817"                                          # Baricitinib
    assert found["row/12"] == ["ensembl:ENSG00000169194", "ncbigene:3596", "hgnc.symbol:IL13", "uniprot:P35225"]
    assert "uniprot:P05112" in found["row/11"]                                              # IL4
    assert found["row/10"][:4] == ["ensembl:ENSG00000077238", "ncbigene:3566", "hgnc.symbol:IL4R", "uniprot:H3BSE7"]
    assert "uniprot:P24394" in found["row/10"] and "uniprot:P24394" in found["row/13"]      # IL4R, both rows
    assert found["row/8"] == ["chebi:50904"]  # Identifier and ChEBI column say the same: one mention
    assert found["pathway/WP5538"] == ["wikipathways:WP5538"]
    texts = [m.text for m in sink.mentions]
    assert not any("tofacitinib" in t.lower() for t in texts)
    assert sum(t.startswith("drugbank:") for t in texts) == 6
    where = {m.text: m.where for m in sink.mentions}
    assert where["uniprot:P35225"] == "line 12, field 'UniProt'"
    assert where["drugbank:DB12159"] == "line 3, field 'Identifier'"


def test_tsv_triples():
    got = triples(run(TSV))
    row = BASE + "row/"
    assert (row + "3", RDF_TYPE, BL + "Drug") in got
    assert (row + "3", LABEL, "Dupilumab") in got
    assert (row + "3", "https://schema.org/identifier", "drugbank:DB12159") in got
    assert (row + "12", RDF_TYPE, BL + "Gene") in got
    assert (row + "12", LABEL, "IL13") in got
    assert (row + "9", "http://www.w3.org/2000/01/rdf-schema#comment", "'CD132' in source") in got
    assert (row + "8", RDF_TYPE, BL + "ChemicalEntity") in got
    assert (BASE + "pathway/WP5538", BL + "has_participant", row + "14") in got
    assert sum(1 for _, p, _ in got if p == BL + "has_participant") == 13


# --- bad input -----------------------------------------------------------------------------------------------------

def test_broken_xml_names_its_line(tmp_path):
    bad = tmp_path / "WP1.gpml"
    bad.write_text('<?xml version="1.0"?>\n<Pathway xmlns="http://pathvisio.org/GPML/2013a" Name="x">\n'
                   '  <DataNode TextLabel="a" GraphId="a">\n</Pathway>\n', encoding="utf-8")
    with pytest.raises(KgError, match=r"WP1\.gpml:4: malformed XML: mismatched tag"):
        run(bad)


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE Pathway [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    '<!DOCTYPE Pathway SYSTEM "http://127.0.0.1:9/evil.dtd">',
])
def test_doctype_is_refused(tmp_path, doctype):
    bad = tmp_path / "bomb.gpml"
    bad.write_text(f'<?xml version="1.0"?>\n{doctype}\n<Pathway xmlns="http://pathvisio.org/GPML/2013a" Name="&b;"/>\n',
                   encoding="utf-8")
    with pytest.raises(KgError, match=r"bomb\.gpml:2: a DOCTYPE declaration is refused"):
        run(bad)


def test_not_a_pathway(tmp_path):
    bad = tmp_path / "x.gpml"
    bad.write_text('<Pathway xmlns="urn:other"/>', encoding="utf-8")
    with pytest.raises(KgError, match=r"x\.gpml:1: not a GPML pathway"):
        run(bad)


def test_tsv_missing_column(tmp_path):
    bad = tmp_path / "WP5538-datanodes.tsv"
    bad.write_text("Label\tType\tComment\nIL4\tGeneProduct\t\n", encoding="utf-8")
    with pytest.raises(KgError, match=r"WP5538-datanodes\.tsv:1: missing column 'Identifier'"):
        wikipathways_tsv.read(bad, Collector(), Context("t", bad))


def test_tsv_short_row_names_its_line(tmp_path):
    bad = tmp_path / "WP5538-datanodes.tsv"
    lines = TSV.read_text(encoding="utf-8").splitlines()
    bad.write_text("\n".join([*lines[:3], "IL4\tGeneProduct", *lines[3:]]) + "\n", encoding="utf-8")
    with pytest.raises(KgError, match=r"WP5538-datanodes\.tsv:4: 2 fields, the header has 16"):
        run(bad)


# --- determinism ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", [GPML, TSV], ids=["gpml", "tsv"])
def test_two_reads_are_identical(path):
    first, second = run(path), run(path)
    assert first.triples == second.triples
    assert first.mentions == second.mentions
    assert all(isinstance(t.subject, ox.NamedNode) for t in first.triples)  # no blank nodes
