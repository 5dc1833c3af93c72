"""Desired-state models per provider, and the rules their APIs impose on them."""
