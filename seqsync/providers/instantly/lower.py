"""What the Instantly planner decided, lowered to the requests Instantly takes: a campaign
create with its sequence, or a PATCH of the campaign's whole sequence
(docs/providers/instantly.md §2, §3). Pure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from seqsync.plan.model import Request
from seqsync.providers.instantly.client import CAMPAIGNS, campaign_path
from seqsync.providers.instantly.live import LiveInstantlyStep
from seqsync.providers.instantly.mapping import wire_delay

DAYS = range(7)


def create_campaign(
    title: str, steps: Sequence[LiveInstantlyStep], schedule: dict[str, Any]
) -> Request:
    body = {
        "name": title,
        "campaign_schedule": wire_schedule(schedule),
        "sequences": [{"steps": wire_steps(steps)}],
    }
    return Request("POST", CAMPAIGNS, body)


def replace_sequence(
    campaign_id: str, steps: Sequence[LiveInstantlyStep], schedule: dict[str, Any] | None
) -> Request:
    """The whole sequence (one element: only the first is used), and the schedule when
    it changes."""
    body: dict[str, Any] = {"sequences": [{"steps": wire_steps(steps)}]}
    if schedule is not None:
        body["campaign_schedule"] = wire_schedule(schedule)
    return Request("PATCH", campaign_path(campaign_id), body)


def wire_steps(steps: Sequence[LiveInstantlyStep]) -> list[dict[str, Any]]:
    """Each email with the wait before the NEXT one as its delay; the last has 0.
    Every key is sent, ``v_disabled`` too, so a PATCH that merges leaves nothing stale."""
    wire = []
    for index, step in enumerate(steps):
        following = steps[index + 1].wait if index + 1 < len(steps) else 0
        delay, unit = wire_delay(following or 0)
        wire.append(
            {
                "type": "email",
                "delay": delay,
                "delay_unit": unit,
                "variants": [
                    {"subject": v.subject, "body": v.body, "v_disabled": v.disabled}
                    for v in step.variants
                ],
            }
        )
    return wire


def wire_schedule(schedule: dict[str, Any]) -> dict[str, Any]:
    """The file's schedule as ``campaign_schedule``; every day is sent, off ones false."""
    days = set(schedule["days"])
    return {
        "schedules": [
            {
                "name": schedule["name"],
                "timing": {"from": schedule["from"], "to": schedule["to"]},
                "days": {str(day): day in days for day in DAYS},
                "timezone": schedule["timezone"],
            }
        ]
    }
