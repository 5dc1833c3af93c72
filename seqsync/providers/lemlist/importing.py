"""A live lemlist campaign as a file document: its steps in order, each pinned by id,
with the fields its type takes as the read returned them, each email body (and variant
B's) in its own ``.html`` file."""

from __future__ import annotations

from typing import Any

from seqsync.model.imported import ImportedDocument
from seqsync.providers.lemlist.live import LiveLemlistSequence
from seqsync.providers.lemlist.model import FIELDS, STEP_TYPES, TYPE_FIELDS


def lemlist_document(head: dict[str, Any], live: LiveLemlistSequence) -> ImportedDocument:
    document = ImportedDocument({**head, "steps": []})
    for number, step in enumerate(live.steps, start=1):
        if step.type not in STEP_TYPES:
            # A condition (its branches are child sequences) or a type seqsync does not
            # model: kept exactly as it is live, and its place in the file says so.
            document.data["steps"].append({"id": step.id, "keep": True})
            continue
        required, optional = TYPE_FIELDS.get(step.type, (frozenset(), frozenset()))
        entry: dict[str, Any] = {"id": step.id, "type": step.type, "delay": step.delay}
        folder = f"emails/{head['name']}"
        for key in FIELDS:
            value = step.fields.get(key)
            if key not in required | optional or value in (None, "", []):
                continue
            if key == "message" and step.type == "email":
                # An email's HTML goes in its own file, as people edit it.
                document.files[f"{folder}/{number}.html"] = value
                entry["message_file"] = f"{folder}/{number}.html"
            else:
                entry[key] = value
        if step.variant_b is not None:
            path = f"{folder}/{number}-b.html"
            document.files[path] = step.variant_b.message or ""
            entry["variant_b"] = {"subject": step.variant_b.subject or "", "message_file": path}
        document.data["steps"].append(entry)
    return document
