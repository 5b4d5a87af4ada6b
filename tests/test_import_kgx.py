"""The Biolink KGX adapter (kg.link.adapters.kgx) on real KGX files from biolink/kgx's test
resources (tests/fixtures/import/kgx/SOURCE.md); expected values are read off those files."""

from __future__ import annotations

import gzip
import io
import tarfile
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.core.errors import KgError
from kg.link import formats
from kg.link.adapters import kgx
from kg.link.model import Collector, Context

FIXTURES = Path(__file__).parent / "fixtures" / "import" / "kgx"
NODE = "https://w3id.org/adkg/id/import/kgx/node/"
BL = "https://w3id.org/biolink/vocab/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
IDENTIFIER = "https://schema.org/identifier"


def read(path: Path) -> Collector:
    sink = Collector()
    formats.detect(path).read(path, sink, Context(name="kgx", source=path))
    return sink


def values(sink: Collector) -> set[tuple[str, str, str]]:
    return {(t.subject.value, t.predicate.value, t.object.value) for t in sink.triples}


def mentions(sink: Collector) -> list[tuple[str, str, str]]:
    return [(m.node, m.text, m.where) for m in sink.mentions]


def archive(folder: Path, name: str, members: dict[str, bytes]) -> Path:
    path = folder / name
    with tarfile.open(path, "w:gz") as tar:
        for member, data in members.items():
            info = tarfile.TarInfo(member)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_nodes_tsv_types_labels_identifiers_and_mentions():
    sink = read(FIXTURES / "graph_multi_category_nodes.tsv")
    triples = values(sink)
    shh = NODE + "HGNC%3A10848"
    assert {(shh, RDF_TYPE, BL + c) for c in ("NamedThing", "GenomicEntity", "Gene")} <= triples
    assert (shh, LABEL, "SHH (human)") in triples
    assert (shh, IDENTIFIER, "HGNC:10848") in triples
    # the MONDO row stops before the last column (taxon); KGX reads it, so do we
    mondo = NODE + "MONDO%3A0010011"
    assert (mondo, LABEL, "schizencephaly") in triples
    assert (mondo, RDF_TYPE, BL + "Disease") in triples
    assert mentions(sink)[0] == (shh, "HGNC:10848", "line 2")
    assert (mondo, "MONDO:0010011", "line 7") in mentions(sink)
    assert len(sink.mentions) == 10  # one per node: this file has no xref column
    assert all(t.subject.value.startswith(NODE) for t in sink.triples)


def test_edges_tsv_biolink_predicates_between_the_imports_nodes():
    sink = read(FIXTURES / "graph_multi_category_edges.tsv")
    assert (NODE + "HGNC%3A10848", BL + "interacts_with", NODE + "NCBIGene%3A6469") in values(sink)
    assert (NODE + "MONDO%3A0010011", BL + "has_phenotype", NODE + "HP%3A0010636") in values(sink)
    assert len(sink.triples) == 9 and not sink.mentions  # relation, provided_by, ... are dropped


def test_a_kg_hub_style_archive_reads_both_members():
    path = FIXTURES / "chebi_kgx_tsv.tar.gz"
    assert formats.detect(path).name == "kgx-tsv"
    sink = read(path)
    ggti = NODE + "CHEBI%3A101257"
    assert (ggti, LABEL, "GGTI-2133 free base") in values(sink)
    assert (ggti, RDF_TYPE, BL + "NamedThing") in values(sink)
    assert (ggti, BL + "subclass_of", NODE + "CHEBI%3A22702") in values(sink)
    assert mentions(sink)[0] == (ggti, "CHEBI:101257", "chebi_kgx_tsv_nodes.tsv line 2")
    assert len(sink.mentions) == 9
    assert sum(t.predicate.value == BL + "subclass_of" for t in sink.triples) == 8
    assert (ggti, BL + "has_attribute", NODE + "CHEBI%3A67267") in values(sink)


def test_jsonl_nodes_and_edges():
    nodes = read(FIXTURES / "valid_nodes.jsonl")
    compound = NODE + "PUBCHEM.COMPOUND%3A10429502"
    assert (compound, LABEL, "16|A-Methyl Prednisolone") in values(nodes)  # no '|' splitting in JSON
    assert {(compound, RDF_TYPE, BL + "ChemicalEntity"), (compound, RDF_TYPE, BL + "NamedThing")} <= values(nodes)
    assert (NODE + "MONDO%3A0005002", "MONDO:0005002", "line 2") in mentions(nodes)
    edges = read(FIXTURES / "valid_edges.jsonl")
    assert (NODE + "HGNC%3A11603", BL + "related_to", NODE + "MONDO%3A0007841") in values(edges)
    assert len(edges.triples) == 5


MONARCH_NODES = (
    "id\tcategory\tname\txref\tprovided_by\tin_taxon\tsymbol\n"
    "MONDO:0004980\tbiolink:Disease\tatopic eczema\tDOID:3310|MESH:D003876|UMLS:C0011615\tinfores:mondo\t\t\n"
    "HGNC:6015\tbiolink:Gene\tIL4R\tENSEMBL:ENSG00000077238|OMIM:147781\tinfores:hgnc\tNCBITaxon:9606\tIL4R\n"
)


