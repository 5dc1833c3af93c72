"""``seqsync import``: write files from live sequences that plan to zero changes."""
