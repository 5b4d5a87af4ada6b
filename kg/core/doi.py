"""DOIs in their canonical form, without importing rdflib (the query path needs this too).

>>> normalise_doi("https://doi.org/10.1016/S0140-6736(17)31191-1")
'10.1016/s0140-6736(17)31191-1'
>>> normalise_doi("doi:10.1016/J.JDCR.2023.01.020") == normalise_doi("http://dx.doi.org/10.1016/j.jdcr.2023.01.020")
True
"""

from __future__ import annotations

__all__ = ["normalise_doi"]

_RESOLVERS = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:")


def normalise_doi(doi: str) -> str:
    """The DOI in canonical form: no resolver prefix, lower case (DOIs are case-insensitive)."""
    text = doi.strip()
    for prefix in _RESOLVERS:
        if text.lower().startswith(prefix):
            text = text[len(prefix):]
            break
    return text.lower()
