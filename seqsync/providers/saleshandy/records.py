"""Saleshandy steps and variants in canonical form, and the keys that pair them.

A file variant and a live variant turn into the same record when they would send the
same thing; steps whose keys are equal pair as "exact" without any similarity computed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from seqsync.plan import canonical
from seqsync.plan.common import written_text
from seqsync.providers.saleshandy.live import LiveSaleshandyStep, LiveSaleshandyVariant
from seqsync.providers.saleshandy.model import KeptStep, SaleshandyStep, SaleshandyVariant

PAYLOAD_FIELDS = (
    "subject",
    "content",
    "preheader",
    "connection_note",
    "message",
    "title",
    "action",
)

# --- canonical records ---------------------------------------------------------------


def desired_variant_record(
    channel: str, variant: SaleshandyVariant, files: dict[str, str]
) -> dict[str, Any]:
    """The fields of a file variant in canonical form; only those the channel uses."""
    values = written_fields(variant, files)
    return _record(channel, values, variant.status, tuple(variant.attachments or ()))


def written_fields(variant: SaleshandyVariant, files: dict[str, str]) -> dict[str, Any]:
    """Payload fields as the file gives them, with ``content_file`` read."""
    content = written_text(variant.content, variant.content_file, files)
    return {
        "subject": variant.subject,
        "content": content,
        "preheader": variant.preheader,
        "connection_note": variant.connection_note,
        "message": variant.message,
        "title": variant.title,
        "action": variant.action.model_dump() if variant.action else None,
    }


def live_variant_record(channel: str, variant: LiveSaleshandyVariant) -> dict[str, Any]:
    values = {key: getattr(variant, key) for key in PAYLOAD_FIELDS}
    return _record(channel, values, variant.status, variant.attachments)


def _record(
    channel: str, values: dict[str, Any], status: str, attachments: tuple[str, ...]
) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for key, value in values.items():
        if value is None:
            continue
        record[key] = (
            canonical.html(value)
            if key == "content"
            else (value if key == "action" else canonical.text(value))
        )
    record = {key: value for key, value in record.items() if value not in ("", None)}
    if channel == "email":
        record["attachments"] = list(attachments)
    record["status"] = status
    return record


def sendable_fields(variant: SaleshandyVariant, files: dict[str, str]) -> dict[str, Any]:
    """Payload fields as written (not canonicalised), those with a value: what a request
    sends, still under the file's names."""
    fields = written_fields(variant, files)
    return {key: value for key, value in fields.items() if value is not None}


def variants_of(step: SaleshandyStep) -> list[SaleshandyVariant]:
    """The step's variants; a channel without payload may omit them, meaning one."""
    return list(step.variants) or [SaleshandyVariant()]


# --- pairing -------------------------------------------------------------------------


def pins(
    desired: Sequence[SaleshandyStep | KeptStep], live: list[LiveSaleshandyStep]
) -> dict[int, int]:
    by_id = {step.id: index for index, step in enumerate(live)}
    return {i: by_id[step.id] for i, step in enumerate(desired) if step.id in by_id}


def step_text(records: list[dict[str, Any]], task_note: str | None) -> str:
    """What a step says, for similarity: its note and the payloads of the variants it
    sends (all of them if none is active). A paused file variant is never created, so it
    must not make its step look unlike the live step it became, nor decide the pairing."""
    active = [record for record in records if record.get("status") != "paused"]
    parts = [canonical.text(task_note)]
    for record in active or records:
        parts.extend(str(record.get(key, "")) for key in PAYLOAD_FIELDS)
    return "\n".join(part for part in parts if part)


def step_state(records: list[dict[str, Any]]) -> str:
    return repr([(record.get("status"), record.get("attachments")) for record in records])


StepKey = tuple[str, int, str, str]  # channel, day, text, statuses and attachments


class Records:
    """Each variant's canonical record, made once per plan: pairing steps, pairing
    variants, diffing them and summarising creates all ask for the same ones."""

    def __init__(self, files: dict[str, str]) -> None:
        self.files = files
        # Keyed by identity, holding the variant too, so no id is reused while kept.
        self._desired: dict[tuple[int, str], tuple[object, dict[str, Any]]] = {}
        self._live: dict[tuple[int, str], tuple[object, dict[str, Any]]] = {}

    def desired(self, channel: str, variant: SaleshandyVariant) -> dict[str, Any]:
        key = (id(variant), channel)
        if key not in self._desired:
            self._desired[key] = (variant, desired_variant_record(channel, variant, self.files))
        return self._desired[key][1]

    def live(self, channel: str, variant: LiveSaleshandyVariant) -> dict[str, Any]:
        key = (id(variant), channel)
        if key not in self._live:
            self._live[key] = (variant, live_variant_record(channel, variant))
        return self._live[key][1]


def desired_key(step: SaleshandyStep, records: Records) -> StepKey:
    """(channel, day, everything else as text): equal keys mean equal steps."""
    made = [records.desired(step.channel, v) for v in variants_of(step)]
    return step.channel, step.day, step_text(made, step.task_note), step_state(made)


def live_key(step: LiveSaleshandyStep, records: Records) -> StepKey:
    made = [records.live(step.channel, v) for v in step.variants]
    note = step.variants[0].task_note if step.variants else None
    return step.channel, step.day, step_text(made, note), step_state(made)


def exact_pairs(
    desired: list[StepKey], live: list[StepKey], pins: dict[int, int]
) -> dict[int, int]:
    """Steps equal in every compared field pair first, without computing similarities."""
    waiting: dict[StepKey, list[int]] = {}
    for j, key in enumerate(live):
        if j not in pins.values():
            waiting.setdefault(key, []).append(j)
    exact = {}
    for i, key in enumerate(desired):
        if i not in pins and waiting.get(key):
            exact[i] = waiting[key].pop(0)
    return exact
