"""What the Supaglue emulator refuses in a step (docs/providers/supaglue.md §3, §10): the
spec's shapes, each engine's limits, and the custom fields an engine does not know."""

from __future__ import annotations

import re
from typing import Any

from seqsync.sandbox.supaglue.errors import failure, remote_bad_request, validation_failure
from seqsync.sandbox.wire import SandboxRequest
from seqsync.sandbox.worlds import World

DAY = 86_400
STEP_TYPES = ("auto_email", "manual_email", "call", "task", "linkedin_send_message")


def record_of(request: SandboxRequest) -> dict[str, Any]:
    if not isinstance(request.body, dict) or not isinstance(request.body.get("record"), dict):
        raise validation_failure("/body/record", "must have required property 'record'")
    record: dict[str, Any] = request.body["record"]
    return record


def checked_step(
    engine: str,
    record: Any,
    pointer: str,
    world: World,
    *,
    in_sequence_create: bool = False,
) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise validation_failure(pointer, "must be object")
    step_type = record.get("type")
    if step_type not in STEP_TYPES:
        raise validation_failure(
            f"{pointer}/type",
            f"must be equal to one of the allowed values: {', '.join(STEP_TYPES)}",
        )
    interval = record.get("interval_seconds", 0)
    if not isinstance(interval, int | float) or isinstance(interval, bool) or interval < 0:
        raise validation_failure(f"{pointer}/interval_seconds", "must be number")
    date = record.get("date")
    if date is not None and not isinstance(date, str):
        raise validation_failure(f"{pointer}/date", "must be string")
    template = record.get("template")
    if template is not None:
        check_template(template, f"{pointer}/template")
    if engine == "salesloft":
        check_salesloft(step_type, interval, date, template)
    if engine == "outreach" and template is None:
        # Supaglue's Outreach create dereferences the template (docs/providers/supaglue.md §6).
        raise failure(
            500, "INTERNAL_SERVER_ERROR", "Cannot read properties of undefined (reading 'id')"
        )
    custom_fields = record.get("custom_fields")
    if in_sequence_create and world.supaglue_custom_fields == "camelcased":
        # The create route camelCases the whole record deeply except its own top-level
        # custom_fields (apps/api/routes/engagement/v2/sequence.ts,
        # camelcaseKeysSansCustomFields): each step's custom_fields are inside it.
        custom_fields = camelcased(custom_fields)
    check_custom_fields(engine, custom_fields, world)
    return {**record, "interval_seconds": int(interval), "custom_fields": custom_fields}


# ASSUMPTION: custom_fields are merged verbatim into the engine's step body
# (docs/providers/supaglue.md §3); a key the engine does not know is a remote 400, like
# the published error example's "Property ... does not exist". These are the step
# attributes docs/providers/supaglue.md §5, §6 list for each engine.
ENGINE_STEP_ATTRIBUTES = {
    "outreach": frozenset({"taskAutoskipDelay", "taskNote", "taskPriority", "displayName"}),
    "apollo": frozenset(
        {"priority", "note", "auto_skip_in_x_days", "max_emails_per_day", "exact_datetime"}
    ),
}


def check_custom_fields(
    engine: str, custom_fields: Any, world: World, apollo_request: str = "POST /v1/emailer_steps"
) -> None:
    """Unknown engine attributes fail remotely; Outreach's 400 arrives as a 500.
    ``apollo_request`` is the Apollo call that would carry them (for its error)."""
    known = ENGINE_STEP_ATTRIBUTES.get(engine)
    if known is None or not isinstance(custom_fields, dict):
        return
    for key in custom_fields:
        if key not in known:
            raise remote_bad_request(
                engine,
                f'Property values were not valid: Property "{key}" does not exist',
                world,
                apollo_request,
            )


def check_template(template: Any, pointer: str) -> None:
    if not isinstance(template, dict):
        raise validation_failure(pointer, "must be object")
    if "subject" in template or "body" in template:
        for key in ("subject", "body"):
            if not isinstance(template.get(key), str):
                raise validation_failure(f"{pointer}/{key}", f"must have required property '{key}'")
    elif not isinstance(template.get("id"), str):
        raise validation_failure(pointer, "must match exactly one schema in oneOf")


def check_salesloft(step_type: str, interval: float, date: Any, template: Any) -> None:
    if step_type == "linkedin_send_message":
        raise failure(400, "BAD_REQUEST", "linkedin_send_message is not supported by Salesloft")
    if date is not None:
        raise failure(400, "BAD_REQUEST", "Salesloft does not support date-based steps")
    if isinstance(template, dict) and "id" in template and "subject" not in template:
        raise failure(400, "BAD_REQUEST", "Salesloft does not support template ids")
    if interval % DAY:
        raise failure(400, "BAD_REQUEST", "interval_seconds must be whole days for Salesloft")


def camelcased(value: Any) -> Any:
    """Object keys camelCased at every depth, as the camelcase-keys package does for
    snake_case and kebab-case keys (``cadence_step_groups`` -> ``cadenceStepGroups``)."""
    if isinstance(value, list):
        return [camelcased(item) for item in value]
    if isinstance(value, dict):
        return {_camel(str(key)): camelcased(item) for key, item in value.items()}
    return value


def _camel(key: str) -> str:
    words = [word for word in re.split(r"[_\-\s.]+", key) if word]
    if not words:
        return key
    first, rest = words[0], words[1:]
    return first[:1].lower() + first[1:] + "".join(w[:1].upper() + w[1:].lower() for w in rest)
