"""Snippets in seqsync.yaml: named fragments (a signature, a call to action) that any
content field or content file includes as `{% snippet name %}`, so that fifty sequences
share one edit. `{% … %}` is no provider's merge-tag, spintax or variable syntax."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictStr

from seqsync.model.common import RelativeFile, StrictModel

SNIPPET_NAME = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"

SnippetName = Annotated[StrictStr, Field(pattern=SNIPPET_NAME)]


class SnippetFile(StrictModel):
    """A snippet kept in its own file (HTML, say)."""

    file: RelativeFile = Field(description="The snippet's file, relative to seqsync.yaml.")


Snippet = Annotated[
    StrictStr | SnippetFile,
    Field(description="The snippet's text, or {file: path} for text kept in a file."),
]
