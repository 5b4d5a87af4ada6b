"""Atopic dermatitis literature knowledge graph.

The pipeline, one module per stage: :mod:`kg.ingest.load` (curated records) -> :mod:`kg.transform.mapping`
(records to triples) -> :mod:`kg.validate.shacl` (SHACL and check queries) -> :mod:`kg.publish.serialize`
(build/), run by :func:`kg.publish.build.build` and the thin :mod:`kg.cli.main`.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
