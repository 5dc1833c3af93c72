"""The sandbox's first state: the live sequences ``examples/`` refers to, each a little
different from its file, so that a new user's first plan has real work in it:

- founders-q4 (Saleshandy): variant A's subject edited live, the day-5 email missing,
  and an extra live WhatsApp step that the file does not have (planned as a pause).
- webinar-followup (Supaglue / Outreach): the reply email's subject edited live and the
  final manual email missing.
- x-founders (Inbox): the first message worded differently and the follow-up missing.
- sales-leaders (lemlist, running): variant B's subject and the call script edited live,
  and the last step, a manual task, missing.
- agency-partners (Instantly, paused while its copy is revised): variant B's subject
  edited live, the disabled variant C and the last email missing.
"""

from __future__ import annotations

from typing import Any

from seqsync.sandbox.seed_instantly import AGENCY_PARTNERS, agency_partners
from seqsync.sandbox.seed_lemlist import sales_leaders

INTRO_A = "<p>Hi {{firstName}},</p>\n<p>I noticed {{companyName}} is hiring SDRs. Most teams at your stage lose a third of\ntheir replies to slow follow-up.</p>\n<p>Acme keeps every sequence in git, reviewed like code. Open to a quick look?</p>\n<p>Best,<br/>Sam</p>\n"
INTRO_B = "<p>Hi {{firstName}},</p>\n<p>One idea for {{companyName}}: treat outreach sequences like infrastructure, with reviews\nand a plan before every change.</p>\n<p>Two minutes to show you?</p>\n<p>Sam</p>\n"
THANKS = "<p>Hi {{first_name}},</p>\n<p>Thanks for joining our webinar on pipeline reviews. The recording is on its way.</p>\n<p>— The Acme team</p>\n"
CREATED_AT = "2026-01-05T09:00:00+00:00"


def initial_state() -> dict[str, Any]:
    return {
        "saleshandy": {"sequences": {"JA5YdAr9wy": _founders_q4()}},
        "supaglue": {
            "connections": {"acme": ["apollo", "outreach", "salesloft"]},
            "engines": {
                "outreach": {
                    "counter": 1,
                    "sequences": {"1042": _webinar_followup()},
                    "templates": {
                        "9001": {
                            "subject": "Thanks for joining, {{first_name}}",
                            "body": THANKS,
                            "name": None,
                        },
                        "9002": {
                            "subject": "Re: Thanks for joining!",
                            "body": "<p>Hi {{first_name}}, here are the slides and the recording.</p>",
                            "name": None,
                        },
                        "9003": {
                            "subject": "Call script",
                            "body": "<p>Reference the webinar; offer a tailored demo.</p>",
                            "name": None,
                        },
                        "9004": {
                            "subject": "LinkedIn touch",
                            "body": "<p>Connect on LinkedIn with a one-line personal note.</p>",
                            "name": None,
                        },
                    },
                },
                "apollo": {"sequences": {}, "templates": {}},
                "salesloft": {"sequences": {}, "templates": {}},
            },
        },
        "inbox": {"campaigns": {"usdjpdql3f90seqk13rwuo7z": _x_founders()}},
        "lemlist": sales_leaders(),
        "instantly": {
            "campaigns": {AGENCY_PARTNERS: agency_partners()},
            "order": [AGENCY_PARTNERS],
        },
    }


def saleshandy_variant(
    variant_id: str, step_type: int, payload: dict[str, Any], task_note: str | None = None
) -> dict[str, Any]:
    """A live Saleshandy variant as the emulator stores it (also for generated states)."""
    return {
        "id": variant_id,
        "type": step_type,
        "payload": payload,
        "status": 1,
        "stepStatus": 1,
        "executionType": 1 if step_type == 1 else 2,
        "taskNote": task_note,
        "attachmentIds": [],
    }


def saleshandy_step(
    step_id: str,
    number: int,
    step_type: int,
    day: int,
    variants: list[dict[str, Any]],
    priority: int = 3,
) -> dict[str, Any]:
    return {
        "id": step_id,
        "name": f"Step {number}",
        "number": number,
        "type": step_type,
        "absoluteDays": day,
        "priority": priority,
        "variants": variants,
    }


