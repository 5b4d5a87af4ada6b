"""The corpora of the scale benchmark, and the edits its incremental cases make to them.

At N = 1 the corpus is the real article (data/articles/shahriari-2023-jaki-rescue) with data/'s
shared folders (vocabulary, mappings, schema, tables); the article held back for "add one" is
the one article of ``kg synth --articles 1 --seed 1``. At N > 1 it is ``kg synth --articles N+1
--seed 1`` with its last article held back, so the full build sees N synthetic articles and
"add one" copies the last one in (the generator's reference and author pools grow with the
article count, so these N articles differ from ``--articles N`` only in which pool entries they
draw). "Change one" edits the funding statement of the first article's article.yaml (it still
validates); "remove one" takes the added article out again.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.core.namespaces import article_base  # noqa: E402

__all__ = ["prepare", "first_patient", "add", "change", "remove", "REAL_ARTICLE"]

REAL_ARTICLE = "shahriari-2023-jaki-rescue"
EDITED = 'funding: "None (edited by the scale benchmark)."'


def synth(kg: Path, articles: int, out: Path) -> None:
    subprocess.run([str(kg), "synth", "--articles", str(articles), "--seed", "1", "--out", str(out),
                    "--data", str(ROOT / "data")], check=True, capture_output=True, cwd=ROOT)


def prepare(n: int, folder: Path, data: Path, kg: Path) -> tuple[dict, Path]:
    """Write the corpus of ``n`` articles to ``data``; its description and the held-back article."""
    started = time.perf_counter()
    held = folder / "held"
    held.mkdir()
    if n == 1:
        data.mkdir()
        for shared in sorted((ROOT / "data").iterdir()):
            if shared.name != "articles":
                (shutil.copytree if shared.is_dir() else shutil.copyfile)(shared, data / shared.name)
        shutil.copytree(ROOT / "data" / "articles" / REAL_ARTICLE, data / "articles" / REAL_ARTICLE)
        synth(kg, 1, folder / "extra")
        shutil.move(folder / "extra" / "articles" / "synthetic-000001", held / "synthetic-000001")
        shutil.rmtree(folder / "extra")
        text = (f"the real article ({REAL_ARTICLE}) with data/'s shared folders; added: synthetic-000001 "
                "of `kg synth --articles 1 --seed 1`")
    else:
        synth(kg, n + 1, data)
        last = f"synthetic-{n + 1:06d}"
        shutil.move(data / "articles" / last, held / last)
        text = f"`kg synth --articles {n + 1} --seed 1` with {last} held back (added by 'add one')"
    return {"description": text, "articles": n, "seconds": round(time.perf_counter() - started, 2)}, held


def articles(data: Path) -> list[Path]:
    return sorted(p for p in (data / "articles").iterdir() if p.is_dir())


def first_patient(data: Path) -> str:
    """The IRI of patient 1 of the corpus's first article (its folder name is its id)."""
    return f"{article_base(articles(data)[0].name)}/patient/1"


def add(held: Path, data: Path) -> str:
    (article,) = list(held.iterdir())
    shutil.move(article, data / "articles" / article.name)
    return f"added {article.name}"


def change(data: Path) -> str:
    """Edit the first article's funding statement (free text: the article still validates)."""
    path = articles(data)[0] / "article.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("funding:"):
            lines[i] = EDITED + "\n"
            path.write_text("".join(lines), encoding="utf-8")
            return f"changed the funding statement of {path.parent.name}"
    raise LookupError(f"{path} has no funding line to change")


def remove(data: Path, held: Path) -> str:
    """Take the article 'add one' added out again."""
    added = articles(data)[-1]
    shutil.move(added, held / added.name)
    return f"removed {added.name}"
