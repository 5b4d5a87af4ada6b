"""Link: import external datasets beside the graph, aligned by shared identifiers. Depends on kg.dataset and below."""
