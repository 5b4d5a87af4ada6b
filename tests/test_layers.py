"""The shape of kg/: layers that depend one way, no import cycle, small modules and functions, and
no SPARQL evaluated by rdflib (every query runs on pyoxigraph).

Read from the source with ``ast``, so imports inside functions count as much as top-level ones.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
KG = ROOT / "kg"

#: Layers from the bottom up. A module may import from its own layer and the layers below it; the
#: peers of one row (view, link, endpoint, export) do not import each other. synth sits on core and ingest.
ORDER = [("core",), ("ingest",), ("transform",), ("validate",), ("publish",), ("dataset",),
         ("view", "link", "endpoint", "export"), ("cli",)]
SIDE_LAYERS = {"synth": {"core", "ingest"}}

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
#: Modules over the limit today, with their current length: they may only shrink, and an entry must
#: go once its module is back under the limit.
LONG_MODULES: dict[str, int] = {}
#: Functions over the limit today (file, qualified name): current length, same rules.
LONG_FUNCTIONS: dict[tuple[str, str], int] = {}
#: The uses of rdflib's SPARQL package: its parser only (never to evaluate), to point at a syntax error
#: and to find a SERVICE clause in the parse tree.
SPARQL_PARSER_USERS = {"kg/dataset/syntax.py": {"parseQuery", "parseUpdate"},
                       "kg/dataset/gate.py": {"parseQuery", "CompValue"}}
RDFLIB_GRAPH_TYPES = {"Graph", "Dataset", "ConjunctiveGraph"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(KG.rglob("*.py"))}


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _kg_imports(name: str, tree: ast.AST) -> Iterator[tuple[str, int]]:
    """The kg modules ``tree`` (module ``name``) imports, wherever the import statement is."""
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "kg" or alias.name.startswith("kg."):
                    yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            if base != "kg" and not base.startswith("kg."):
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                yield (sub if sub in MODULES else base), node.lineno


IMPORTS = {name: sorted(set(_kg_imports(name, _tree(path)))) for name, path in MODULES.items()}


def _layer(module: str) -> str | None:
    """The layer of a kg module; ``None`` for the package root (kg, kg.__main__)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] != "__main__" else None


def _allowed() -> dict[str, set[str]]:
    allowed: dict[str, set[str]] = {}
    below: set[str] = set()
    for row in ORDER:
        for layer in row:
            allowed[layer] = below | {layer}
        below = below | set(row)
    for layer, under in SIDE_LAYERS.items():
        allowed[layer] = under | {layer}
    allowed["cli"] |= set(SIDE_LAYERS)
    return allowed


ALLOWED = _allowed()


def test_the_scan_sees_every_kind_of_import():
    tree = ast.parse("import kg.core.errors\nfrom kg.core import namespaces\nfrom kg.ingest.load import Record\n"
                     "def f():\n    from kg.publish.build import build\nimport os\n")
    assert sorted(_kg_imports("kg.transform.mapping", tree)) == [
        ("kg.core.errors", 1), ("kg.core.namespaces", 2), ("kg.ingest.load", 3), ("kg.publish.build", 5)]
    relative = ast.parse("from .triples import GraphWriter\nfrom ..core import errors\n")
    assert sorted(_kg_imports("kg.transform.mapping", relative)) == [("kg.core.errors", 2),
                                                                     ("kg.transform.triples", 1)]


def test_every_package_has_a_layer():
    packages = {path.name for path in KG.iterdir() if (path / "__init__.py").exists()}
    assert packages == set(ALLOWED)


def test_no_import_cycle():
    graph = nx.DiGraph()
    graph.add_nodes_from(MODULES)
    graph.add_edges_from((name, target) for name, targets in IMPORTS.items() for target, _ in targets
                         if target != name)
    assert sorted(nx.simple_cycles(graph)) == []


