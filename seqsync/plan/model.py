"""The Plan: immutable values with a deterministic order and a versioned data form.

A Plan holds one SequencePlan per targeted sequence; each holds the ordered operations
that make that sequence match its file, the exact request each will send, why, and
whether it is destructive. The JSON form (``to_data``) is what ``--out`` saves,
``--format json`` prints, and ``schemas/plan.schema.json`` documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from urllib.parse import quote

from seqsync.errors import InternalError
from seqsync.plan.digests import LiveDigests, StepDigests
from seqsync.plan.timeline import Timeline

FORMAT_VERSION = 3
"""2: operations carry ``live`` (the live step and variant ids they act on), sequences
their ``connection_identity``. 3: a sequence's ``fingerprint`` covers its steps through
their digests (a plan of 2 would read as stale; it is refused as another format)."""

NEW_SEQUENCE_ID = "{new_sequence_id}"
"""Placeholder in request paths for the id a create_sequence earlier in the plan returns."""

_ADDRESS = re.compile(
    r"^(?P<sequence>[^.\[\]]+(?:\[[^.\[\]]+\])?)"  # name, or name[connection] (for_each)
    r"(?:\.steps\[(?P<step>[^\]]+)\])?(?:\.(?P<variant>[A-Z]|#\d+))?$"
)


@dataclass(frozen=True)
class Address:
    """Where an operation acts, as the plan shows it: ``founders-q4.steps[2].B``.

    ``step`` is the step's index in the file, or ``id:<live id>`` for a live step the
    file does not have; ``variant`` is its letter (A…Z, then #27…).
    """

    sequence: str
    step: str | None = None
    variant: str | None = None

    def __str__(self) -> str:
        text = self.sequence
        if self.step is not None:
            text += f".steps[{self.step}]"
        if self.variant is not None:
            text += f".{self.variant}"
        return text

    @classmethod
    def parse(cls, text: str) -> Address:
        match = _ADDRESS.fullmatch(text)
        if match is None:
            raise ValueError(f"{text!r} is not an operation address")
        return cls(match["sequence"], match["step"], match["variant"])


@dataclass(frozen=True)
class FieldChange:
    path: str
    before: Any
    after: Any

    def to_data(self) -> dict[str, Any]:
        return {"path": self.path, "before": self.before, "after": self.after}


@dataclass(frozen=True)
class Request:
    """One exact API call: what a plan shows and what apply sends. Never holds secrets."""

    method: str
    path: str
    body: Any = None

    def to_data(self) -> dict[str, Any]:
        return {"method": self.method, "path": self.path, "body": self.body}

    def for_sequence(self, sequence_id: str | None) -> Request:
        """The request with a sequence created earlier in the apply filled in."""
        if NEW_SEQUENCE_ID not in self.path:
            return self
        if sequence_id is None:
            raise InternalError("an operation of a sequence that was never created was applied")
        created = quote(sequence_id, safe="")  # an id from the API is still one path segment
        return Request(self.method, self.path.replace(NEW_SEQUENCE_ID, created), self.body)


@dataclass(frozen=True)
class LiveIds:
    """The live step and variant an operation acts on (None: new, or not addressed)."""

    step: str | None = None
    variant: str | None = None

    def to_data(self) -> dict[str, Any]:
        return {"step": self.step, "variant": self.variant}


class Verb(StrEnum):
    """What an operation does to its target."""

    CREATE = "create"
    PATCH = "patch"
    DELETE = "delete"
    REORDER = "reorder"  # moves a live target to another position, its content unchanged
    REPLACE = "replace"  # sends the whole target anew: what it holds is what the file says


class Level(StrEnum):
    """What an operation acts on: the sequence, one step, or one variant of a step."""

    SEQUENCE = "sequence"
    STEP = "step"
    VARIANT = "variant"


class Effect(StrEnum):
    """What an operation does to live steps: what the summary counts for reviewers and
    the safety limits measure, whatever the API calls the operation."""

    ADDS = "adds"
    CHANGES = "changes"
    STOPS = "stops"  # prospects stop receiving it: a pause, or a delete
    REWRITES = "rewrites"  # a replace: the steps its changes name are sent anew


_EFFECT_OF = {
    Verb.CREATE: Effect.ADDS,
    Verb.PATCH: Effect.CHANGES,
    Verb.DELETE: Effect.STOPS,
    Verb.REORDER: Effect.CHANGES,
    Verb.REPLACE: Effect.REWRITES,
}
COUNTED_AS = ("create", "change", "replace", "pause", "delete")
"""How the summary counts operations, in its order; ``delete`` shows only when a plan
deletes something, so plans of providers that cannot delete read as they always have."""

OPERATION_KINDS: dict[str, tuple[Verb, Level]] = {
    f"{verb}_{target}": (verb, target) for verb in Verb for target in Level
}
"""Every operation kind a plan may hold, ``verb_target`` (the data form's ``kind``).
Which of them a provider can carry out is its ``Capabilities``' to say."""


@dataclass(frozen=True)
class Operation:
    """One step of a plan: a verb of a target, with the exact request that carries it out.

    The vocabulary is neutral: a provider's planner picks the verb and target and its
    lowering the request (route and body), so a provider that can do what no other can
    (delete a step, move one) needs no new class and no change to generic code.
    ``stops`` marks a patch that stops what it acts on (a pause); a delete stops by its
    verb alone.
    """

    verb: Verb
    target: Level
    address: Address
    request: Request
    reason: str
    changes: tuple[FieldChange, ...] = ()
    destructive: bool = False
    destructive_why: str = ""
    live: LiveIds = LiveIds()
    # Paths of changes whose live value differs from the base branch's file too: edits
    # made outside seqsync that apply reverts (plan --base). A note for reviewers only:
    # not part of what is sent, so a saved plan is verified without it.
    drifted: tuple[str, ...] = ()
    # Paths of changes the last apply sent exactly so, and that the provider did not keep
    # (read back after that apply): sending them again will not stick. A note, as drifted.
    unkept: tuple[str, ...] = ()
    stops: bool = False

    def __post_init__(self) -> None:
        # Only a patch pauses: the data form keeps a "pause" flag and the verb, so a flag
        # on any other verb would not survive a saved plan (a delete stops by its verb).
        if self.stops and self.verb is not Verb.PATCH:
            raise InternalError(f"{self.address}: a {self.kind} operation cannot pause")

    @property
    def kind(self) -> str:
        """``verb_target``, as plans, reports and refusals name it: ``patch_variant``."""
        return f"{self.verb}_{self.target}"

    def does(self, verb: Verb, target: Level) -> bool:
        return self.verb is verb and self.target is target

    @property
    def effect(self) -> Effect:
        """What it does to live steps: its verb's effect, unless it is a pausing patch."""
        return Effect.STOPS if self.stops else _EFFECT_OF[self.verb]

    @property
    def counted_as(self) -> str:
        """How the summary counts it: create, change, replace, pause or delete."""
        match self.effect:
            case Effect.ADDS:
                return "create"
            case Effect.CHANGES:
                return "change"
            case Effect.REWRITES:
                return "replace"
            case Effect.STOPS:
                return "delete" if self.verb is Verb.DELETE else "pause"

    def to_data(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "address": str(self.address),
            "reason": self.reason,
            "pause": self.counted_as == "pause",
            "destructive": self.destructive,
            "destructive_why": self.destructive_why,
            "changes": [change.to_data() for change in self.changes],
            "request": self.request.to_data(),
            "live": self.live.to_data(),
            "drifted": list(self.drifted),
            "unkept": list(self.unkept),
        }


@dataclass(frozen=True)
class StepMatch:
    """Why a file step and a live step were paired (or that one has no partner)."""

    desired: int | None  # index in the file's steps
    live: str | None  # live step id, or "#N" (position) where the API gives none
    reason: str  # "id pin", "exact", "similar 87%", "new", "not in file"
    # The live variant each file variant pairs with (None: new), where variants have ids.
    variants: tuple[str | None, ...] = ()

    def to_data(self) -> dict[str, Any]:
        return {
            "desired": self.desired,
            "live": self.live,
            "reason": self.reason,
            "variants": list(self.variants),
        }


@dataclass(frozen=True)
class Counts:
    create: int = 0
    change: int = 0
    replace: int = 0
    pause: int = 0
    delete: int = 0

    @classmethod
    def of(cls, operations: Iterable[Operation]) -> Counts:
        counted = [operation.counted_as for operation in operations]
        return cls(*(counted.count(name) for name in COUNTED_AS))

    @property
    def total(self) -> int:
        return self.create + self.change + self.replace + self.pause + self.delete

    def to_data(self) -> dict[str, int]:
        """Each count by name; ``delete`` only when there is one (see COUNTED_AS)."""
        data = {name: int(getattr(self, name)) for name in COUNTED_AS}
        if not self.delete:
            del data["delete"]
        return data


_NO_DIGESTS = LiveDigests.known("", ())


@dataclass(frozen=True)
class SequencePlan:
    name: str
    connection: str
    provider: str
    sequence_id: str | None  # None: the plan creates it
    title: str
    operations: tuple[Operation, ...] = ()
    matches: tuple[StepMatch, ...] = ()
    errors: tuple[str, ...] = ()
    digests: LiveDigests = field(default=_NO_DIGESTS)  # of the live state planned from
    live_version: int | None = None  # Inbox campaignVersion the plan was made from
    connection_identity: str = ""  # where its requests go (provider, URL, customer; no key)
    includes: tuple[str, ...] = ()  # the snippets its file includes: an edit to one shows here
    timeline: Timeline | None = None  # the cadence day by day, before and after
    # What the plan cannot see or vouch for, though nothing is wrong (a field the
    # provider's reads do not return): shown to reviewers, never an operation.
    notes: tuple[str, ...] = ()

    @property
    def counts(self) -> Counts:
        return Counts.of(self.operations)

    @property
    def fingerprint(self) -> str:
        return self.digests.value[0]

    @property
    def live_steps(self) -> StepDigests:
        return self.digests.value[1]

    def to_data(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "connection": self.connection,
            "connection_identity": self.connection_identity,
            "includes": list(self.includes),
            "timeline": None if self.timeline is None else self.timeline.to_data(),
            "provider": self.provider,
            "sequence_id": self.sequence_id,
            "title": self.title,
            "fingerprint": self.fingerprint,
            "live_version": self.live_version,
            "live_steps": [list(step) for step in self.live_steps],
            "errors": list(self.errors),
            "notes": list(self.notes),
            "matches": [match.to_data() for match in self.matches],
            "operations": [operation.to_data() for operation in self.operations],
        }


@dataclass(frozen=True)
class Unmanaged:
    """A live sequence no file manages (plan --show-unmanaged), or, with ``id`` None, a
    connection whose provider cannot list its sequences."""

    connection: str
    id: str | None
    title: str

    def to_data(self) -> dict[str, Any]:
        return {"connection": self.connection, "id": self.id, "title": self.title}


@dataclass(frozen=True)
class Plan:
    sequences: tuple[SequencePlan, ...]
    seqsync_version: str
    created_at: str
    format_version: int = FORMAT_VERSION
    unmanaged: tuple[Unmanaged, ...] | None = None  # None: not asked for

    @property
    def operations(self) -> list[Operation]:
        return [operation for sequence in self.sequences for operation in sequence.operations]

    @property
    def errors(self) -> list[tuple[str, str]]:
        return [(sequence.name, error) for sequence in self.sequences for error in sequence.errors]

    @property
    def notes(self) -> list[tuple[str, str]]:
        return [(sequence.name, note) for sequence in self.sequences for note in sequence.notes]

    @property
    def destructive(self) -> list[tuple[str, Operation]]:
        return [
            (sequence.name, operation)
            for sequence in self.sequences
            for operation in sequence.operations
            if operation.destructive
        ]

    def unsafe_because(self, *, allow_destructive: bool) -> str | None:
        """Why this plan must not be applied under these options (None: it may be).

        The apply workflow asks this whoever calls it, so a destructive plan is refused
        from Python as it is from the command line.
        """
        if allow_destructive or not self.destructive:
            return None
        listed = "\n".join(f"  - {op.address}: {op.destructive_why}" for _, op in self.destructive)
        return (
            f"the plan has {len(self.destructive)} destructive operation(s):\n{listed}\n"
            "Review them, then run again with --allow-destructive to apply them."
        )

    @property
    def counts(self) -> Counts:
        return Counts.of(self.operations)

    def to_data(self) -> dict[str, Any]:
        counts = self.counts
        return {
            "format_version": self.format_version,
            "seqsync_version": self.seqsync_version,
            "created_at": self.created_at,
            "summary": {
                **counts.to_data(),
                "errors": len(self.errors),
                "destructive": len(self.destructive),
            },
            "sequences": [sequence.to_data() for sequence in self.sequences],
            "unmanaged": None
            if self.unmanaged is None
            else [item.to_data() for item in self.unmanaged],
        }


def plan_from_data(data: dict[str, Any]) -> Plan:
    """Rebuild a Plan from its data form; raises KeyError/TypeError/ValueError on bad data."""
    sequences = tuple(
        SequencePlan(
            name=str(item["name"]),
            connection=str(item["connection"]),
            connection_identity=str(item["connection_identity"]),
            includes=tuple(str(name) for name in item.get("includes") or ()),
            timeline=Timeline.from_data(item["timeline"]) if item.get("timeline") else None,
            provider=str(item["provider"]),
            sequence_id=item["sequence_id"],
            title=str(item["title"]),
            digests=LiveDigests.known(
                str(item["fingerprint"]),
                tuple((str(ref), str(digest)) for ref, digest in item["live_steps"]),
            ),
            live_version=item["live_version"],
            errors=tuple(str(error) for error in item["errors"]),
            notes=tuple(str(note) for note in item.get("notes") or ()),
            matches=tuple(
                StepMatch(
                    match["desired"],
                    match["live"],
                    str(match["reason"]),
                    tuple(match.get("variants") or ()),
                )
                for match in item["matches"]
            ),
            operations=tuple(_operation_from_data(op) for op in item["operations"]),
        )
        for item in data["sequences"]
    )
    listed = data.get("unmanaged")
    return Plan(
        sequences=sequences,
        seqsync_version=str(data["seqsync_version"]),
        created_at=str(data["created_at"]),
        format_version=int(data["format_version"]),
        unmanaged=None
        if listed is None
        else tuple(
            Unmanaged(str(item["connection"]), _optional_text(item["id"]), str(item["title"]))
            for item in listed
        ),
    )


def _operation_from_data(data: dict[str, Any]) -> Operation:
    kind = OPERATION_KINDS.get(data["kind"])
    if kind is None:
        raise ValueError(f"unknown operation kind {data['kind']!r}")
    verb, target = kind
    if data["pause"] and verb is not Verb.PATCH:
        raise ValueError(f"a {data['kind']} operation cannot pause")
    request, live = data["request"], data["live"]
    return Operation(
        verb,
        target,
        stops=bool(data["pause"]),
        address=Address.parse(str(data["address"])),
        reason=str(data["reason"]),
        destructive=bool(data["destructive"]),
        destructive_why=str(data["destructive_why"]),
        changes=tuple(
            FieldChange(str(change["path"]), change["before"], change["after"])
            for change in data["changes"]
        ),
        request=Request(str(request["method"]), str(request["path"]), request["body"]),
        live=LiveIds(_optional_text(live["step"]), _optional_text(live["variant"])),
        drifted=tuple(str(path) for path in data.get("drifted") or ()),
        unkept=tuple(str(path) for path in data.get("unkept") or ()),
    )


def _optional_text(value: Any) -> str | None:
    return None if value is None else str(value)
