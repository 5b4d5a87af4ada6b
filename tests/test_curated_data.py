"""Integrity of the curated files: canonical form, no drift, and fidelity to the source text."""

import csv
import re
from pathlib import Path

import pytest
import yaml

from kg.ingest.load import VOCABULARY_FILES
from kg.ingest.table_schema import load_schema

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
ARTICLES = sorted(p for p in (DATA / "articles").iterdir() if p.is_dir())
SEED = ROOT.parent / "shared" / "seed" / "000_89104d11b1d1f565.txt"
FIRST = DATA / "articles" / "shahriari-2023-jaki-rescue"


def _yaml(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("stem", sorted(VOCABULARY_FILES))
def test_vocabulary_keys_are_canonical(stem):
    records = _yaml(DATA / "vocabulary" / f"{stem}.yaml")
    keys = [r["key"] for r in records]
    assert len(keys) == len(set(keys))
    for key in keys:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", key), key
    for record in records:
        assert record["label"].strip() == record["label"] and record["label"]


def test_no_stray_vocabulary_files():
    assert sorted(p.stem for p in (DATA / "vocabulary").glob("*.yaml")) == sorted(VOCABULARY_FILES)


@pytest.mark.parametrize("folder", ARTICLES, ids=[a.name for a in ARTICLES])
def test_article_folder(folder):
    article = _yaml(folder / "article.yaml")
    assert article["id"] == folder.name
    refs = _yaml(folder / "references.yaml")
    assert [r["number"] for r in refs] == list(range(1, len(refs) + 1))
    dois = [r["doi"].lower() for r in refs]
    assert len(dois) == len(set(dois))
    with (folder / "patients.csv").open(encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        numbers = [int(row[0]) for row in reader]
    # The columns are those of the table schema the article names, in the schema's order.
    (table,) = article["tables"]
    schema = DATA / "tables" / f"{table['schema']}.yaml"
    assert header == load_schema(schema, str(schema)).names
    assert numbers == sorted(numbers) == list(range(1, len(numbers) + 1))
    # A printed DOI that differs from the one held is explained by a curation note.
    notes = {(n["location"], n.get("field")): n for n in article.get("curation_notes", [])}
    for ref in refs:
        if "printed_doi" in ref:
            note = notes[(f"reference-{ref['number']}", "doi")]
            assert (note["printed"], note["curated"]) == (ref["printed_doi"], ref["doi"])


needs_seed = pytest.mark.skipif(not SEED.exists(), reason="the seed text ../shared/seed is not beside the project")


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _found_in_pieces(sentence: str, source: str, pieces: int = 2) -> bool:
    """True if ``sentence`` appears in ``source``, whole or split in at most ``pieces`` parts
    (the seed breaks one sentence across a page, the table and the footnotes)."""
    if sentence in source:
        return True
    if pieces == 1:
        return False
    for cut in range(len(sentence) - 1, 10, -1):
        head = sentence[:cut]
        if head in source and head.endswith(" "):
            return _found_in_pieces(sentence[cut:].strip(), source, pieces - 1)
    return False


@needs_seed
def test_every_sentence_is_in_the_source_once_corrections_are_undone():
    source = _squash(SEED.read_text(encoding="utf-8"))
    article = _yaml(FIRST / "article.yaml")
    notes = {}
    for note in article["curation_notes"]:
        notes.setdefault(note["location"], []).append(note)
    for paragraph in article["body"]:
        for index, sentence in enumerate(paragraph["sentences"], 1):
            text = sentence["text"]
            for note in notes.get(f"{paragraph['id']}.s{index}", []):
                text = text.replace(note["curated"], note["printed"])
            text = _squash(text)
            if not _found_in_pieces(text, source):
                # "durable" was printed "urable" after the break: undo that correction for the tail.
                assert _found_in_pieces(text.replace("durable", "urable"), source), text


@needs_seed
def test_table_transcription_matches_the_source():
    source_lines = set(SEED.read_text(encoding="utf-8").splitlines())
    lines = (FIRST / "table-1.tsv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 7  # header and six patients
    for line in lines:
        assert line in source_lines, line


@needs_seed
def test_references_match_the_source():
    source = SEED.read_text(encoding="utf-8")
    for ref in _yaml(FIRST / "references.yaml"):
        printed = ref.get("printed_doi", ref["doi"])
        assert f"https://doi.org/{printed}" in source, ref["number"]
        assert ref["title"] in source, ref["number"]
        for author in ref["authors"]:
            assert author in source