def test_xrefs_are_mentioned_beside_the_id(tmp_path):
    path = tmp_path / "ad_nodes.tsv"
    path.write_text(MONARCH_NODES, encoding="utf-8")
    sink = read(path)
    ad = NODE + "MONDO%3A0004980"
    assert mentions(sink)[:4] == [(ad, "MONDO:0004980", "line 2"), (ad, "DOID:3310", "line 2"),
                                  (ad, "MESH:D003876", "line 2"), (ad, "UMLS:C0011615", "line 2")]
    assert (NODE + "HGNC%3A6015", "ENSEMBL:ENSG00000077238", "line 3") in mentions(sink)
    assert (ad, LABEL, "atopic eczema") in values(sink)


def test_a_pair_of_jsonl_files_in_one_archive(tmp_path):
    path = archive(tmp_path, "kg.tar.gz", {"kg_nodes.jsonl": (FIXTURES / "valid_nodes.jsonl").read_bytes(),
                                           "kg_edges.jsonl": (FIXTURES / "valid_edges.jsonl").read_bytes(),
                                           "README.txt": b"skipped\n"})
    assert formats.detect(path).name == "kgx-jsonl"
    sink = read(path)
    assert len(sink.mentions) == 7 and len(sink.triples) == 22 + 5
    assert sink.mentions[0].where == "kg_nodes.jsonl line 1"


def test_a_gzipped_edges_file(tmp_path):
    path = tmp_path / "ad_edges.tsv.gz"
    path.write_bytes(gzip.compress(b"subject\tpredicate\tobject\nCHEBI:134717\tbiolink:treats\tMONDO:0004980\n"))
    assert formats.detect(path).name == "kgx-tsv"
    assert values(read(path)) == {(NODE + "CHEBI%3A134717", BL + "treats", NODE + "MONDO%3A0004980")}


@pytest.mark.parametrize(("name", "text", "message"), [
    ("bad_nodes.tsv", "id\tcategory\tname\nHGNC:6014\tbiolink:Gene\tIL4\nHGNC:5973\tbiolink:Gene\tIL13\textra\n",
     "bad_nodes.tsv:3: 4 fields, but the header has 3 columns"),
    ("bad_edges.tsv", "subject\tpredicate\tobject\nHGNC:6014\tbiolink:interacts_with\tHGNC:6015\tx\n",
     "bad_edges.tsv:2: 4 fields, but the header has 3 columns"),
    ("bad_edges.jsonl", '{"subject": "HGNC:6014", "predicate": "biolink:interacts_with", "object": "HGNC:6015"}\n'
     '{"subject": "HGNC:5973", oops}\n', "bad_edges.jsonl:2: not JSON"),
    ("bad.tsv", "identifier\tcategory\nHGNC:6014\tbiolink:Gene\n", "bad.tsv:1: the header has neither"),
    ("bad2_edges.tsv", "subject\tpredicate\tobject\nHGNC:6014\tRO:0002436\tHGNC:6015\n",
     "bad2_edges.tsv:2: predicate 'RO:0002436' is neither a Biolink term"),
    ("bad3_edges.tsv", "subject\tpredicate\tobject\nHGNC:6014\t\tHGNC:6015\n",
     "bad3_edges.tsv:2: an edge needs a subject, a predicate and an object"),
    ("bad_nodes.jsonl", '{"id": "HGNC:6014", "category": ["biolink:Gene"]}\n{"category": ["biolink:Gene"]}\n',
     "bad_nodes.jsonl:2: field 'id' is missing"),
    ("bad4_nodes.tsv", "id\tcategory\n\xff\n", "bad4_nodes.tsv:2: not UTF-8 text"),
])
def test_bad_input_names_the_file_and_line(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_bytes(text.encode("latin-1") if "\xff" in text else text.encode("utf-8"))
    reader = kgx.read_jsonl if name.endswith(".jsonl") else kgx.read_tsv
    with pytest.raises(KgError) as caught:
        reader(path, Collector(), Context(name="kgx", source=path))
    assert str(caught.value).startswith(message)


def test_an_archive_without_kgx_members_is_refused(tmp_path):
    path = archive(tmp_path, "x.tar.gz", {"notes.txt": b"nothing here\n"})
    with pytest.raises(KgError, match="x.tar.gz: the archive holds no KGX member"):
        kgx.read_tsv(path, Collector(), Context(name="kgx", source=path))


def test_sniffers_tell_kgx_from_other_tables():
    assert kgx._sniff_tsv("x.tsv", b"id\tcategory\tname\nHGNC:1\tbiolink:Gene\tA1BG\n")
    assert kgx._sniff_tsv("x.tsv", b"subject\tpredicate\tobject\n")
    assert not kgx._sniff_tsv("x.tsv", b"drug\tdisease\nDB08895\tDOID:3310\n")
    assert not kgx._sniff_tsv("x.tsv", b"id,category\n1,2\n")
    assert kgx._sniff_jsonl("x.jsonl", b'{"id": "HGNC:1", "category": ["biolink:Gene"]}\n')
    assert not kgx._sniff_jsonl("x.jsonl", b'{"id": "https://openalex.org/W1", "title": "x"}\n')
    assert not kgx._sniff_jsonl("x.jsonl", b"id\tcategory\n")


def test_the_same_file_gives_the_same_triples_in_the_same_order():
    for name in ("chebi_kgx_tsv.tar.gz", "graph_multi_category_nodes.tsv", "valid_nodes.jsonl"):
        first, second = read(FIXTURES / name), read(FIXTURES / name)
        assert first.triples == second.triples and first.mentions == second.mentions
        assert all(isinstance(t.subject, ox.NamedNode) for t in first.triples)  # no blank nodes
