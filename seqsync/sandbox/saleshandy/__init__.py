"""The Saleshandy Open API emulator (docs/providers/saleshandy.md §8)."""
