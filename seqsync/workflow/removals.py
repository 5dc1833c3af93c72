"""Retiring a sequence is a reviewed change, never a silent one.

A file deleted from the project leaves its live sequence running. seqsync.yaml's
`removed:` entries say what becomes of it: `then: pause` plans pausing every live step
(destructive: the destructive gate and safety limits apply as to any pause), where the
provider pauses steps; `then: unmanage` plans nothing and says it is left running. With
`plan --base`, a document the base branch has and this change removed, with no entry,
is a plan error naming what to write: the reviewer decides, not the default.
"""

from __future__ import annotations

import asyncio
import dataclasses
import fnmatch
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from seqsync.config.removed import Removed
from seqsync.errors import NotFound, SeqsyncError
from seqsync.model.common import SequenceBase
from seqsync.model.live import LiveSequence
from seqsync.plan.capabilities import RemovedStep
from seqsync.plan.common import Target, sequence_plan
from seqsync.plan.model import SequencePlan
from seqsync.project.loader import LoadedSequence, Project
from seqsync.providers.registry import kind_of_connection

if TYPE_CHECKING:
    from seqsync.workflow.plan import PlanMaker, Selection


def removed_entries(maker: PlanMaker) -> list[Removed]:
    config = maker.project.config
    return list(config.removed) if config is not None else []


async def removal_plans(maker: PlanMaker, selection: Selection) -> list[SequencePlan]:
    """A plan per `removed:` entry the selection names, and a blocked one per document
    removed since the base branch that no entry covers."""
    entries = removed_entries(maker)
    chosen = [entry for entry in entries if _chosen(entry.name, selection)]
    plans = list(await asyncio.gather(*(_removal(maker, entry) for entry in chosen)))
    if maker.base is not None and not selection.targets:
        names = {loaded.model.name for loaded in maker.project.sequences}
        names |= {entry.name for entry in entries}
        plans += [
            _unsaid(maker, loaded)
            for loaded in maker.base.sequences
            if loaded.model.name not in names
        ]
    return [maker._identified(plan) for plan in plans]


def _unsaid(maker: PlanMaker, loaded: LoadedSequence) -> SequencePlan:
    """The blocked plan of a document the base branch has and this change removed, with no
    entry: its error is the entry to write, with the file's id where it had one (always,
    for Inbox: its documents name their campaign by id, which no listing could find)."""
    model = loaded.model
    which = f"id: {model.live_id}" if model.live_id else f"title: {model.effective_title!r}"
    entry = f"name: {model.name}, connection: {model.connection}, {which}"
    config = maker.project.config
    connection = config.connections.get(model.connection) if config is not None else None
    capabilities = (
        kind_of_connection(connection).capabilities_of(connection) if connection else None
    )
    if capabilities is None or capabilities.removed_step is RemovedStep.PAUSE:
        say = f"`removed: [{{{entry}, then: pause}}]` (or `then: unmanage` to leave it running)"
    else:  # `then: pause` would only be refused in turn
        app = capabilities.app or capabilities.service
        say = (
            f"`removed: [{{{entry}, then: unmanage}}]`, after stopping it in {app} itself "
            f"({capabilities.service} cannot pause it through its API)"
        )
    target = Target.for_document(model, loaded.provider, sequence_id=model.live_id)
    why = (
        f"{model.name}: its file was removed in this change, and its live sequence on "
        f"{model.connection} would go on running, unmanaged. Say what becomes of it in "
        f"seqsync.yaml: {say}"
    )
    return sequence_plan(target, None, errors=[why])


def unlisted(maker: PlanMaker, connection: str, service: str) -> str:
    """What --show-unmanaged says of a connection whose provider cannot list: that, and
    the sequences the removed: entries retire there, so a campaign seqsync managed
    (Inbox) is still named, by the id its entry holds."""
    said = f"{service} cannot list its sequences"
    known = [
        f"{entry.name} ({f'id {entry.id}' if entry.id else repr(entry.title)}, then: {entry.then})"
        for entry in removed_entries(maker)
        if entry.connection == connection
    ]
    return f"{said}; retired by removed: entries: {', '.join(known)}" if known else said


def _chosen(name: str, selection: Selection) -> bool:
    def matches(pattern: str) -> bool:
        return name == pattern or fnmatch.fnmatchcase(name, pattern)

    targets, excludes = selection.targets, selection.excludes
    return (not targets or any(map(matches, targets))) and not any(map(matches, excludes))


