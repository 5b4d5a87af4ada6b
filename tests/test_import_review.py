"""Regression tests from the review of issue 12's import boundary: bad input to each adapter is an
error naming the file and its line (or record and field), never a traceback ("internal error").

Each test writes its own small hostile file into tmp_path; the expected messages are written here.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from kg.core.errors import KgError
from kg.link.formats import by_name, detect
from kg.link.model import Collector, Context


def read(fmt: str, path: Path, **options: str) -> Collector:
    sink = Collector()
    by_name(fmt).read(path, sink, Context("review", path, options))
    return sink


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# --- WikiPathways datanodes TSV: a field over the csv module's size limit ------------------------------

def test_datanodes_tsv_field_over_the_csv_limit_is_an_error_with_its_line(tmp_path):
    path = write(tmp_path, "WP1-datanodes.tsv", "Label\tType\tIdentifier\n"
                 "IL4R\tGeneProduct\tuniprot:P24394\n"
                 "x\tGeneProduct\t" + "A" * 200_000 + "\n")
    with pytest.raises(KgError, match=r"WP1-datanodes\.tsv:3: field larger than field limit"):
        read("wikipathways-tsv", path)


def test_datanodes_tsv_header_over_the_csv_limit_is_an_error_at_line_1(tmp_path):
    path = write(tmp_path, "WP1-datanodes.tsv", "Label\tType\tIdentifier\t" + "A" * 200_000 + "\n")
    with pytest.raises(KgError, match=r"WP1-datanodes\.tsv:1: field larger"):
        read("wikipathways-tsv", path)


# --- DrugMechDB: a relationship key that is not a name -------------------------------------------------

DRUGMECHDB = """\
- directed: true
  graph:
    _id: DB00001_MESH_D003876_1
    disease: Atopic dermatitis
    disease_mesh: MESH:D003876
    drug: Dupilumab
    drug_mesh: MESH:C582203
    drugbank: DB:DB12159
  links:
  - key: {key}
    source: MESH:C582203
    target: UniProt:P24394
  multigraph: true
  nodes:
  - id: MESH:C582203
    label: Drug
    name: Dupilumab
  - id: UniProt:P24394
    label: Protein
    name: IL4R
