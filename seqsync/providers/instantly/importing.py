"""A live Instantly campaign as a file document: each variant's body in its own file,
each email's wait after the previous one as its ``delay``."""

from __future__ import annotations

import string
from typing import Any

from seqsync.model.common import format_duration
from seqsync.model.imported import ImportedDocument
from seqsync.providers.instantly.live import LiveInstantlyCampaign


def instantly_document(head: dict[str, Any], live: LiveInstantlyCampaign) -> ImportedDocument:
    document = ImportedDocument({**head})
    if live.schedule is not None:
        schedule = dict(live.schedule)
        document.data["schedule"] = {
            "name": schedule["name"],
            "timezone": schedule["timezone"],
            "days": list(schedule["days"]),
            "from": schedule["from"],
            "to": schedule["to"],
        }
    steps: list[dict[str, Any]] = []
    for number, step in enumerate(live.steps, start=1):
        entry: dict[str, Any] = {}
        if step.wait is not None:
            entry["delay"] = format_duration(step.wait)
        variants = []
        for index, variant in enumerate(step.variants):
            letter = string.ascii_lowercase[index] if index < 26 else str(index + 1)
            path = f"emails/{head['name']}/{number}{letter}.html"
            document.files[path] = variant.body
            written: dict[str, Any] = {"subject": variant.subject, "body_file": path}
            if variant.disabled:
                written["disabled"] = True
            variants.append(written)
        entry["variants"] = variants
        steps.append(entry)
    document.data["steps"] = steps
    return document
