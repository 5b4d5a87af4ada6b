"""The KGX validator (PyPI ``kgx``), offline and on a pinned Biolink Model.

kgx 2.7.0 reaches the network where a test must not: importing ``kgx.utils.kgx_utils`` builds a
``bmt.Toolkit()``, which reads ``biolink-model.yaml`` and ``predicate_mapping.yaml`` of Biolink
4.2.2 from GitHub, and the validator reads the Biolink JSON-LD context (of release 2.2.5) from
GitHub for its list of known prefixes. Here, before kgx is imported:

* ``bmt.Toolkit`` becomes a subclass that reads the schema bundled in the installed
  ``biolink-model`` package (pinned in pyproject.toml's test extra) and an empty predicate map
  (bmt uses it only to map old predicate names, which the validator does not call);
* kgx's cache of JSON-LD contexts gets the ``biolink`` context made from the same package's
  prefix map (``prefixmaps/biolink-model-prefix-map.json``), so the prefixes checked are those of
  the Biolink release the schema is; the Monarch and OBO contexts (used only to contract and expand
  IRIs, which validation does not do) are empty.

Every step runs with the socket layer refusing connections, so a download that slipped through
fails the test instead of passing on a networked machine.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any
from unittest import mock

__all__ = ["no_network", "biolink_schema", "validate", "biolink_version"]


@contextmanager
def no_network() -> Iterator[None]:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OSError("the KGX validation tried to reach the network")

    with mock.patch.object(socket.socket, "connect", refuse), mock.patch.object(socket, "getaddrinfo", refuse), \
            mock.patch.object(socket, "create_connection", refuse):
        yield


def biolink_schema() -> str:
    return str(files("biolink_model") / "schema" / "biolink_model.yaml")


def _install() -> None:
    """Point bmt and kgx at the installed biolink-model package (once per process)."""
    import bmt
    import bmt.toolkit
    from linkml_runtime.utils.schemaview import SchemaView

    if getattr(bmt.Toolkit, "offline", False):
        return

    class OfflineToolkit(bmt.toolkit.Toolkit):
        offline = True

        def __init__(self, schema: str | None = None, predicate_map: str | None = None) -> None:
            self.view = SchemaView(schema or biolink_schema())
            self.pmap: dict = {}

    bmt.Toolkit = OfflineToolkit  # type: ignore[misc]
    bmt.toolkit.Toolkit = OfflineToolkit  # type: ignore[misc]
    import kgx.config

    prefix_map = files("biolink_model") / "prefixmaps" / "biolink-model-prefix-map.json"
    kgx.config.jsonld_context_map.update({"biolink": json.loads(prefix_map.read_text(encoding="utf-8")),
                                          "monarch_context": {}, "obo_context": {}})


def biolink_version() -> str:
    """The Biolink Model release the validator checks against."""
    with no_network():
        _install()
        from kgx.validator import Validator

        return Validator.get_default_model_version()


def validate(nodes: Path, edges: Path, fmt: str, extra_prefixes: set[str]) -> tuple[dict, int, int]:
    """The validator's errors (by level, kind and message) for a KGX pair of files read by kgx's
    transformer, and the numbers of nodes and edges it read; the node identifier prefixes
    ``extra_prefixes`` are taken as known besides Biolink's."""
    with no_network():
        _install()
        from kgx.transformer import Transformer
        from kgx.validator import Validator

        transformer = Transformer()
        transformer.transform({"filename": [str(nodes), str(edges)], "format": fmt})
        validator = Validator()
        validator.prefixes |= extra_prefixes
        validator.validate(transformer.store.graph)
        problems = validator.get_errors()
        problems.update({f"transform {k}": v for k, v in transformer.get_errors().items()})
        graph = transformer.store.graph
        return problems, graph.number_of_nodes(), graph.number_of_edges()
