"""A live Saleshandy sequence as a file document: steps on their days, every step and
variant pinned by id, each email body in its own ``.html`` file."""

from __future__ import annotations

from typing import Any, get_args

from seqsync.model.imported import ImportedDocument
from seqsync.plan.common import letter
from seqsync.providers.saleshandy.live import LiveSaleshandySequence, LiveSaleshandyStep
from seqsync.providers.saleshandy.model import Channel

MODELLED_CHANNELS = frozenset(get_args(Channel))


def saleshandy_document(head: dict[str, Any], live: LiveSaleshandySequence) -> ImportedDocument:
    document = ImportedDocument({**head, "steps": []})
    for number, step in enumerate(live.steps, start=1):
        if step.channel not in MODELLED_CHANNELS:
            # A channel seqsync does not model (one Saleshandy added later, say): the step
            # is kept exactly as it is live, and its place in the file says so.
            document.data["steps"].append({"id": step.id, "keep": True})
            continue
        entry: dict[str, Any] = {"id": step.id, "channel": step.channel, "day": step.day}
        note = step.variants[0].task_note if step.variants and step.channel != "email" else None
        if note:
            entry["task_note"] = note
        entry["variants"] = [
            _variant(document, head["name"], step, number, index)
            for index in range(len(step.variants))
        ]
        document.data["steps"].append(entry)
    return document


def _variant(
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
