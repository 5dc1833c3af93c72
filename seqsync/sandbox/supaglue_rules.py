"""What the Supaglue emulator refuses, and in which envelope (providers.md 2.5, 2.7)."""

from __future__ import annotations

import uuid
from typing import Any

from seqsync.sandbox.wire import ApiFailure, SandboxResponse

DAY = 86_400


def failure(
    status: int, code: str, detail: str, *, origin: str = "supaglue", inner: int | None = None
) -> ApiFailure:
    return ApiFailure(
        SandboxResponse(
            status,
            {
                "errors": [
                    {
                        "id": str(uuid.uuid4()),
                        "title": detail.split(":")[0],
                        "detail": detail,
                        "problem_type": code,
                        "code": code,
                        "status": str(inner or status),
                        "meta": {"origin": origin, "application_name": "seqsync-sandbox"},
                    }
                ]
            },
        )
    )


def validation_failure(pointer: str, detail: str) -> ApiFailure:
    """express-openapi-validator's shape for a request that breaks the spec."""
    return ApiFailure(
        SandboxResponse(
            400,
            {
                "errors": [
                    {
                        "title": "Bad Request",
                        "detail": detail,
                        "source": {"pointer": pointer},
                        "problem_type": "VALIDATION_ERROR",
                    }
                ]
            },
        )
    )


# ASSUMPTION: custom_fields are merged verbatim into the engine's step body (providers.md
# 2.3); a key the engine does not know is a remote 400, like seed 002's "Property ... does
# not exist". These are the step attributes providers.md 4.1 / 4.2 list for each engine.
ENGINE_STEP_ATTRIBUTES = {
    "outreach": frozenset({"taskAutoskipDelay", "taskNote", "taskPriority", "displayName"}),
    "apollo": frozenset(
        {"priority", "note", "auto_skip_in_x_days", "max_emails_per_day", "exact_datetime"}
    ),
}


def check_custom_fields(engine: str, custom_fields: Any) -> None:
    """Unknown engine attributes fail remotely; Outreach's 400 arrives as a 500."""
    known = ENGINE_STEP_ATTRIBUTES.get(engine)
    if known is None or not isinstance(custom_fields, dict):
        return
    for key in custom_fields:
        if key not in known:
            raise remote_bad_request(
                engine, f'Property values were not valid: Property "{key}" does not exist'
            )


def remote_bad_request(engine: str, detail: str) -> ApiFailure:
    """A remote 400: Apollo's stays 400; Outreach/Salesloft's becomes 500 (providers.md 2.5)."""
    if engine == "apollo":
        return failure(400, "BAD_REQUEST", detail)
    return failure(500, "INTERNAL_SERVER_ERROR", detail, origin="remote-provider", inner=400)


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
