"""The published site: pages rendered from documents, generated pages, feed, search."""
