"""View: the browsable network (networkx) and the offline page. Depends on kg.dataset and below."""
