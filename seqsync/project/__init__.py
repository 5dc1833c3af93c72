"""A project on disk: seqsync.yaml and its sequence documents, loaded and validated."""
