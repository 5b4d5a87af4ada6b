"""Each batch is validated with the shared graphs beside it and nothing of another batch: the
checks store of a process keeps the shared graphs once and drops each batch's graphs after it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox

import kg.publish.batches as batches
from kg.publish.build import build

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "articles" / "invented-2024-upadacitinib-rescue"


def test_each_batch_is_checked_beside_the_shared_graphs_only(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(FIXTURE, tmp_path / "data" / "articles" / FIXTURE.name)
    seen: list[tuple[list[str], int]] = []
    check_queries = batches.check_queries

    def spy(data, checks_dir, mapped, store=None):
        assert store is not None
        graphs = sorted(g.value for g in store.named_graphs())
        seen.append((graphs, len(list(store.quads_for_pattern(None, None, None, ox.DefaultGraph())))))
        return check_queries(data, checks_dir, mapped, store)

    monkeypatch.setattr(batches, "BATCH_SIZE", 1)
    monkeypatch.setattr(batches, "check_queries", spy)
    result = build(tmp_path / "data", ROOT / "ontology", tmp_path / "build", root=tmp_path, write=False, workers=1)
    graph, entailed = "https://w3id.org/adkg/graph/article/", "https://w3id.org/adkg/graph/entailed/"
    # Each article's graph and its entailed graph, checked beside the shared graphs (and theirs).
    assert [graphs for graphs, _ in seen] == [[graph + FIXTURE.name, entailed + "article/" + FIXTURE.name],
                                              [graph + "shahriari-2023-jaki-rescue",
                                               entailed + "article/shahriari-2023-jaki-rescue"]]
    shared = sum(result.summary["graphs"][g] for g in ("https://w3id.org/adkg/graph/ontology",
                                                       "https://w3id.org/adkg/graph/vocabulary",
                                                       entailed + "ontology", entailed + "vocabulary"))
    assert [n for _, n in seen] == [shared, shared]  # the shared graphs once (no triple of theirs repeats)
    assert batches._CHECKS is None  # the store goes with the job
