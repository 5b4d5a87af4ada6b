"""Publish: the build pipeline and what it writes to build/ (dumps, the embedded store, VoID, summary).
Depends on the layers below."""
