"""Live sequences as file documents: the data of one YAML document plus its content files.

Every step and variant is pinned by ``id:`` where the API has ids; email and template
bodies go to one ``.html`` file each; Inbox messages use the compact syntax when it
compiles back to exactly the same segments, raw ``segments`` otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from seqsync.model.common import format_duration
from seqsync.model.inbox_message import render_message
from seqsync.model.live import (
    LiveInboxCampaign,
    LiveSaleshandySequence,
    LiveSaleshandyStep,
    LiveSequence,
    LiveSupaglueSequence,
)
from seqsync.plan.common import letter


@dataclass
class ImportedDocument:
    """``data`` is the YAML document; ``files`` maps paths (relative to it) to their text."""

    data: dict[str, Any]
    files: dict[str, str] = field(default_factory=dict)


def document_for(name: str, connection: str, title: str, live: LiveSequence) -> ImportedDocument:
    head: dict[str, Any] = {"name": name, "connection": connection, "id": live.id, "title": title}
    match live:
        case LiveSaleshandySequence():
            return _saleshandy(head, live)
        case LiveSupaglueSequence():
            return _supaglue(head, live)
        case LiveInboxCampaign():
            return _inbox(head, live)
    raise TypeError(f"cannot import {type(live).__name__}")


def _saleshandy(head: dict[str, Any], live: LiveSaleshandySequence) -> ImportedDocument:
    document = ImportedDocument({**head, "steps": []})
    for number, step in enumerate(live.steps, start=1):
        entry: dict[str, Any] = {"id": step.id, "channel": step.channel, "day": step.day}
        note = step.variants[0].task_note if step.variants and step.channel != "email" else None
        if note:
            entry["task_note"] = note
        entry["variants"] = [
            _saleshandy_variant(document, head["name"], step, number, index)
            for index in range(len(step.variants))
        ]
        document.data["steps"].append(entry)
    return document


def _saleshandy_variant(
    document: ImportedDocument, name: str, step: LiveSaleshandyStep, number: int, index: int
) -> dict[str, Any]:
    variant = step.variants[index]
    entry: dict[str, Any] = {"id": variant.id}
    if variant.status != "active":
        entry["status"] = variant.status
    for key in ("subject", "preheader", "connection_note", "message", "title"):
        value = getattr(variant, key)
        if value:
            entry[key] = value
    if variant.content:
        path = f"emails/{name}/{number}-{letter(index)}.html"
        document.files[path] = variant.content
        entry["content_file"] = path
    if variant.action:
        entry["action"] = dict(variant.action)
    if variant.attachments:
        entry["attachments"] = list(variant.attachments)
    return entry


def _supaglue(head: dict[str, Any], live: LiveSupaglueSequence) -> ImportedDocument:
    data = {**head}
    if live.share_type:
        data["share_type"] = live.share_type
    if live.tags:
        data["tags"] = list(live.tags)
    document = ImportedDocument({**data, "steps": []})
    for number, step in enumerate(live.steps, start=1):
        entry: dict[str, Any] = {}
        if step.id:
            entry["id"] = step.id
        if step.name:
            entry["name"] = step.name
        entry["type"] = step.type
        if step.date:
            entry["date"] = step.date
        elif step.delay is not None:
            entry["delay"] = format_duration(step.delay)
        if step.template is not None:
            path = f"emails/{head['name']}/{number}.html"
            document.files[path] = step.template.body
            entry["template"] = {"subject": step.template.subject, "body_file": path}
        if step.task_note:
            entry["task_note"] = step.task_note
        document.data["steps"].append(entry)
    return document


def _inbox(head: dict[str, Any], live: LiveInboxCampaign) -> ImportedDocument:
    steps: list[dict[str, Any]] = []
    for step in live.steps:
        if step.kind == "delay":
            steps.append({"delay": format_duration(step.delay or 0)})
        elif step.kind == "like_tweet":
            steps.append({"like_tweet": True})
        else:
            segments = [dict(segment) for segment in step.segments]
            compact = render_message(segments)
            steps.append({"message": compact} if compact is not None else {"segments": segments})
    return ImportedDocument({**head, "steps": steps})