def test_layers_depend_one_way():
    wrong = []
    for name, targets in IMPORTS.items():
        layer = _layer(name)
        for target, line in targets:
            target_layer = _layer(target)
            if target not in MODULES:
                wrong.append(f"{name}:{line} imports {target}, which is not a kg module")
            elif layer is not None and target_layer is not None and target_layer not in ALLOWED[layer]:
                wrong.append(f"{name}:{line} ({layer}) imports {target} ({target_layer})")
    assert wrong == []


def test_the_package_root_imports_nothing_else():
    assert IMPORTS["kg"] == []


def test_the_layer_rules_reject_an_upward_import():
    assert "cli" not in ALLOWED["dataset"] and "view" not in ALLOWED["link"]
    assert "transform" not in ALLOWED["synth"] and ALLOWED["core"] == {"core"}
    assert {"view", "link", "endpoint", "synth", "dataset"} <= ALLOWED["cli"]


def _functions(tree: ast.AST, prefix: str = "") -> Iterator[tuple[str, int]]:
    """(qualified name, length in lines from ``def`` to its last line) of every function, nested ones too."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            name = prefix + node.name
            yield name, node.end_lineno - node.lineno + 1
            yield from _functions(node, name + ".")
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, prefix + node.name + ".")
        else:
            yield from _functions(node, prefix)


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_no_module_over_the_limit():
    lengths = {_relative(path): len(path.read_text(encoding="utf-8").splitlines()) for path in MODULES.values()}
    over = {path: n for path, n in lengths.items() if n > LONG_MODULES.get(path, MAX_MODULE_LINES)}
    assert over == {}, "modules longer than allowed"
    fixed = [path for path in LONG_MODULES if lengths.get(path, 0) <= MAX_MODULE_LINES]
    assert fixed == [], "back under the limit (or gone): remove from LONG_MODULES"


def test_no_function_over_the_limit():
    lengths = {(_relative(path), name): n for path in MODULES.values() for name, n in _functions(_tree(path))}
    over = {key: n for key, n in lengths.items() if n > LONG_FUNCTIONS.get(key, MAX_FUNCTION_LINES)}
    assert over == {}, "functions longer than allowed"
    fixed = [key for key in LONG_FUNCTIONS if lengths.get(key, 0) <= MAX_FUNCTION_LINES]
    assert fixed == [], "back under the limit (or gone): remove from LONG_FUNCTIONS"


def test_function_lengths_are_measured_def_to_end():
    tree = ast.parse("class A:\n    def m(self):\n        def inner():\n            return 1\n        return inner\n")
    assert list(_functions(tree)) == [("A.m", 4), ("A.m.inner", 2)]


def _annotation_names(node: ast.expr | None) -> set[str]:
    if node is None:
        return set()
    return {n.id if isinstance(n, ast.Name) else n.attr for n in ast.walk(node)
            if isinstance(n, ast.Name | ast.Attribute)}


def _rdflib_graph_names(tree: ast.AST, rdflib_names: set[str]) -> set[str]:
    """Names (and ``self.x`` attributes) bound to an rdflib graph: annotated as one, or assigned one."""
    names: set[str] = set()

    def target_name(target: ast.expr) -> str | None:
        if isinstance(target, ast.Name):
            return target.id
        return target.attr if isinstance(target, ast.Attribute) else None

    def makes_graph(value: ast.expr | None) -> bool:
        calls = [n.func for n in ast.walk(value) if isinstance(n, ast.Call)] if value is not None else []
        return any(isinstance(f, ast.Name) and f.id in rdflib_names or
                   isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "rdflib"
                   and f.attr in RDFLIB_GRAPH_TYPES for f in calls)

    for node in ast.walk(tree):
        if isinstance(node, ast.arg) and _annotation_names(node.annotation) & rdflib_names:
            names.add(node.arg)
        elif isinstance(node, ast.AnnAssign) and (_annotation_names(node.annotation) & rdflib_names
                                                  or makes_graph(node.value)):
            names.add(target_name(node.target) or "")
        elif isinstance(node, ast.Assign) and makes_graph(node.value):
            names.update(target_name(t) or "" for t in node.targets)
    return names - {""}


def _pyoxigraph_names(tree: ast.AST) -> set[str]:
    """Parameters and names annotated with a pyoxigraph type (``ox.Store``, ``pyoxigraph.Store``)."""
    aliases = {a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
               if a.name == "pyoxigraph"}
    names = set()
    for node in ast.walk(tree):
        annotation = node.annotation if isinstance(node, ast.arg | ast.AnnAssign) else None
        if annotation is not None and any(isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
                                          and n.value.id in aliases for n in ast.walk(annotation)):
            target = node.arg if isinstance(node, ast.arg) else getattr(node.target, "id", "")
            names.add(target)
    return names


def _looks_like_sparql_text(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr == "read_text"
    return isinstance(node, ast.BinOp) and _looks_like_sparql_text(node.left)


def _rdflib_evaluation(call: ast.Call, method: ast.Attribute, graphs: set[str], oxigraph: set[str]) -> bool:
    receiver = method.value
    name = receiver.id if isinstance(receiver, ast.Name) else getattr(receiver, "attr", "")
    if name in oxigraph:
        return False
    if method.attr == "query":
        return not any(k.arg == "use_default_graph_as_union" for k in call.keywords)
    if method.attr == "update":
        return name in graphs or (len(call.args) == 1 and _looks_like_sparql_text(call.args[0]))
    return False


def sparql_evaluations(tree: ast.AST) -> list[str]:
    """Calls that would evaluate SPARQL with rdflib, and imports of rdflib's SPARQL package.

    A ``.query(...)`` call must be a pyoxigraph one: on a name annotated with a pyoxigraph type, or
    passing pyoxigraph's ``use_default_graph_as_union``. ``.update(...)`` is flagged on an rdflib
    graph or with SPARQL text (a string) as its argument. Imports are reported as ``import NAME``.
    """
    rdflib_names = {a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)
                    and (n.module or "").startswith("rdflib") for a in n.names if a.name in RDFLIB_GRAPH_TYPES}
    graphs, oxigraph = _rdflib_graph_names(tree, rdflib_names), _pyoxigraph_names(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("rdflib.plugins.sparql"):
            found += [f"import {alias.name}" for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module == "rdflib.plugins":
            found += [f"import {alias.name}" for alias in node.names if alias.name == "sparql"]
        elif isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if a.name.startswith("rdflib.plugins.sparql")]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                _rdflib_evaluation(node, node.func, graphs, oxigraph):
            found.append(f"line {node.lineno}: {ast.unparse(node.func)}(...)")
    return found


@pytest.mark.parametrize("source, found", [
    ("from rdflib import Graph\ng = Graph()\nrows = g.query('SELECT * WHERE {?s ?p ?o}')", ["line 3: g.query(...)"]),
    ("from rdflib import Dataset\ndef f(d: Dataset):\n    d.update(text)", ["line 3: d.update(...)"]),
    ("def f(graph):\n    graph.update('DELETE WHERE { ?s ?p ?o }')", ["line 2: graph.update(...)"]),
    ("def f(ctx):\n    return ctx.graph.query(q)", ["line 2: ctx.graph.query(...)"]),
    ("from rdflib.plugins.sparql import prepareQuery", ["import prepareQuery"]),
    ("import rdflib.plugins.sparql.evaluate", ["import rdflib.plugins.sparql.evaluate"]),
    ("import pyoxigraph as ox\ndef f(store: ox.Store):\n    return store.query(q)", []),
    ("def f(store):\n    return store.query(q, use_default_graph_as_union=True)", []),
    ("def f(seen, h):\n    seen.update(items)\n    h.update(data.encode())\n    seen.update(a=1)", []),
])
def test_the_sparql_scan(source, found):
    assert sparql_evaluations(ast.parse(source)) == found


def test_no_sparql_evaluated_by_rdflib():
    found = {}
    for path in MODULES.values():
        hits = sparql_evaluations(_tree(path))
        allowed = {f"import {name}" for name in SPARQL_PARSER_USERS.get(_relative(path), ())}
        if [hit for hit in hits if hit not in allowed]:
            found[_relative(path)] = hits
    assert found == {}
