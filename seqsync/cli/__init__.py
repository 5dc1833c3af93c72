"""The seqsync command line: parse options, call the library, pick a renderer, map errors
to exit codes — nothing else. Heavy modules are imported inside commands so that
``seqsync --help`` starts fast.
"""

from seqsync.cli import checking, plans, sandbox  # noqa: F401  (registers their commands)
from seqsync.cli.app import cli, main

__all__ = ["cli", "main"]
