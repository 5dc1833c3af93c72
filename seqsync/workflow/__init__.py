"""Workflows that tie files, providers and plans together (the only async, I/O parts)."""
