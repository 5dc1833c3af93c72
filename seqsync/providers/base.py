"""What every provider offers: the kind (one per provider, in its own folder) and the
connected provider it builds.

A ``ProviderKind`` owns everything provider-specific that seqsync knows: its connection
and document models, its offline rules, the files a document refers to, its planner,
how a live sequence becomes a file, and how to build a connected ``Provider``. The
registry (:mod:`seqsync.providers.registry`) holds one kind per provider name; nothing
outside a provider's folder compares provider names or tests provider classes.

A ``Provider`` is one connection: it reads live sequences, lists them, applies one
planned operation at a time, and finds what an ambiguous create made.
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from pydantic import ValidationError

from seqsync.config.connections import ConnectionBase
from seqsync.config.yaml_reader import Loc
from seqsync.errors import InternalError
from seqsync.model.common import SequenceBase
from seqsync.model.imported import ImportedDocument
from seqsync.model.live import LiveSequence
from seqsync.model.outline import Outline
from seqsync.model.problems import Problem
from seqsync.plan.capabilities import Capabilities, RemovedStep
from seqsync.plan.common import Target
from seqsync.plan.model import FieldChange, Operation, SequencePlan
from seqsync.plan.preview import PreviewStep
from seqsync.plan.timeline import Timeline
from seqsync.providers.checking import CheckReport, Wanted
from seqsync.providers.http import ApiClient, ErrorMapper
from seqsync.providers.ratelimit import RateLimiter


@dataclass(frozen=True)
class SequenceSummary:
    """A sequence as a listing shows it: enough to match a document by title."""

    id: str
    title: str


class Provider(Protocol):
    """One connection's provider."""

    connection: str
    kind: str
    capabilities: Capabilities

    async def read(self, sequence_id: str, *, context: str) -> LiveSequence:
        """The live sequence with its steps, in as few requests as the API allows."""
        ...

    async def list_sequences(self) -> list[SequenceSummary]:
        """Every sequence of the connection, following pagination."""
        ...

    async def apply(self, operation: Operation, sequence_id: str | None) -> str | None:
        """Send one planned operation exactly as planned (``sequence_id`` fills in a
        sequence created earlier in the same apply); the id it created, if any."""
        ...

    def created_by(
        self, operation: Operation, live: LiveSequence, known_steps: set[str]
    ) -> str | None:
        """After an ambiguous create: the id of what ``operation`` made, if ``live``
        holds it (``known_steps`` were there before or made by this apply)."""
        ...

    def version_of(self, live: LiveSequence) -> int | None:
        """The live sequence's version where the provider keeps one (Inbox), else None."""
        ...

    def unkept_cause(self, operation: Operation, change: FieldChange | None) -> str | None:
        """Why the provider may have kept something other than ``change`` sent by
        ``operation`` (read back after apply), where a source says; None when unknown."""
        ...

    async def aclose(self) -> None: ...

    async def check(self, wanted: Wanted) -> CheckReport:
        """`seqsync check`: read-only requests (a listing where the provider can list, and
        the ``wanted`` sequences), their raw JSON checked against the shapes the client
        relies on, and what the account does where the API allows more than one answer."""
        ...


class ClientMaker(Protocol):
    """Makes the HTTP client for one connection: the real API or the injected sandbox."""

    def __call__(
        self,
        api: str,
        headers: Mapping[str, str],
        map_error: ErrorMapper,
        limiter: RateLimiter | None = None,
    ) -> ApiClient: ...


DocumentT = TypeVar("DocumentT", bound=SequenceBase)
LiveT = TypeVar("LiveT", bound=LiveSequence)
ConnectionT = TypeVar("ConnectionT", bound=ConnectionBase)


