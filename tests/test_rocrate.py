"""build/ as a release package: build/ro-crate-metadata.json (kg/publish/crate.py), read with the
`rocrate` package's reader. Expected values come from the article (its DOI, title, year and
licence, as printed on its first page) and from the files of the build itself.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rocrate.rocrate import ROCrate

from kg import __version__
from kg.publish.crate import CRATE_FILE, articles_of, write_crate
from kg.publish.serialize import OUTPUT_FILES

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "https://doi.org/10.1016/j.jdcr.2023.01.020"
CC_BY_NC_ND = "http://creativecommons.org/licenses/by-nc-nd/4.0/"  # "under the CC BY-NC-ND license (http://...)"


def _files(build: Path) -> dict[str, Path]:
    """Every file of a build but the store's own and the crate's metadata file, by relative path."""
    return {p.relative_to(build).as_posix(): p for p in sorted(build.rglob("*"))
            if p.is_file() and p.relative_to(build).parts[0] != "store" and p.name != CRATE_FILE}


@pytest.fixture(scope="module")
def crate(build_dir) -> ROCrate:
    return ROCrate(build_dir)


def test_the_crate_is_written_by_the_build(build_dir):
    assert CRATE_FILE in OUTPUT_FILES
    assert (build_dir / CRATE_FILE).is_file()


def test_every_file_of_the_build_is_described(crate, build_dir):
    files = _files(build_dir)
    assert sorted(files) == sorted(f for f in OUTPUT_FILES if f not in ("store", CRATE_FILE))
    described = {e.id: e for e in crate.data_entities}
    for name, path in files.items():
        entity = described[name]
        assert entity.type == "File"
        assert entity["contentSize"] == str(path.stat().st_size)
        assert entity["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert entity["encodingFormat"] and entity["description"]
    assert described["adkg.nq"]["encodingFormat"] == "application/n-quads"
    assert described["adkg.ttl"]["encodingFormat"] == "text/turtle"
    assert described["store/"].type == "Dataset"
    assert set(described) == set(files) | {"store/"}


def test_licence_article_and_software(crate):
    assert crate.root_dataset["license"].id == CC_BY_NC_ND
    assert crate.get(CC_BY_NC_ND)["identifier"] == "CC-BY-NC-ND-4.0"
    article = crate.get(ARTICLE)
    assert article.type == "ScholarlyArticle"
    assert article["name"] == ("JAK-inhibitors as rescue therapy in dupilumab-refractory severe atopic "
                               "dermatitis: A case series of 6 patients")
    assert article["datePublished"] == "2023"
    assert crate.root_dataset["isBasedOn"].id == ARTICLE
    assert crate.root_dataset["citation"].id == ARTICLE
    software = crate.get("#adkg")
    assert (software.type, software["name"], software["version"]) == ("SoftwareApplication", "adkg", __version__)
    action = crate.get("#build")
    assert action.type == "CreateAction" and action["instrument"].id == "#adkg"
    assert {r.id for r in action["result"]} == {e.id for e in crate.data_entities}
    assert [o.id for o in action["object"]] == [ARTICLE]


def test_no_timestamp_and_the_same_bytes(build_dir, store, tmp_path):
    text = (build_dir / CRATE_FILE).read_text(encoding="utf-8")
    assert "dateCreated" not in text and "dateModified" not in text and "startTime" not in text
    assert "datePublished" not in json.dumps(json.loads(text)["@graph"][1])  # the root: no date of its own
    copy = tmp_path / "build"
    copy.mkdir()
    for name, path in _files(build_dir).items():
        (copy / name).write_bytes(path.read_bytes())
    write_crate(copy, articles_of(store.ox))
    assert (copy / CRATE_FILE).read_bytes() == (build_dir / CRATE_FILE).read_bytes()


def test_a_page_written_into_the_build_is_described(previous_build):
    page = previous_build / "graph.html"
    command = [sys.executable, "-m", "kg", "viz", "--build", str(previous_build), "-o", str(page)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    entity = ROCrate(previous_build).get("graph.html")
    assert entity["sha256"] == hashlib.sha256(page.read_bytes()).hexdigest()
    assert entity["encodingFormat"] == "text/html"
