"""Saleshandy Open API: granular step and variant endpoints (providers.md section 1)."""
