"""Every query in docs/sparql-guide.md runs and gives the article's answer."""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from kg.dataset import query
from kg.dataset.store import Paths, open_store

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "sparql-guide.md"
QUERIES = re.findall(r"```sparql\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)

# Expected answers, from Table I of the article.
EXPECTED = [
    [(1, 62, "tofacitinib"), (5, 83, "upadacitinib"), (6, 56, "upadacitinib")],
    [(1, 3, 1), (2, 2, 0), (3, 4, 1), (4, 3, 1), (5, 4, 1), (6, 3, 0)],
    # Baseline (30+10+40+20+40+15)/6 = 25.83...; flare (10+3+15+6+20+10)/6 = 10.67; week 4 (2+0+4+1+1+0)/6 = 1.33
    None,
    [2, 3, 4, 5, 7, 7, 8, 9],
    [(Decimal(40), "Table I, patient 5, column 'Baseline BSA involvement (%)'", "40%")],
]


@pytest.fixture(scope="module")
def store(build_dir):
    return open_store(Paths(build=build_dir))


def test_the_guide_has_five_queries():
    assert len(QUERIES) == 5


@pytest.mark.parametrize("index", range(5))
def test_guide_query(store, index):
    rows = query.sparql(QUERIES[index], store).rows
    if index == 2:
        means = {tp: round(mean, 2) for tp, mean, _ in rows}
        assert means == {"baseline": Decimal("25.83"), "flare": Decimal("10.67"),
                         "4 weeks after JAK inhibitor start": Decimal("1.33")}
        assert [tp for tp, _, _ in rows] == ["baseline", "flare", "4 weeks after JAK inhibitor start"]
    elif index == 3:
        assert [r[0] for r in rows] == EXPECTED[3]
    else:
        assert rows == EXPECTED[index]
