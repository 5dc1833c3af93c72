"""Supaglue wire format <-> live model, undoing each engine's read-back quirks.

What is written as a relative ``interval_seconds`` reads back differently per engine
(docs/providers/supaglue.md §4), so the mapping turns every read back into relative seconds:

- Apollo reports the running sum of the waits (ASSUMPTION: including the step's own
  wait, as Supaglue's mapper accumulates ``wait_time`` before emitting it).
- Salesloft reports absolute offsets ``(day-1)*86400 + delay_minutes*60`` and omits them
  for steps that are neither Email nor Phone; those steps read back with delay None
  (unknown), and the next known offset is taken relative to the last known one.
- Outreach reports the relative interval as written.

Apollo also reports a date on steps that have an interval (see :func:`_date`), may
return a body as a whole HTML document (see :func:`_apollo_body`), and may keep no
template on call and task steps (see :func:`_template`).
"""

from __future__ import annotations

import re
from typing import Any

from seqsync.providers.supaglue import salesloft
from seqsync.providers.supaglue.live import (
    LiveSupaglueSequence,
    LiveSupaglueStep,
    LiveSupaglueTemplate,
)


def live_sequence(body: dict[str, Any], engine: str) -> LiveSupaglueSequence:
    steps = [step for step in body.get("steps") or [] if not step.get("is_deleted")]
    delays = _relative_delays([step.get("interval_seconds") for step in steps], engine)
    return LiveSupaglueSequence(
        id=str(body["id"]),
        title=str(body.get("name") or ""),
        share_type=body.get("share_type"),
        tags=tuple(body.get("tags") or ()),
        is_enabled=bool(body.get("is_enabled")),
        steps=tuple(
            _live_step(step, delay, engine) for step, delay in zip(steps, delays, strict=True)
        ),
    )


def _live_step(step: dict[str, Any], delay: int | None, engine: str) -> LiveSupaglueStep:
    return LiveSupaglueStep(
        id=str(step["id"]) if step.get("id") not in (None, "") else None,
        type=str(step.get("type")),
        delay=delay if step.get("date") in (None, "") or engine == "apollo" else None,
        date=_date(step.get("date"), engine),
        template=_template(step, engine),
        task_note=(
            salesloft.strip_task_prefix(step.get("task_note") or None)
            if engine == "salesloft" and step.get("type") == "task"
            else step.get("task_note") or None
        ),
        name=(step.get("name") or None) if engine == "salesloft" else None,
    )


# Apollo call and task steps: whether Apollo makes a touch (so keeps a template) for
# them is not documented; files may not give them one (supaglue/model.py), and whatever
# the read says of their template is not compared.
UNTEMPLATED_ON_APOLLO = frozenset({"call", "task"})


def _template(step: dict[str, Any], engine: str) -> LiveSupaglueTemplate | None:
    template = step.get("template")
    if not isinstance(template, dict):
        return None
    if engine == "apollo" and step.get("type") in UNTEMPLATED_ON_APOLLO:
        return None
    body = str(template.get("body") or "")
    return LiveSupaglueTemplate(
        id=str(template["id"]) if template.get("id") else None,
        subject=str(template.get("subject") or ""),
        body=_apollo_body(body) if engine == "apollo" else body,
        name=template.get("name") or None,
    )


# The wrapper Apollo puts around a body it stores: Supaglue's captured Apollo answer
# (packages/core/remotes/impl/apollo/examples/emailer-campaign-response.example.json)
# returns `body_html` as "<html><head></head><body>…</body></html>" for a body that was
# written without it. Only that exact empty-head wrapper is removed: a document the user
# wrote with a head of its own is compared as written.
_APOLLO_DOCUMENT = re.compile(
    r"\s*<html>\s*<head>\s*</head>\s*<body>(?P<body>.*)</body>\s*</html>\s*",
    re.DOTALL | re.IGNORECASE,
)


def _apollo_body(body: str) -> str:
    """An Apollo body as it was written: without the document wrapper Apollo adds."""
    match = _APOLLO_DOCUMENT.fullmatch(body)
    return match["body"] if match else body


def _date(value: Any, engine: str) -> str | None:
    """A step's date as the file writes it (YYYY-MM-DD).

    Apollo reports ``exact_datetime`` as a full timestamp, and sets it even on steps of an
    interval sequence (step 1 of Supaglue's captured example,
    packages/core/remotes/impl/apollo/examples/emailer-campaign-response.example.json:
    ``"2023-10-21T17:40:53.807+00:00"`` with ``wait_time: 0``). Its interval is always
    reported too, so for Apollo the date is only its calendar day, and the delay stays
    known: a file with a delay is compared by delay, one with a date by that day.
    """
    if value in (None, ""):
        return None
    text = str(value)
    return text[:10] if engine == "apollo" and len(text) > 10 and text[10] == "T" else text


def _relative_delays(raw: list[Any], engine: str) -> list[int | None]:
    values = [int(value) if isinstance(value, int | float) else None for value in raw]
    if engine == "outreach":
        return values
    relative: list[int | None] = []
    previous = 0
    for value in values:
        if value is None:
            relative.append(None)
            continue
        relative.append(value - previous)
        previous = value
    return relative
