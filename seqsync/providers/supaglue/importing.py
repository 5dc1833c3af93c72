"""A live Supaglue sequence as a file document: each template body in its own file."""

from __future__ import annotations

from typing import Any

from seqsync.model.common import format_duration
from seqsync.model.imported import ImportedDocument
from seqsync.providers.supaglue.live import LiveSupaglueSequence


def supaglue_document(head: dict[str, Any], live: LiveSupaglueSequence) -> ImportedDocument:
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
        if step.delay is not None:  # Apollo reports both: its interval is what it runs by
            entry["delay"] = format_duration(step.delay)
        elif step.date:
            entry["date"] = step.date
        if step.template is not None:
            path = f"emails/{head['name']}/{number}.html"
            document.files[path] = step.template.body
            entry["template"] = {"subject": step.template.subject, "body_file": path}
        if step.task_note:
            entry["task_note"] = step.task_note
        document.data["steps"].append(entry)
    return document
