"""The hub as data: settings, front matter, document kinds, loading and references."""
