"""Every provider seqsync knows, by the name a connection's ``provider:`` gives.

Adding a provider is one folder (``providers/<name>/`` with a ``connection.py`` for its
seqsync.yaml entry and a ``kind.py`` that defines a ``ProviderKind``) and one line in
``_PROVIDERS`` below; everything else asks this registry.

A provider's kind (its document model, client, planner) is imported the first time it is
asked for, so a command imports only the providers its project uses: for a project on
two providers, the other three were about 50 ms of CPU at start-up (330 ms instead of
384 for a small plan), all of it before the first read. Their connection models are
light and imported here, since seqsync.yaml is validated against all of them.
"""

from __future__ import annotations

import functools
import importlib
import operator
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field, TypeAdapter

from seqsync.config.connections import ConnectionBase
from seqsync.errors import InternalError
from seqsync.model.common import SequenceBase
from seqsync.providers.base import Kind
from seqsync.providers.inbox.connection import InboxConnection
from seqsync.providers.instantly.connection import InstantlyConnection
from seqsync.providers.lemlist.connection import LemlistConnection
from seqsync.providers.saleshandy.connection import SaleshandyConnection
from seqsync.providers.supaglue.connection import SupaglueConnection

# name: (its connection model, "module:attribute" of its kind), in the order commands list
# them (init's starters, schemas).
_PROVIDERS: dict[str, tuple[type[ConnectionBase], str]] = {
    "saleshandy": (SaleshandyConnection, "seqsync.providers.saleshandy.kind:SALESHANDY"),
    "supaglue": (SupaglueConnection, "seqsync.providers.supaglue.kind:SUPAGLUE"),
    "inbox": (InboxConnection, "seqsync.providers.inbox.kind:INBOX"),
    "lemlist": (LemlistConnection, "seqsync.providers.lemlist.kind:LEMLIST"),
    "instantly": (InstantlyConnection, "seqsync.providers.instantly.kind:INSTANTLY"),
}


class _Kinds(Mapping[str, Kind]):
    """The registered kinds by name, each imported from its folder on first use."""

    def __init__(self) -> None:
        self._loaded: dict[str, Kind] = {}

    def __getitem__(self, name: str) -> Kind:
        kind = self._loaded.get(name)
        if kind is None:
            connection_model, where = _PROVIDERS[name]  # KeyError: not registered
            module, attribute = where.split(":")
            kind = getattr(importlib.import_module(module), attribute)
            if kind.name != name or kind.connection_model is not connection_model:
                raise InternalError(
                    f"{where} is registered as {name!r} with {connection_model.__name__}, "
                    f"but is {kind.name!r} with {kind.connection_model.__name__}"
                )
            self._loaded[name] = kind
        return kind

    def __iter__(self) -> Iterator[str]:
        return iter(_PROVIDERS)

    def __len__(self) -> int:
        return len(_PROVIDERS)

    def __contains__(self, name: object) -> bool:
        return name in _PROVIDERS


KINDS: Mapping[str, Kind] = _Kinds()


def kind_named(name: str) -> Kind:
    """The kind registered as ``name``; a bug if there is none (names come from models)."""
    try:
        return KINDS[name]
    except KeyError:
        raise InternalError(f"no provider named {name!r} is registered") from None


def kind_of_connection(connection: ConnectionBase) -> Kind:
    return kind_named(str(getattr(connection, "provider", "")))


def _union(models: list[type[Any]]) -> Any:
    return functools.reduce(operator.or_, models)


if TYPE_CHECKING:
    Connection = ConnectionBase
else:  # built from the registry, so a new provider needs no edit here
    Connection = Annotated[
        _union([model for model, _ in _PROVIDERS.values()]),
        Field(discriminator="provider"),
    ]

CONNECTION: TypeAdapter[Connection] = TypeAdapter(Connection)


@functools.cache
def sequence_document() -> TypeAdapter[SequenceBase]:
    """Any provider's sequence document (for the JSON Schema): imports every kind."""
    union = _union([kind.document_model for kind in KINDS.values()])
    adapter: TypeAdapter[SequenceBase] = TypeAdapter(union)
    return adapter
