"""Planning: canonical forms, step alignment, the pure per-provider planners, the Plan value."""