"""


@pytest.mark.parametrize("key", ["'<positively regulates'", "'decreases {activity} of'", "'a b>c'"])
def test_drugmechdb_relationship_key_with_iri_characters_is_an_error_with_its_line(tmp_path, key):
    path = write(tmp_path, "paths.yaml", DRUGMECHDB.format(key=key))
    with pytest.raises(KgError, match=r"paths\.yaml:10: path 'DB00001_MESH_D003876_1', field 'links\[0\]\.key': "
                                      r".* is not a relationship name"):
        read("drugmechdb", path)


def test_drugmechdb_good_key_still_reads(tmp_path):
    path = write(tmp_path, "paths.yaml", DRUGMECHDB.format(key="negatively regulates"))
    edges = [t for t in read("drugmechdb", path).triples
             if t.predicate.value == "https://w3id.org/biolink/vocab/negatively_regulates"]
    assert len(edges) == 1


# --- dismech: a descriptor under a slot name that cannot be an IRI; descriptors nested deeply --------

def test_dismech_descriptor_slot_with_a_space_is_an_error_with_its_line(tmp_path):
    path = write(tmp_path, "x.yaml", "name: X\npathophysiology:\n- name: M\n  biologic al_processes:\n"
                                     "  - preferred_term: p\n    term: {id: 'GO:0042092', label: l}\n")
    with pytest.raises(KgError, match=r"x\.yaml:4: mechanism 'M', field 'biologic al_processes\[0\]': "
                                      r"a descriptor's slot is a name"):
        read("dismech", path)


def test_dismech_descriptors_nested_deeper_than_python_recursion(tmp_path):
    depth = 990  # under the YAML reader's own nesting limit (1000), over Python's recursion limit
    flow = "{term: {id: 'GO:1'}, x: " * depth + "{term: {id: 'GO:2'}}" + "}" * depth
    path = write(tmp_path, "x.yaml", f"name: X\npathophysiology:\n- name: M\n  x: {flow}\n")
    sink = read("dismech", path)
    slot = "https://w3id.org/monarch-initiative/dismech/x"
    mechanism = "https://w3id.org/adkg/id/import/review/mechanism/M"
    targets = [t.object.value for t in sink.triples if t.predicate.value == slot]
    assert all(t.subject.value == mechanism for t in sink.triples if t.predicate.value == slot)
    # depth first, in document order: GO:1 (said once: one node per id), then GO:2
    assert targets == ["https://w3id.org/adkg/id/import/review/term/GO%3A1",
                       "https://w3id.org/adkg/id/import/review/term/GO%3A2"]


# --- JSON nested deeper than Python's decoder recurses ---------------------------------------------------

DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize(("fmt", "name", "text", "where"), [
    ("pubtator-biocjson", "x.json",
     '{"PubTator3": [{"passages": [], "infons": {}, "annotations": ' + DEEP + "}]}", r"x\.json: JSON nested"),
    ("openalex-works", "x.json", '{"id": "https://openalex.org/W1", "x": ' + DEEP + "}", r"x\.json: JSON nested"),
    ("openalex-works", "x.jsonl", '{"id": "https://openalex.org/W1"}\n{"x": ' + DEEP + "}\n",
     r"x\.jsonl:2: JSON nested"),
    ("kgx-jsonl", "x_nodes.jsonl", '{"id": "HGNC:1", "category": ["biolink:Gene"]}\n{"id": "HGNC:2", '
     '"category": ' + DEEP + "}\n", r"x_nodes\.jsonl:2: JSON nested"),
])
def test_deeply_nested_json_is_an_error_not_a_recursion_error(tmp_path, fmt, name, text, where):
    path = write(tmp_path, name, text)
    with pytest.raises(KgError, match=where):
        read(fmt, path)


def test_kgx_sniffer_survives_deeply_nested_json(tmp_path):
    path = write(tmp_path, "x_nodes.jsonl", '{"id": "HGNC:1", "category": ' + DEEP + "}\n")
    with pytest.raises(KgError, match="fits none of the formats"):
        detect(path)


def _gz(path: Path, *chunks: bytes) -> Path:
    with gzip.open(path, "wb") as handle:
        for chunk in chunks:
            handle.write(chunk)
    return path



# --- JSON-LD nested deeply: refused before Oxigraph's parser (memory grows with depth squared) -------

@pytest.mark.parametrize("inner", ['{"q": ', "[", '{"@list": ['])
def test_deeply_nested_jsonld_is_refused_with_its_line(tmp_path, inner):
    closing = {'{"q": ': "}", "[": "]", '{"@list": [': "]}"}[inner]
    depth = 1000
    path = write(tmp_path, "deep.jsonld", '{"@context": {"@vocab": "http://example.org/"},\n "@id": "http://example.org/a",'
                 '\n "p": ' + inner * depth + "1" + closing * depth + "}\n")
    with pytest.raises(KgError, match=r"deep\.jsonld:3: JSON nested deeper than 100 objects and arrays"):
        read("json-ld", path)


def test_jsonld_nested_within_the_limit_still_reads(tmp_path):
    depth = 90
    path = write(tmp_path, "deep.jsonld", '{"@context": {"@vocab": "http://example.org/"}, '
                 '"@id": "http://example.org/a", "p": ' + '{"q": ' * depth + "1" + "}" * depth + "}")
    assert len(read("json-ld", path).triples) == depth + 1


# --- KGX / OpenAlex JSON Lines: a gzip whose one line decompresses to hundreds of MiB ------------------

def _one_long_line(path: Path, start: bytes, end: bytes, mebibytes: int) -> Path:
    with gzip.open(path, "wb") as handle:
        handle.write(start)
        for _ in range(mebibytes):
            handle.write(b"A" * (1 << 20))
        handle.write(end)
    return path


@pytest.mark.parametrize("fmt,name,head,tail,mib,message", [
    # a KGX TSV line is refused before it is read whole
    ("kgx-tsv", "x_edges.tsv.gz", b"subject\tpredicate\tobject\n", b"\tbiolink:x\tB\n", 17,
     r"x_edges\.tsv\.gz:2: a line longer than 16 MiB"),
    ("kgx-jsonl", "x_nodes.jsonl.gz", b'{"id": "X:1", "name": "', b'"}\n', 17,
     r"x_nodes\.jsonl\.gz:1: a line longer than 16 MiB"),
    ("openalex-works", "works.jsonl.gz", b'{"id": "https://openalex.org/W1", "title": "', b'"}\n', 65,
     r"works\.jsonl\.gz:1: a line longer than 64 MiB"),
])
def test_a_line_longer_than_the_limit_is_refused(tmp_path, fmt, name, head, tail, mib, message):
    path = _one_long_line(tmp_path / name, head, tail, mib)
    with pytest.raises(KgError, match=message):
        read(fmt, path)


def test_kgx_lines_under_the_limit_still_read(tmp_path):
    path = _one_long_line(tmp_path / "x_nodes.tsv.gz", b"id\tname\nX:1\t", b"\n", 2)
    sink = read("kgx-tsv", path)
    labels = [t.object.value for t in sink.triples if t.predicate.value.endswith("#label")]
    assert [len(label) for label in labels] == [2 << 20]


# --- JSON-LD: an invalid IRI the context expanded (@vocab, a prefix) is found at its line too --------

@pytest.mark.parametrize(("context", "key"), [('{"@vocab": "http://example.org/"}', "b`c"),
                                              ('{"ex": "http://example.org/"}', "ex:b`c")])
def test_jsonld_invalid_iri_from_a_term_names_its_line(tmp_path, context, key):
    path = write(tmp_path, "t.jsonld", f'{{\n "@context": {context},\n "@id": "http://example.org/a",\n'
                                       f' "http://example.org/p": "v",\n "{key}": "v"\n}}\n')
    with pytest.raises(KgError, match=r"t\.jsonld:5: cannot parse as JSON-LD: invalid IRI "
                                      r"'http://example\.org/b`c' \(character '`'\)"):
        read("json-ld", path)


# --- End to end through `kg import` and the real adapters -----------------------------------------------

DUPILUMAB = "https://w3id.org/adkg/id/drug/dupilumab"
#: A Turtle file that states a label and types for one of our drugs and one of our conditions.
HOSTILE_TURTLE = f"""\
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix adkg: <https://w3id.org/adkg/ontology#> .
<{DUPILUMAB}> rdfs:label "EVIL LABEL" ; a adkg:JAKInhibitor , <https://w3id.org/biolink/vocab/Drug> .
<https://w3id.org/adkg/id/condition/atopic-dermatitis> a adkg:CardiovascularRiskFactor ; rdfs:label "EVIL AD" .
"""


@pytest.fixture()
def project(build_dir, tmp_path):
    import shutil

    from kg.dataset.store import Paths

    root = Path(__file__).resolve().parent.parent
    shutil.copytree(build_dir, tmp_path / "build")
    shutil.copytree(root / "data", tmp_path / "data")
    shutil.copytree(root / "ontology", tmp_path / "ontology")
    return Paths(tmp_path / "build", tmp_path / "data", tmp_path / "ontology")


def kg(paths, *argv: str) -> int:
    from kg.cli.main import main

    return main([*argv, "--build", str(paths.build), "--data", str(paths.data), "--ontology", str(paths.ontology)])


def _rows(paths, helper: str) -> list[tuple]:
    from kg.dataset import query
    from kg.dataset.store import open_store

    return query.run(helper, open_store(paths)).rows


def test_a_turtle_file_about_our_drug_changes_no_helper_label_or_page(project, tmp_path):
    from kg.dataset import query
    from kg.dataset.store import open_store

    before_page, after_page = tmp_path / "before.html", tmp_path / "after.html"
    patients, risk = _rows(project, "patient-table"), _rows(project, "cardiovascular-risk")
    assert len(patients) == 6 and [row[0] for row in risk] == [1, 4, 5]  # Table I; patients 1, 4, 5 have CV risk
    assert kg(project, "viz", "--focus", "dupilumab", "--depth", "1", "-o", str(before_page)) == 0
    assert kg(project, "import", str(write(tmp_path, "hostile.ttl", HOSTILE_TURTLE)), "--name", "hostile") == 0
    assert _rows(project, "patient-table") == patients
    assert _rows(project, "cardiovascular-risk") == risk
    labels = query.sparql(f"SELECT ?l WHERE {{ <{DUPILUMAB}> rdfs:label ?l }}", open_store(project)).rows
    assert labels == [("dupilumab",)]
    assert kg(project, "viz", "--focus", "dupilumab", "--depth", "1", "-o", str(after_page)) == 0
    assert b"EVIL" not in after_page.read_bytes()
    assert after_page.read_bytes() == before_page.read_bytes()


def test_reimporting_jsonld_with_blank_nodes_gives_the_same_bytes(project, tmp_path):
    text = ('{"@context": "https://schema.org", "@type": "ScholarlyArticle",\n'
            ' "identifier": {"@type": "PropertyValue", "propertyID": "doi", "value": "10.1016/J.JAAD.2016.12.005"},\n'
            ' "about": [{"@type": "Drug", "sameAs": "https://go.drugbank.com/drugs/DB14973"}, {"name": "x"}]}\n')
    source = write(tmp_path, "article.jsonld", text)
    assert kg(project, "import", str(source), "--name", "blank") == 0
    first = [(project.build / "imports" / f"blank{suffix}").read_bytes() for suffix in (".nq", ".report.json")]
    assert b"_:" not in first[0] and b"/import/blank/bnode/1>" in first[0]
    assert kg(project, "import", str(source), "--name", "blank") == 0
    assert [(project.build / "imports" / f"blank{suffix}").read_bytes() for suffix in (".nq", ".report.json")] == first


@pytest.mark.parametrize(("name", "text"), [
    ("late.ttl", "@prefix ex: <http://example.org/> .\n" + "ex:s ex:p ex:o .\n" * 500 + "ex:a ex:b <http://x`y> .\n"),
    ("bomb.rdf", '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">]>\n<r>&a;</r>\n'),
    ("late.jsonld", '{"@context": {"@vocab": "http://example.org/"}, "@graph": [\n' + '{"p": "v"},\n' * 50
     + '{"@id": "http://x`y", "p": "v"}]}\n'),
])
def test_a_failed_import_leaves_build_and_data_byte_identical(project, tmp_path, capsys, name, text):
    from conftest import snapshot

    def state():
        # Left out: the freshness check's manifest of data/ and ontology/, which every kg command
        # may rewrite once the copied files are older than its racy window (kg.core.fingerprint),
        # failed import or not; whether that happens between two commands depends on their timing.
        build = {k: v for k, v in snapshot(project.build).items() if k != "store/adkg-inputs.json"}
        return build, snapshot(project.data)

    assert kg(project, "import", str(write(tmp_path, "ok.ttl", HOSTILE_TURTLE)), "--name", "kept") == 0
    before = state()
    for import_name in ("kept", "fresh"):  # replacing an import, and a new one
        capsys.readouterr()
        assert kg(project, "import", str(write(tmp_path, name, text)), "--name", import_name) == 1
        err = capsys.readouterr().err
        assert f"{name}:" in err and "internal error" not in err and "Traceback" not in err
        assert state() == before


def test_kgx_archive_members_with_paths_outside_or_links_are_never_written_or_followed(tmp_path):
    import io
    import tarfile

    outside = write(tmp_path, "outside_nodes.tsv", "id\tcategory\tname\nHGNC:9999\tbiolink:Gene\tSECRET\n")
    folder = tmp_path / "in"
    folder.mkdir()

    def member(archive: tarfile.TarFile, name: str, data: bytes | None = None, **attrs: object) -> None:
        info = tarfile.TarInfo(name)
        for key, value in attrs.items():
            setattr(info, key, value)
        if data is None:
            archive.addfile(info)
        else:
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))

    archive_path = folder / "evil.tar.gz"
    with tarfile.open(archive_path, "w:gz") as archive:
        member(archive, "../../escaped_nodes.tsv", b"id\tcategory\tname\nHGNC:6014\tbiolink:Gene\tIL4R\n")
        member(archive, str(tmp_path / "absolute_edges.tsv"),
               b"subject\tpredicate\tobject\nHGNC:6014\tbiolink:interacts_with\tHGNC:5973\n")
        member(archive, "link_nodes.tsv", type=tarfile.SYMTYPE, linkname=str(outside))
        member(archive, "hard_nodes.tsv", type=tarfile.LNKTYPE, linkname=str(outside))
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    sink = read("kgx-tsv", archive_path)
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before  # nothing extracted anywhere
    labels = [t.object.value for t in sink.triples if t.predicate.value.endswith("#label")]
    assert labels == ["IL4R"]  # the regular members are read; the links are skipped, not followed
    assert [m.where for m in sink.mentions] == ["../../escaped_nodes.tsv line 2"]
    assert len([t for t in sink.triples if t.predicate.value.endswith("interacts_with")]) == 1


# --- RDF/XML nested deeply: Oxigraph's parser takes time growing with the square of the depth --------

def test_deeply_nested_rdf_xml_is_refused_with_its_line(tmp_path):
    depth = 5000
    path = write(tmp_path, "deep.rdf", '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
                 ' xmlns:ex="http://example.org/">\n' + "<rdf:Description><ex:p>" * depth
                 + "</ex:p></rdf:Description>" * depth + "\n</rdf:RDF>\n")
    with pytest.raises(KgError, match=r"deep\.rdf:3: cannot parse as RDF/XML: XML elements nested deeper than 256"):
        read("rdf-xml", path)


def test_rdf_xml_that_is_not_well_formed_xml_is_an_error_with_its_line(tmp_path):
    path = write(tmp_path, "ctrl.rdf", '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
                 ' xmlns:ex="http://example.org/">\n<rdf:Description rdf:about="http://example.org/a">\n'
                 "<ex:p>a\x01b</ex:p></rdf:Description>\n</rdf:RDF>\n")
    with pytest.raises(KgError, match=r"ctrl\.rdf:4: cannot parse as RDF/XML \(column \d+\): malformed XML"):
        read("rdf-xml", path)


def test_rdf_xml_nested_within_the_limit_still_reads(tmp_path):
    depth = 100
    path = write(tmp_path, "ok.rdf", '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
                 ' xmlns:ex="http://example.org/">\n' + "<rdf:Description><ex:p>" * depth + "x"
                 + "</ex:p></rdf:Description>" * depth + "\n</rdf:RDF>\n")
    assert len(read("rdf-xml", path).triples) == depth


def test_kg_build_sync_removes_stray_files_whose_names_no_import_can_have(tmp_path):
    from kg.dataset.store import Paths
    from kg.link.sync import sync_imports

    paths = Paths(tmp_path / "build", tmp_path / "data", tmp_path / "ontology")
    (paths.build / "imports").mkdir(parents=True)
    for stray in ("a b.nq", "Upper.report.json", ".x.1.nq.part"):
        write(paths.build / "imports", stray, "")
    result = sync_imports(paths)  # was: internal error (ValueError: invalid IRI) from the graph name "a b"
    assert result.removed == []
    assert sorted(p.name for p in (paths.build / "imports").iterdir()) == [".x.1.nq.part"]


# --- Determinism across processes: set and dict order must not reach the output ---------------------
# (Two reads in one process iterate sets the same way, so they cannot show a set-order leak; two
# processes with different string-hash seeds can.)

FIXTURES = Path(__file__).parent / "fixtures" / "import"
READ_ALL = """
import sys
from pathlib import Path
from kg.link.formats import by_name
from kg.link.model import Collector, Context
options = {"table": {"subject": "drugbank_id:drugbank,drug:label", "object": "doid_id:curie",
                     "object_type": "Disease", "predicate": "biolink:treats", "delimiter": "tab"}}