def removal_target(
    project: Project, entry: Removed, sequence_id: str | None = None
) -> Target[SequenceBase]:
    """What a `removed:` entry plans against its live sequence: a document with no steps,
    whose live steps are all paused (``then: pause``)."""
    config = project.config
    connection = config.connections.get(entry.connection) if config is not None else None
    if connection is None:
        raise SeqsyncError(
            f"removed entry {entry.name}: connection {entry.connection!r} is not in seqsync.yaml"
        )
    kind = kind_of_connection(connection)
    data: dict[str, Any] = {"name": entry.name, "connection": entry.connection, "steps": []}
    data.update({"id": entry.id} if entry.id is not None else {"title": entry.title})
    data["unmanaged_steps"] = "pause"
    try:
        document = kind.document_model.model_validate(data)
    except ValidationError:
        document = kind.document_model.model_construct(**data)
    return Target.for_document(
        document, kind.name, settings=connection, sequence_id=sequence_id, unmanaged_steps="pause"
    )


def _unreachable(project: Project, entry: Removed) -> SequencePlan | None:
    """The blocked plan of an entry whose connection this plan cannot reach (None when it
    can): it blocks only itself, as any sequence that cannot be planned, not the plan."""
    config = project.config
    if config is not None and entry.connection in config.connections:
        return None
    env, left = project.left_out or ("", frozenset())
    if entry.connection in left:
        why = (
            f"environment {env!r} does not define connection {entry.connection!r}: define "
            f"it under environments.{env}.connections (or list it in environments.{env}."
            "shared) to retire it there, or plan this entry without --env"
        )
    else:
        why = (
            f"connection {entry.connection!r} is not in seqsync.yaml: add the connection "
            "its live sequence is in, or remove the entry if that account is gone"
        )
    return SequencePlan(
        name=entry.name,
        connection=entry.connection,
        provider="",  # no connection, no provider: the schema allows it for this case
        sequence_id=entry.id,
        title=entry.title or "",
        errors=(f"removed entry {entry.name}: {why}",),
    )


def _gone(target: Target[SequenceBase], why: str) -> SequencePlan:
    """Nothing to retire: said as a note, so a retirement done by hand is not an error."""
    note = f"removed, then: pause: its live sequence is gone already ({why}); remove the entry"
    return sequence_plan(target, None, notes=[note])


async def _removal(maker: PlanMaker, entry: Removed) -> SequencePlan:
    unreachable = _unreachable(maker.project, entry)
    if unreachable is not None:
        return unreachable
    target = removal_target(maker.project, entry)
    connection = target.settings
    kind = kind_of_connection(connection) if connection is not None else None
    if kind is None:
        raise SeqsyncError(f"removed entry {entry.name}: no connection")
    capabilities = kind.capabilities_of(connection)
    if entry.name in {loaded.model.name for loaded in maker.project.sequences}:
        return sequence_plan(
            target,
            None,
            errors=[f"{entry.name}: it is in removed: and still has a file; remove one of them"],
        )
    if entry.then == "unmanage":
        return sequence_plan(
            target,
            None,
            notes=[
                "removed, then: unmanage: its live sequence is left running as it is, and "
                "seqsync no longer manages it"
            ],
        )
    if capabilities.removed_step is not RemovedStep.PAUSE:
        why = (
            f"{entry.name}: {capabilities.service} cannot pause a sequence's steps through its "
            f"API; stop it in {capabilities.app or capabilities.service} itself, and write "
            "`then: unmanage`"
        )
        return sequence_plan(target, None, errors=[why])
    found = await _live_of(maker, entry, target)
    if isinstance(found, SequencePlan):
        return found
    target, live = found
    plan = kind.checked_plan(target, live)
    note = "removed, then: pause: every live step is paused"
    return plan if plan.errors else dataclasses.replace(plan, notes=(*plan.notes, note))


async def _live_of(
    maker: PlanMaker, entry: Removed, target: Target[SequenceBase]
) -> tuple[Target[SequenceBase], LiveSequence] | SequencePlan:
    """The live sequence a `then: pause` entry retires (and its target, by its id), or
    the plan that says why there is none to pause."""
    try:
        sequence_id = entry.id
        if sequence_id is None:
            sequence_id = await maker._match_title(entry.connection, target)
        if sequence_id is None:
            return _gone(
                target, f"no live sequence on {entry.connection} is titled {entry.title!r}"
            )
        target = removal_target(maker.project, entry, sequence_id)
        provider = maker.session.provider(entry.connection)
        async with maker.slots.of(entry.connection):  # read beside the documents' reads
            live = await provider.read(
                sequence_id, context=f"reading removed sequence {entry.name}"
            )
        return target, live
    except NotFound:
        return _gone(target, f"{entry.connection} has no sequence {target.sequence_id}")
    except SeqsyncError as exc:
        return sequence_plan(target, None, errors=[str(exc)])
