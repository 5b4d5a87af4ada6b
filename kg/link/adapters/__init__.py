"""One adapter per source format (:mod:`kg.link.model` is their contract; :mod:`kg.link.formats`
lists them)."""
