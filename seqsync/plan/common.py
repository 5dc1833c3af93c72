"""What every provider's planner shares: its input, addresses, fingerprints."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from seqsync.config.connections import ConnectionBase
from seqsync.errors import InternalError
from seqsync.model.common import SequenceBase
from seqsync.model.live import LiveSequence
from seqsync.plan.digests import LiveDigests, StepDigests
from seqsync.plan.ignore import IgnoreRules
from seqsync.plan.model import Operation, SequencePlan, StepMatch

DocumentT = TypeVar("DocumentT", bound=SequenceBase, covariant=True)
D = TypeVar("D", bound=SequenceBase)


@dataclass(frozen=True)
class Target(Generic[DocumentT]):
    """One sequence document, ready to plan: its model and the text of its content files.

    Generic code holds a ``Target[SequenceBase]``; a provider's planner gets a target of
    its own document type from its kind (which checks it), so it reads its document
    typed. ``settings`` is the connection's own model (its kind's connection type), for
    what planning needs of the account (which service a unified API fronts, say); None
    where no seqsync.yaml gives it (tests, import checks without a project)."""

    name: str
    connection: str
    provider: str
    settings: ConnectionBase | None
    sequence_id: str | None  # None: no live sequence yet, the plan creates it
    title: str
    desired: DocumentT
    files: dict[str, str] = field(default_factory=dict)
    keep_unmanaged: bool = False  # live steps the file lacks stay as they are (not paused)

    @staticmethod
    def for_document(
        document: D,
        provider: str,
        *,
        settings: ConnectionBase | None = None,
        files: dict[str, str] | None = None,
        sequence_id: str | None = None,
        unmanaged_steps: str = "pause",
    ) -> Target[D]:
        """The target for a validated document; ``sequence_id`` defaults to its ``id``,
        ``unmanaged_steps`` is the connection's policy (the document's own wins)."""
        return Target(
            name=document.name,
            connection=document.connection,
            provider=provider,
            settings=settings,
            sequence_id=sequence_id if sequence_id is not None else document.live_id,
            title=document.effective_title,
            desired=document,
            files=dict(files or {}),
            keep_unmanaged=(document.unmanaged_steps or unmanaged_steps) == "keep",
        )

    @property
    def ignore(self) -> IgnoreRules:
        return IgnoreRules(self.desired.ignore)


def sequence_plan(
    target: Target[SequenceBase],
    live: LiveSequence | None,
    operations: Iterable[Operation] = (),
    *,
    matches: Iterable[StepMatch] = (),
    errors: Iterable[str] = (),
    notes: Iterable[str] = (),
    live_version: int | None = None,
) -> SequencePlan:
    """The plan for ``target`` made from ``live``: a plan with errors does nothing, so its
    operations are dropped; the fingerprints let a saved plan be checked before apply."""
    errors = tuple(errors)
    return SequencePlan(
        name=target.name,
        connection=target.connection,
        provider=target.provider,
        sequence_id=target.sequence_id,
        title=target.title,
        operations=() if errors else tuple(operations),
        matches=tuple(matches),
        errors=errors,
        notes=tuple(notes),
        digests=LiveDigests(lambda: fingerprints(live), len(live.steps) if live else 0),
        live_version=live_version,
    )


def unknown_pins(
    where: str, pinned: list[str | None], live: list[tuple[str, str]], what: str = "step"
) -> list[str]:
    """Errors for file ``id:`` pins that match nothing live (a pin is never ignored):
    ``pinned`` holds each file item's id or None, ``live`` each live (id, description)."""
    known = {live_id for live_id, _ in live}
    errors = []
    for index, pin in enumerate(pinned):
        if pin is None or pin in known:
            continue
        choices = ", ".join(f"{live_id} ({description})" for live_id, description in live[:10])
        errors.append(
            f"{where}[{index}]: id {pin!r} matches no live {what}"
            + (f"; the live {what}s are {choices}" if choices else f"; there are no live {what}s")
            + ": correct the id, or remove it to match by content"
        )
    return errors


def written_text(inline: str | None, path: str | None, files: Mapping[str, str]) -> str | None:
    """A body written inline or in a file the loader read (None: neither is given).

    The one place a referenced file's text is looked up: loading read every file a
    document names (``Target.files``), so a missing one is a bug, not an empty body.
    """
    if inline is not None or path is None:
        return inline
    if path not in files:
        raise InternalError(f"{path!r} was not read when the project was loaded")
    return files[path]


def letter(index: int) -> str:
    """Variant letters as Saleshandy shows them: A…Z."""
    return string.ascii_uppercase[index] if index < 26 else f"#{index + 1}"


def fingerprint(live: LiveSequence | None) -> str:
    """A digest of the live state a plan was made from, to refuse stale plans. The title
    is left out: no operation writes it, and where a read lacks it (Saleshandy) the plan
    takes it from a listing that apply's re-read does not repeat."""
    return fingerprints(live)[0]


def step_fingerprints(live: LiveSequence | None) -> StepDigests:
    """(step id or #position, digest) per live step, to say which step moved."""
    return fingerprints(live)[1]


def fingerprints(live: LiveSequence | None) -> tuple[str, StepDigests]:
    """Both at once: each step is serialised once, and the sequence's digest covers its
    steps through their digests."""
    if live is None:
        return "absent", ()
    if not dataclasses.is_dataclass(live) or isinstance(live, type):
        raise InternalError(f"live values are dataclasses, not {type(live).__name__}")
    steps = tuple(
        (getattr(step, "id", None) or f"#{position + 1}", _digest(step))
        for position, step in enumerate(live.steps)
    )
    data = dict(_fields(live))
    data.pop("title", None)
    data["steps"] = [digest for _, digest in steps]
    return _digest(data), steps


def _fields(value: Any) -> Mapping[str, Any]:
    """A dataclass's fields, one level deep (the JSON encoder calls this for nested ones,
    so the walk over a live sequence runs in C); read-only."""
    names = _FIELD_NAMES.get(type(value))
    if names is None:
        names = _FIELD_NAMES[type(value)] = tuple(f.name for f in dataclasses.fields(value))
    own: dict[str, Any] = getattr(value, "__dict__", {})
    if len(own) == len(names):
        return own  # exactly its fields, as __init__ set them (nothing cached beside them)
    return {name: getattr(value, name) for name in names}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _json_default(value: Any) -> Any:
    if type(value) in _FIELD_NAMES or (
        dataclasses.is_dataclass(value) and not isinstance(value, type)
    ):
        return _fields(value)
    return str(value)


def _digest(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, default=_json_default)
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()