for fmt, name in [line.split("=", 1) for line in sys.argv[1:]]:
    path = Path(name)
    sink = Collector()
    by_name(fmt).read(path, sink, Context("seed", path, options.get(fmt, {})))
    for triple in sink.triples:
        print(triple)
    for mention in sink.mentions:
        print(mention.node, mention.text, mention.where)
"""


def test_every_adapter_gives_the_same_output_whatever_the_hash_seed():
    import os
    import subprocess
    import sys

    files = {"gpml": "wikipathways/WP5538-excerpt.gpml",
             "wikipathways-tsv": "wikipathways/WP5538-datanodes-excerpt.tsv",
             "pubtator-biocjson": "pubtator/PMID33664495-biocjson.json", "openalex-works": "openalex/works-page.json",
             "drugmechdb": "drugmechdb/indication_paths.yaml", "dismech": "dismech/Atopic_Dermatitis.yaml",
             "kgx-tsv": "kgx/chebi_kgx_tsv.tar.gz", "kgx-jsonl": "kgx/valid_edges.jsonl",
             "json-ld": "rdf/schema-org-in-the-wild.jsonld", "turtle": "wikidata-extract.ttl",
             "table": "pharmacotherapydb/indications.tsv"}
    argv = [f"{fmt}={FIXTURES / name}" for fmt, name in files.items()]
    outputs = []
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(FIXTURES.parents[2])}
        done = subprocess.run([sys.executable, "-c", READ_ALL, *argv], env=env, capture_output=True, text=True,
                              check=False)
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0].count("\n") > 500  # every fixture read
    assert outputs[0] == outputs[1] == outputs[2]


def test_kg_import_writes_the_same_bytes_whatever_the_hash_seed(build_dir, tmp_path):
    """The linker and the report too: the same file imported into two copies of the project by two
    processes with different string-hash seeds gives the same N-Quads and report."""
    import os
    import shutil
    import subprocess
    import sys

    root = FIXTURES.parents[2]
    outputs = []
    for seed in ("1", "2"):
        project = tmp_path / seed
        shutil.copytree(build_dir, project / "build")
        shutil.copytree(root / "data", project / "data")
        shutil.copytree(root / "ontology", project / "ontology")
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)}
        for name, fixture in (("wp", "wikipathways/WP5538-datanodes-excerpt.tsv"),
                              ("paths", "drugmechdb/indication_paths.yaml")):
            done = subprocess.run([sys.executable, "-m", "kg", "import", str(FIXTURES / fixture), "--name", name,
                                   "--build", str(project / "build"), "--data", str(project / "data"),
                                   "--ontology", str(project / "ontology")],
                                  env=env, capture_output=True, text=True, check=False)
            assert done.returncode == 0, done.stderr
        outputs.append({f.name: f.read_bytes() for f in sorted((project / "build" / "imports").iterdir())})
    assert sorted(outputs[0]) == ["paths.nq", "paths.report.json", "wp.nq", "wp.report.json"]
    assert b"owl#Axiom" in outputs[0]["wp.nq"]  # links were made
    assert outputs[0] == outputs[1]


def test_the_data_graph_of_an_import_named_links_is_not_read_as_a_links_graph():
    import pyoxigraph as ox

    from kg.view.imported import IMPORT_GRAPHS, imported_quads

    ours = ox.NamedNode("https://w3id.org/adkg/id/drug/dupilumab")
    theirs = ox.NamedNode("https://w3id.org/adkg/id/import/links/node/1")
    exact = ox.NamedNode("http://www.w3.org/2004/02/skos/core#exactMatch")
    store = ox.Store()
    # What the file of the import "links" states (its data graph, .../import/links): not a link.
    store.add(ox.Quad(ours, exact, theirs, ox.NamedNode(IMPORT_GRAPHS + "links")))
    assert imported_quads(store, {ours.value}) == []
    # The same statement in its links graph (.../import/links/links) is one.
    link = ox.Quad(ours, exact, theirs, ox.NamedNode(IMPORT_GRAPHS + "links/links"))
    store.add(link)
    assert imported_quads(store, {ours.value})[0] == link
