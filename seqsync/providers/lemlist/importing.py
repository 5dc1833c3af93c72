"""A live lemlist campaign as a file document: its steps in order, each pinned by id,
with the fields its type takes as the read returned them."""

from __future__ import annotations

from typing import Any

from seqsync.model.imported import ImportedDocument
from seqsync.providers.lemlist.live import LiveLemlistSequence
from seqsync.providers.lemlist.model import FIELDS, STEP_TYPES, TYPE_FIELDS


def lemlist_document(head: dict[str, Any], live: LiveLemlistSequence) -> ImportedDocument:
    document = ImportedDocument({**head, "steps": []})
    for step in live.steps:
        if step.type not in STEP_TYPES:
            # A condition (its branches are child sequences) or a type seqsync does not
            # model: kept exactly as it is live, and its place in the file says so.
            document.data["steps"].append({"id": step.id, "keep": True})
            continue
        required, optional = TYPE_FIELDS.get(step.type, (frozenset(), frozenset()))
        entry: dict[str, Any] = {"id": step.id, "type": step.type, "delay": step.delay}
        for key in FIELDS:
            value = step.fields.get(key)
            if key in required | optional and value not in (None, "", []):
                entry[key] = value
        if step.variant_b is not None:
            entry["variant_b"] = {
                "subject": step.variant_b.subject or "",
                "message": step.variant_b.message or "",
            }
        document.data["steps"].append(entry)
    return document
