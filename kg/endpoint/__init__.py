"""Endpoint: serve the store over the SPARQL 1.1 Protocol, push it to or query a remote endpoint.
Depends on kg.dataset and below."""