class ProviderKind(ABC, Generic[DocumentT, LiveT, ConnectionT]):
    """Everything seqsync knows about one provider; one instance in the registry.

    Generic over the provider's own document, live and connection types: a kind's
    methods take its own types (mypy checks them), and the public entry points generic
    code calls (``problems``, ``capabilities_of``, ``connected``, ``plan``, …) check
    that what they are given is of those types before handing it on."""

    name: ClassVar[str]
    connection_model: type[ConnectionT]
    document_model: type[DocumentT]
    live_model: type[LiveT]  # what its provider's read returns

    @abstractmethod
    def document_problems(
        self, document: DocumentT, connection: ConnectionT | None
    ) -> Iterable[Problem]:
        """Offline rules beyond the model's shape, for a document of a connection
        (None: its connection is not usable, so rules that depend on it are skipped)."""

    def problems(
        self, document: SequenceBase, connection: ConnectionBase | None
    ) -> Iterable[Problem]:
        return self.document_problems(self._document(document), self._connection(connection))

    @abstractmethod
    def starter(self) -> tuple[dict[str, Any], dict[str, Any] | None]:
        """For `seqsync init`: a sandbox connection of this provider (as seqsync.yaml
        writes it) and a small sequence document for it (without name and connection),
        or None where seqsync cannot create the provider's sequences."""

    def document_schema(self) -> dict[str, Any]:
        """JSON Schema of this provider's sequence documents, for editors: the model's
        shape, plus whatever of :meth:`document_problems` a schema can say (a provider
        adds its per-channel rules here)."""
        return self.document_model.model_json_schema()

    def referenced_files(self, data: object) -> Iterator[tuple[Loc, str]]:
        """(location of the key, path as written) for every file a document refers to,
        read from its raw data: files are checked even when the document is invalid."""
        return iter(())

    def lenient_connection(self, raw: Mapping[str, Any]) -> ConnectionT | None:
        """A connection as seqsync.yaml writes it, read leniently (it may not validate,
        and its own problems are reported apart): what its documents' offline rules can
        still learn from it, such as the service a unified API fronts."""
        found: ConnectionBase
        try:
            found = self.connection_model.model_validate(raw)
        except ValidationError:
            known = self.connection_model.model_fields
            found = self.connection_model.model_construct(
                **{key: value for key, value in raw.items() if key in known}
            )
        return self._connection(found)

    @abstractmethod
    def capabilities(self, connection: ConnectionT | None) -> Capabilities:
        """What the provider's API can change through this connection."""

    def capabilities_of(self, connection: ConnectionBase | None) -> Capabilities:
        return self.capabilities(self._connection(connection))

    @abstractmethod
    def build(self, name: str, connection: ConnectionT, client: ClientMaker, key: str) -> Provider:
        """The connected provider for one connection, its API key already resolved."""

    def connected(
        self, name: str, connection: ConnectionBase, client: ClientMaker, key: str
    ) -> Provider:
        own = self._connection(connection)
        if own is None:
            raise InternalError(f"the {self.name} provider was given no connection")
        return self.build(name, own, client, key)

    def plan(self, target: Target[SequenceBase], live: LiveSequence | None) -> SequencePlan:
        """The planner: pure, from (file, live) to ordered operations; ``live`` None
        means no live sequence was found."""
        return self.plan_live(self._target(target), self._live(live))

    @abstractmethod
    def plan_live(self, target: Target[DocumentT], live: LiveT | None) -> SequencePlan:
        """The planner, given this provider's own document and live value (or None)."""

    # Sample data for `seqsync preview`, by merge-tag name (seqsync.yaml `samples:` wins).
    samples: ClassVar[dict[str, str]] = {}
    # Whether content may use {a|b} spintax (None: not known; lint then says nothing).
    spintax: ClassVar[bool | None] = None

    def preview_of(self, target: Target[SequenceBase]) -> list[PreviewStep]:
        return self.preview(self._target(target))

    def preview(self, target: Target[DocumentT]) -> list[PreviewStep]:
        """Each touch of the file as a prospect would get it (tags still to fill). By
        default one per step with words, read from the outline, so a new provider
        previews before it draws its own (variants as labels, say)."""
        touches = []
        for step in self.outline(target.desired).steps:
            said = step.texts_in("body", "message")
            if not said and not step.texts_in("subject"):
                continue
            subjects = [text.inline for text in step.texts_in("subject")]
            notes = [text.inline for text in step.texts_in("note")]
            touches.append(
                PreviewStep(
                    day=step.day or 1,
                    channel=step.channel,
                    subject=subjects[0] if subjects else None,
                    body=(said[0].text(target.files) or "") if said else "",
                    html_body=bool(said) and said[0].role == "body",
                    note=notes[0] if notes else None,
                )
            )
        return touches

    def preview_live(self, live: LiveT) -> list[PreviewStep]:
        """The same for this provider's own live value: what prospects get today."""
        return []

    def timeline(self, target: Target[DocumentT], live: LiveT | None) -> Timeline | None:
        """The cadence day by day before (``live``, this provider's own value, or None)
        and after (the file); None where the provider has no notion of days."""
        return None

    def checked_plan(self, target: Target[SequenceBase], live: LiveSequence | None) -> SequencePlan:
        """The planner's plan, refused if it holds an operation the declared capabilities
        rule out: the capabilities have the last word on what a provider can do."""
        capabilities = self.capabilities_of(target.settings)
        plan = capabilities.enforce(self.plan(target, live))
        timeline = self.timeline(self._target(target), self._live(live))
        if timeline is not None:
            plan = dataclasses.replace(plan, timeline=timeline)
        title = getattr(target.desired, "title", None)  # only a title the file writes
        if (
            live is not None
            and (capabilities.titles_in_read or live.title)  # a listing may give the title
            and title is not None
            and title != live.title
        ):
            # No provider's API renames a sequence (docs/providers/README.md §1: no such
            # route), and a file's title that silently stops meaning anything is worse than an
            # error.
            plan = capabilities.refused(
                plan, capabilities.cannot_rename(target.name, title, live.title)
            )
        return plan

    def preview_live_of(self, live: LiveSequence) -> list[PreviewStep]:
        own = self._live(live)
        return [] if own is None else self.preview_live(own)

    def import_document(
        self, name: str, connection: str, title: str, live: LiveSequence
    ) -> ImportedDocument:
        """``live`` as a file document (every step and variant pinned by id)."""
        head = {"name": name, "connection": connection, "id": live.id, "title": title}
        own = self._live(live)
        if own is None:
            raise InternalError("import was given no live sequence")
        return self.document(head, own)

    @abstractmethod
    def document(self, head: dict[str, Any], live: LiveT) -> ImportedDocument:
        """The file document for this provider's own live value, starting from ``head``."""

    # Whether its sequences send email: lint then expects a body with no merge tag to be
    # flagged, and the conformance tests check that it is (a kind without says so).
    emails: ClassVar[bool] = True

    @abstractmethod
    def outline(self, document: DocumentT) -> Outline:
        """The neutral outline of one of this provider's valid documents: each step
        in file order with where it is, where ids can be pinned, its channel, day and
        texts. Lint, pin and the default preview read documents only through it."""

    def outline_of(self, document: SequenceBase) -> Outline:
        return self.outline(self._document(document))

    # What generic code hands a kind is checked to be the kind's own: a mismatch is a
    # bug in seqsync (the registry routes by provider name), never the user's.

    def _document(self, document: SequenceBase) -> DocumentT:
        if not isinstance(document, self.document_model):
            raise InternalError(f"the {self.name} provider was given a {type(document).__name__}")
        return document

    def _connection(self, connection: ConnectionBase | None) -> ConnectionT | None:
        if connection is not None and not isinstance(connection, self.connection_model):
            raise InternalError(f"the {self.name} provider was given a {type(connection).__name__}")
        return connection

    def _live(self, live: LiveSequence | None) -> LiveT | None:
        if live is not None and not isinstance(live, self.live_model):
            raise InternalError(f"the {self.name} provider was given a {type(live).__name__}")
        return live

    def _target(self, target: Target[SequenceBase]) -> Target[DocumentT]:
        document = self._document(target.desired)
        return dataclasses.replace(target, desired=document)  # type: ignore[return-value]


Kind = ProviderKind[Any, Any, Any]
"""A kind as the registry and generic code hold it: of some provider's types, which its
checked entry points (``problems``, ``capabilities_of``, ``connected``, ``plan``,
``preview_of``, ``outline_of``, ``import_document``) test before handing anything on."""


def items_of(data: Any, key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(index, mapping) for each mapping in the list ``data[key]``, read leniently: raw
    document data may have any shape."""
    found = data.get(key) if isinstance(data, dict) else None
    for index, item in enumerate(found if isinstance(found, list) else ()):
        if isinstance(item, dict):
            yield index, item


ProviderLookup = Callable[[str], Provider]
"""The provider of a connection by name (what apply and import are given)."""


__all__ = [
    "Capabilities",
    "ClientMaker",
    "Provider",
    "ProviderKind",
    "RemovedStep",
    "SequenceSummary",
]
