"""Loading what the user wrote: YAML with positions, connections, and diagnostics."""
