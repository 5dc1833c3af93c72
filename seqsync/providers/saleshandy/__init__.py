"""Saleshandy Open API: granular step and variant endpoints (docs/providers/saleshandy.md)."""
