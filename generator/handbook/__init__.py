"""Handbook: a Git-backed static site generator for sales and marketing playbooks."""

__version__ = "0.1.0"
