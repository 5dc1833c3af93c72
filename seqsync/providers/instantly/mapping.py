"""Instantly wire campaigns <-> live values (docs/providers/instantly.md §3).

The wire's ``delay`` on a step is the wait before the NEXT email, in ``delay_unit``
(minutes, hours or days; days when absent). A file says each email's wait after the
previous one, so step i's wait is step i-1's delay, and the last step's delay (before
an email that does not exist) changes nothing and is kept apart as ``trailing_delay``.
"""

from __future__ import annotations

from typing import Any

from seqsync.providers.instantly.live import (
    LiveInstantlyCampaign,
    LiveInstantlyStep,
    LiveInstantlyVariant,
)

UNIT_SECONDS = {"minutes": 60, "hours": 3_600, "days": 86_400}
DEFAULT_UNIT = "days"  # the OpenAPI's default for delay_unit (§3)
# Campaign statuses in which Instantly sends (§5): 1 Active, 4 Running Subsequences, and
# -1 / -2, an active campaign held back by unhealthy accounts or bounce protection.
SENDING_STATUSES = frozenset({1, 4, -1, -2})
STATUS_NAMES = {
    0: "draft",
    1: "active",
    2: "paused",
    3: "completed",
    4: "running subsequences",
    -99: "account suspended",
    -1: "accounts unhealthy",
    -2: "bounce protect",
}


def seconds_of(delay: Any, unit: Any) -> int:
    """A wire delay in seconds (a number in its unit; an unknown unit counts as days)."""
    try:
        amount = float(delay or 0)
    except (TypeError, ValueError):
        amount = 0.0
    return round(amount * UNIT_SECONDS.get(str(unit or DEFAULT_UNIT), UNIT_SECONDS["days"]))


def wire_delay(seconds: int) -> tuple[int, str]:
    """``seconds`` in the largest unit that holds it whole: (delay, delay_unit)."""
    for unit in ("days", "hours", "minutes"):
        size = UNIT_SECONDS[unit]
        if seconds % size == 0:
            return seconds // size, unit
    return seconds // 60, "minutes"  # files hold whole minutes (model.py)


def wire_steps(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The steps of the campaign's sequence: only the first sequence is used (§3)."""
    sequences = body.get("sequences") or []
    first = sequences[0] if sequences and isinstance(sequences[0], dict) else {}
    return [step for step in first.get("steps") or [] if isinstance(step, dict)]


def live_campaign(body: dict[str, Any]) -> LiveInstantlyCampaign:
    wire = wire_steps(body)
    delays = [seconds_of(step.get("delay"), step.get("delay_unit")) for step in wire]
    steps = tuple(
        LiveInstantlyStep(
            variants=tuple(live_variant(variant) for variant in step.get("variants") or []),
            wait=None if index == 0 else delays[index - 1],
        )
        for index, step in enumerate(wire)
    )
    status = body.get("status")
    return LiveInstantlyCampaign(
        id=str(body["id"]),
        title=str(body.get("name") or ""),
        status=int(status) if isinstance(status, int | float) else None,
        steps=steps,
        schedule=live_schedule(body.get("campaign_schedule")),
        trailing_delay=delays[-1] if delays else 0,
    )


def live_variant(variant: dict[str, Any]) -> LiveInstantlyVariant:
    return LiveInstantlyVariant(
        subject=str(variant.get("subject") or ""),
        body=str(variant.get("body") or ""),
        disabled=bool(variant.get("v_disabled")),
    )


def live_schedule(schedule: Any) -> tuple[tuple[str, Any], ...] | None:
    """The first sending schedule in the file's form (name, timezone, days, from, to)."""
    schedules = schedule.get("schedules") if isinstance(schedule, dict) else None
    if not schedules or not isinstance(schedules[0], dict):
        return None
    first = schedules[0]
    timing: dict[str, Any] = first["timing"] if isinstance(first.get("timing"), dict) else {}
    days: dict[str, Any] = first["days"] if isinstance(first.get("days"), dict) else {}
    return (
        ("name", first.get("name")),
        ("timezone", first.get("timezone")),
        ("days", tuple(sorted(int(day) for day, on in days.items() if on and day.isdigit()))),
        ("from", timing.get("from")),
        ("to", timing.get("to")),
    )
