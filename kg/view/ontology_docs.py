"""The ontology's reference page and model diagram, written to build/ontology/ by ``kg ontology``.

* ``adkg.html``: the reference page of ontology/adkg.ttl made by pyLODE (its OntPub profile, the
  LODE-style documentation the OWL community uses): metadata, every class, object, datatype and
  annotation property with its IRI, label, definition, super- and subclasses, domains and ranges,
  and the namespaces. pyLODE inlines its CSS and icons; :func:`reference_page` refuses a page that
  would load anything (a ``<script src>`` or ``<link href>`` outside ``data:``), so it opens offline.
* ``model.dot`` and ``model.svg``: the main classes and the properties that join them
  (:mod:`kg.view.model_diagram`), drawn by Graphviz.

Neither tool writes a date, a path or a random identifier: the same ontology and build give the
same bytes (checked by tests/test_ontology_docs.py). Files are written to a temporary name and
renamed, so a failure leaves the earlier files as they were.

>>> offline_problems('<link href="data:image/png;base64,AA" rel="icon"><a href="https://x.org">x</a>')
[]
>>> offline_problems('<script src="https://cdn.example/x.js"></script><link rel="stylesheet" href="//x/y.css">')
['<script src="https://cdn.example/x.js">', '<link rel="stylesheet" href="//x/y.css">']
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from rdflib import Graph

from kg.core.errors import KgError
from kg.core.fsutil import atomic_write_text
from kg.dataset.store import Paths, open_store
from kg.view.model_diagram import model_dot, read_model, render_svg

__all__ = ["OUTPUT_FOLDER", "offline_problems", "reference_page", "write_ontology_docs"]

#: Where ``kg ontology`` writes, inside build/.
OUTPUT_FOLDER = "ontology"
_LOADING_TAG = re.compile(r"<(?:script|link|img|iframe|embed|object|source)\b[^>]*>", re.I)
_REMOTE = re.compile(r"""\b(?:src|href|data)\s*=\s*["']?\s*(?!data:|#)(?:[a-z][a-z0-9+.-]*:|//)""", re.I)


def offline_problems(page: str) -> list[str]:
    """The tags of ``page`` that would load something from elsewhere (a script, style sheet, image
    or frame with a URL that is not ``data:``); plain links (``<a href>``) load nothing."""
    return [tag for tag in _LOADING_TAG.findall(page) if _REMOTE.search(tag)]


def _ontpub() -> type:
    """pyLODE's OntPub class. Importing pyLODE configures the root logger (``logging.basicConfig``
    at DEBUG, in its supermodel profile); that is undone here, so it prints nothing."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        from pylode import OntPub
    except ImportError:
        raise KgError("pyLODE is not installed (pip install -e .)") from None
    finally:
        for handler in [h for h in root.handlers if h not in handlers]:
            root.removeHandler(handler)
        root.setLevel(level)
    return OntPub


def reference_page(ontology_file: Path) -> str:
    """pyLODE's HTML reference page for the ontology in ``ontology_file`` (Turtle)."""
    OntPub = _ontpub()  # noqa: N806 - a class
    try:
        ontology = Graph().parse(ontology_file, format="turtle")
    except (OSError, SyntaxError, ValueError) as exc:
        raise KgError(f"{ontology_file}: cannot read the ontology: {exc}") from None
    try:
        page = OntPub(ontology=ontology).make_html()
    except Exception as exc:  # noqa: BLE001 - any pyLODE failure, said in one line
        raise KgError(f"{ontology_file}: pyLODE could not document the ontology: {type(exc).__name__}: {exc}") from None
    problems = offline_problems(page)
    if problems:
        raise KgError(f"the reference page would load {problems[0]!r} from the network; refusing to write it")
    return page if page.endswith("\n") else page + "\n"


def write_ontology_docs(paths: Paths = Paths(), out: Path | None = None) -> list[Path]:
    """Write the reference page and the model diagram into ``out`` (default build/ontology/);
    the diagram reads the built store under ``paths`` (the caller makes sure it is current).
    Returns the files written."""
    out = out if out is not None else paths.build / OUTPUT_FOLDER
    ontology, shapes = paths.ontology / "adkg.ttl", paths.ontology / "adkg-shapes.ttl"
    page = reference_page(ontology)
    dot = model_dot(read_model(ontology, shapes, open_store(paths)))
    svg = render_svg(dot)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KgError(f"cannot create {out}: {exc.strerror or exc}") from None
    written = []
    for name, text in (("adkg.html", page), ("model.dot", dot), ("model.svg", svg)):
        try:
            atomic_write_text(out / name, text)
        except OSError as exc:
            raise KgError(f"cannot write {out / name}: {exc.strerror or exc}") from None
        written.append(out / name)
    return written
