"""Every provider seqsync knows, by the name a connection's ``provider:`` gives.

Adding a provider is one folder (``providers/<name>/`` with a ``kind.py`` that defines a
``ProviderKind``) and one line in ``KINDS`` below; everything else asks this registry.
"""

from __future__ import annotations

import functools
import operator
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field, TypeAdapter

from seqsync.config.connections import ConnectionBase
from seqsync.errors import InternalError
from seqsync.model.common import SequenceBase
from seqsync.providers.base import Kind
from seqsync.providers.inbox.kind import INBOX
from seqsync.providers.instantly.kind import INSTANTLY
from seqsync.providers.lemlist.kind import LEMLIST
from seqsync.providers.saleshandy.kind import SALESHANDY
from seqsync.providers.supaglue.kind import SUPAGLUE

KINDS: dict[str, Kind] = {
    kind.name: kind for kind in (SALESHANDY, SUPAGLUE, INBOX, LEMLIST, INSTANTLY)
}


def kind_named(name: str) -> Kind:
    """The kind registered as ``name``; a bug if there is none (names come from models)."""
    try:
        return KINDS[name]
    except KeyError:
        raise InternalError(f"no provider named {name!r} is registered") from None


def kind_of_connection(connection: ConnectionBase) -> Kind:
    return kind_named(str(getattr(connection, "provider", "")))


def kind_of_document(document: SequenceBase) -> Kind:
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