def _founders_q4() -> dict[str, Any]:
    closing = (
        "<p>Hi {{firstName}},</p>\n"
        "<p>I'll stop here. If outbound ever lands on your plate, just reply to this email.</p>\n"
    )
    return {
        "id": "JA5YdAr9wy",
        "title": "Founders Q4 outbound",
        "active": True,
        "created": 1,
        "steps": [
            saleshandy_step(
                "bwOLEx4l8G",
                1,
                1,
                1,
                [
                    saleshandy_variant(
                        "Qk3vR8mZpL",
                        1,
                        {
                            "subject": "Quick question {{firstName}}",
                            "content": INTRO_A,
                            "preheader": "Quick question about your team",
                        },
                    ),
                    saleshandy_variant(
                        "Wn7cT2xHdA",
                        1,
                        {
                            "subject": "{{companyName}} + Acme?",
                            "content": INTRO_B,
                            "preheader": "Two minutes, one idea",
                        },
                    ),
                ],
            ),
            saleshandy_step(
                "Lp4sN9qJrV",
                2,
                2,
                3,
                [
                    saleshandy_variant(
                        "Hx2mB6kTfE",
                        2,
                        {
                            "connectionNote": "Hi {{firstName}}, I sent you a note about {{companyName}}'s outbound. Would love to connect."
                        },
                        "Personalise with a recent post of theirs",
                    )
                ],
                priority=2,
            ),
            saleshandy_step(
                "Zt8gK3wQyC",
                3,
                13,
                7,
                [
                    saleshandy_variant(
                        "Rb5nJ1vXsD",
                        13,
                        {},
                        "Call about the two emails; ask who owns outbound tooling.",
                    )
                ],
            ),
            saleshandy_step(
                "Mf6dP0aLuW",
                4,
                16,
                8,
                [
                    saleshandy_variant(
                        "Ye9hC4rNgB",
                        16,
                        {"message": "Hi {{firstName}}, quick one on WhatsApp."},
                        "Only if they replied",
                    )
                ],
            ),
            saleshandy_step(
                "Vc1kS7eHmQ",
                5,
                1,
                10,
                [
                    saleshandy_variant(
                        "Gu3wF8zTqK", 1, {"subject": "Closing the loop", "content": closing}
                    )
                ],
            ),
        ],
    }


def _webinar_followup() -> dict[str, Any]:
    def step(
        step_id: str, step_type: str, interval: int, template_id: str, task_note: str | None = None
    ) -> dict[str, Any]:
        return {
            "id": step_id,
            "type": step_type,
            "interval": interval,
            "date": None,
            "template_id": template_id,
            "task_note": task_note,
            "is_reply": False,
            "name": None,
            "automated": step_type != "manual_email",
            "created_at": CREATED_AT,
        }

    day = 86_400
    return {
        "id": "1042",
        "name": "Webinar follow-up (Outreach)",
        "share_type": "team",
        "tags": [],
        "owner_id": None,
        "is_enabled": True,
        "created": 1,
        "created_at": CREATED_AT,
        "updated_at": CREATED_AT,
        "steps": [
            step("51001", "auto_email", 0, "9001"),
            step("51002", "auto_email", 2 * day, "9002"),
            step(
                "51003", "call", 3 * day, "9003", "Ask which part of the webinar was most relevant."
            ),
            step("51004", "task", 1 * day, "9004", "Send a LinkedIn note referencing the webinar."),
        ],
    }


def _x_founders() -> dict[str, Any]:
    def message(*segments: dict[str, Any]) -> dict[str, Any]:
        return {"type": "message", "data": {"segments": list(segments)}}

    steps = [
        {"type": "likeTweet", "data": {}},
        {"type": "delay", "data": {"delaySeconds": 86_400, "unit": "days"}},
        message(
            {"type": "variation", "options": ["Hey", "Hi"]},
            {"type": "static", "text": " "},
            {"type": "variable", "name": "first-name", "fallback": "there"},
            {"type": "static", "text": ", saw your work at "},
            {
                "type": "variable",
                "name": "custom_q5cktl47a6pqa74eu06fz89v",
                "fallback": "your company",
            },
            {"type": "static", "text": ". Would love to connect. Open to a quick chat?"},
        ),
    ]
    return {
        "id": "usdjpdql3f90seqk13rwuo7z",
        "name": "Founders on X",
        "description": "",
        "status": "active",
        "dryRun": False,
        "type": "sequence",
        "createdAt": CREATED_AT,
        "updatedAt": CREATED_AT,
        "version": 3,
        "customVariables": {
            "custom_q5cktl47a6pqa74eu06fz89v": {
                "displayName": "Company",
                "description": "From the lead list",
            }
        },
        "steps": [
            {"id": f"stp{rank}k2v9q1x8m3n7b4c6z5", "rank": rank, **step}
            for rank, step in enumerate(steps)
        ],
    }
