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
from typing import Any, ClassVar, Protocol

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


class ProviderKind(ABC):
    """Everything seqsync knows about one provider; one instance in the registry."""

    name: ClassVar[str]
    connection_model: ClassVar[type[ConnectionBase]]
    document_model: ClassVar[type[SequenceBase]]
    live_model: ClassVar[type[Any]]  # what its provider's read returns

    @abstractmethod
    def document_problems(self, document: Any, engine: str) -> Iterable[Problem]:
        """Offline rules beyond the model's shape (``engine``: the connection's engine)."""

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

    def referenced_files(self, data: Any) -> Iterator[tuple[Loc, str]]:
        """(location of the key, path as written) for every file a document refers to,
        read from its raw data: files are checked even when the document is invalid."""
        return iter(())

    def engine_of(self, raw_connection: Mapping[str, Any]) -> str:
        """The engine of a connection read leniently (it may not validate)."""
        return ""

    @abstractmethod
    def capabilities(self, engine: str) -> Capabilities:
        """What the provider's API can change, for a connection with this engine."""

    @abstractmethod
    def build(self, name: str, connection: Any, client: ClientMaker, key: str) -> Provider:
        """The connected provider for one connection, its API key already resolved."""

    def plan(self, target: Target, live: LiveSequence | None) -> SequencePlan:
        """The planner: pure, from (file, live) to ordered operations; ``live`` None
        means no live sequence was found."""
        return self.plan_live(target, None if live is None else self._own(live))

    @abstractmethod
    def plan_live(self, target: Target, live: Any) -> SequencePlan:
        """The planner, given this provider's own live value (or None)."""

    # Sample data for `seqsync preview`, by merge-tag name (seqsync.yaml `samples:` wins).
    samples: ClassVar[dict[str, str]] = {}
    # Whether content may use {a|b} spintax (None: not known; lint then says nothing).
    spintax: ClassVar[bool | None] = None

    def preview(self, target: Target) -> list[PreviewStep]:
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

    def preview_live(self, live: Any) -> list[PreviewStep]:
        """The same for this provider's own live value: what prospects get today."""
        return []

    def timeline(self, target: Target, live: Any) -> Timeline | None:
        """The cadence day by day before (``live``, this provider's own value, or None)
        and after (the file); None where the provider has no notion of days."""
        return None

    def checked_plan(self, target: Target, live: LiveSequence | None) -> SequencePlan:
        """The planner's plan, refused if it holds an operation the declared capabilities
        rule out: the capabilities have the last word on what a provider can do."""
        capabilities = self.capabilities(target.engine)
        plan = capabilities.enforce(self.plan(target, live))
        timeline = self.timeline(target, None if live is None else self._own(live))
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

    def import_document(
        self, name: str, connection: str, title: str, live: LiveSequence
    ) -> ImportedDocument:
        """``live`` as a file document (every step and variant pinned by id)."""
        head = {"name": name, "connection": connection, "id": live.id, "title": title}
        return self.document(head, self._own(live))

    @abstractmethod
    def document(self, head: dict[str, Any], live: Any) -> ImportedDocument:
        """The file document for this provider's own live value, starting from ``head``."""

    # Whether its sequences send email: lint then expects a body with no merge tag to be
    # flagged, and the conformance tests check that it is (a kind without says so).
    emails: ClassVar[bool] = True

    @abstractmethod
    def outline(self, document: Any) -> Outline:
        """The neutral outline of one of this provider's valid documents: each step
        in file order with where it is, where ids can be pinned, its channel, day and
        texts. Lint, pin and the default preview read documents only through it."""

    def _own(self, live: LiveSequence) -> Any:
        if not isinstance(live, self.live_model):
            raise InternalError(f"the {self.name} provider was given a {type(live).__name__}")
        return live


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
