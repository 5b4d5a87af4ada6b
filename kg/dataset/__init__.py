"""Dataset: the read side; open the built store and answer named helpers and ad-hoc SPARQL on pyoxigraph.
Depends on kg.core and kg.publish."""
