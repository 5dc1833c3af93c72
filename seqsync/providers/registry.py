"""Every provider seqsync knows, by the name a connection's ``provider:`` gives.

Adding a provider is one folder (``providers/<name>/`` with a ``kind.py`` that defines a
``ProviderKind``) and one line in ``KINDS`` below; everything else asks this registry.
"""

from __future__ import annotations

import functools
import operator
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, StrictStr, TypeAdapter

from seqsync.config.connections import ConnectionBase
from seqsync.config.environments import Environment, EnvironmentName, ValueName
from seqsync.config.safety import Safety
from seqsync.config.snippets import Snippet, SnippetName
from seqsync.errors import InternalError
from seqsync.model.common import SequenceBase, StrictModel
from seqsync.providers.base import ProviderKind
from seqsync.providers.inbox.kind import INBOX
from seqsync.providers.saleshandy.kind import SALESHANDY
from seqsync.providers.supaglue.kind import SUPAGLUE

KINDS: dict[str, ProviderKind] = {kind.name: kind for kind in (SALESHANDY, SUPAGLUE, INBOX)}


def kind_named(name: str) -> ProviderKind:
    """The kind registered as ``name``; a bug if there is none (names come from models)."""
    try:
        return KINDS[name]
    except KeyError:
        raise InternalError(f"no provider named {name!r} is registered") from None


def kind_of_connection(connection: ConnectionBase) -> ProviderKind:
    return kind_named(str(getattr(connection, "provider", "")))


def kind_of_document(document: SequenceBase) -> ProviderKind:
    for kind in KINDS.values():
        if isinstance(document, kind.document_model):
            return kind
    raise InternalError(f"no provider owns a {type(document).__name__}")


def _union(models: list[type[Any]]) -> Any:
    return functools.reduce(operator.or_, models)


if TYPE_CHECKING:
    Connection = ConnectionBase
    SequenceDocument = SequenceBase
else:  # built from the registry, so a new provider needs no edit here
    Connection = Annotated[
        _union([kind.connection_model for kind in KINDS.values()]),
        Field(discriminator="provider"),
    ]
    SequenceDocument = _union([kind.document_model for kind in KINDS.values()])

CONNECTION: TypeAdapter[Connection] = TypeAdapter(Connection)
SEQUENCE_DOCUMENT: TypeAdapter[SequenceDocument] = TypeAdapter(SequenceDocument)


class ProjectConfig(StrictModel):
    """The contents of seqsync.yaml."""

    connections: dict[StrictStr, Connection] = Field(
        description="Connections by name; sequence documents refer to them with `connection:`."
    )
    lint: dict[StrictStr, Literal["error", "warning", "off"]] = Field(
        default_factory=dict,
        description="seqsync lint: a severity per rule id (error, warning or off).",
    )
    samples: dict[StrictStr, StrictStr] = Field(
        default_factory=dict,
        description="Sample prospect data for `seqsync preview`, by merge-tag name "
        "(over each provider's defaults).",
    )
    values: dict[ValueName, StrictStr] = Field(
        default_factory=dict,
        description="Values any content includes as {% value name %}; environments override them.",
    )
    environments: dict[EnvironmentName, Environment] = Field(
        default_factory=dict,
        description="Named environments (seqsync plan --env NAME): connections and values "
        "that differ from the top-level ones.",
    )
    snippets: dict[SnippetName, Snippet] = Field(
        default_factory=dict,
        description="Named fragments any content includes as {% snippet name %}.",
    )
    safety: Safety = Field(
        default_factory=Safety,
        description="How much of an account's live steps one plan may pause or replace "
        "before apply needs --force.",
    )
