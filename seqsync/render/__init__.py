"""Renderers: pure functions from values (diagnostics, plans, reports) to text."""
