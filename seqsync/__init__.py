"""seqsync: sales-engagement sequences managed like infrastructure."""

__version__ = "0.1.0"
