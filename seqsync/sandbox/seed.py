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

INTRO_A = "<p>Hi {{firstName}},</p>\n<p>I noticed {{companyName}} is hiring SDRs. Most teams at your stage lose a third of\ntheir replies to slow follow-up.</p>\n<p>Acme keeps every sequence in git, reviewed like code. Open to a quick look?</p>\n<p>Best,<br/>Sam</p>\n"
INTRO_B = "<p>Hi {{firstName}},</p>\n<p>One idea for {{companyName}}: treat outreach sequences like infrastructure, with reviews\nand a plan before every change.</p>\n<p>Two minutes to show you?</p>\n<p>Sam</p>\n"
THANKS = "<p>Hi {{first_name}},</p>\n<p>Thanks for joining our webinar on pipeline reviews. The recording is on its way.</p>\n<p>— The Acme team</p>\n"
CREATED_AT = "2026-01-05T09:00:00+00:00"
OPENER_A = "<p>Hi {{firstName}},</p>\n<p>Saw that {{companyName}} runs outbound across a few SDR pods. When every rep edits\nsequences live, nobody can say which version booked the meetings.</p>\n<p>Acme keeps sequences in git: each change reviewed, planned and applied like code.\nWorth a look?</p>\n<p>Sam</p>\n"
OPENER_B = "<p>Hi {{firstName}},</p>\n<p>Quick question: when a sequence at {{companyName}} stops booking, can you tell what\nchanged in it, and who changed it?</p>\n<p>With Acme, every edit is a reviewed change you can undo. Two minutes to show you?</p>\n<p>Sam</p>\n"
AGENCY_A = "<p>Hi {{firstName}},</p>\n<p>Agencies like {{companyName}} run dozens of client campaigns, and each one drifts a\nlittle every week.</p>\n<p>Acme keeps every client's sequences in git, so a change is reviewed once and\napplied to every account it belongs to.</p>\n<p>Open to a 15-minute look?<br/>Sam</p>\n"
AGENCY_B = '<p>Hi {{firstName}},</p>\n<p>How does {{companyName}} know which version of a client\'s sequence is live right\nnow? For most agencies the answer is "open the tool and look".</p>\n<p>We built Acme so the answer is a file in git. Worth a chat?<br/>Sam</p>\n'
AGENCY_PARTNERS = "0b8f6e2a-4c1d-4f7e-9a35-6d2e8c1b7f40"


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
        "lemlist": _sales_leaders(),
        "instantly": {
            "campaigns": {AGENCY_PARTNERS: _agency_partners()},
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


def _sales_leaders() -> dict[str, Any]:
    """lemlist's state: one running campaign and its main sequence, as the emulator keeps
    them (steps in the wire's shape, variant B under ``b``)."""
    campaign, sequence = "cam_R4tWq8ZkLm", "seq_Jd2pXv7NcQ"

    def step(step_id: str, step_type: str, delay: int, **fields: Any) -> dict[str, Any]:
        return {
            "_id": step_id,
            "type": step_type,
            "delay": delay,
            "emailTemplateId": f"etp_{step_id[4:]}",
            **fields,
        }

    opener = step(
        "stp_Ka8vQ3mWtR",
        "email",
        0,
        subject="Who changed the sequence, {{firstName}}?",
        message=OPENER_A,
    )
    opener.update(
        abTest=True,
        emailTemplateBId="etp_Bq5nL1xZcY",
        b={
            "emailTemplateBId": "etp_Bq5nL1xZcY",
            "subject": "Sequences at {{companyName}}, reviewed like code",
            "message": OPENER_B,
        },
    )
    follow_up = (
        "<p>Hi {{firstName}},</p>\n<p>Floating this back up. Teams like yours ship a reviewed "
        "sequence change in a day, not a week.</p>\n<p>Worth 15 minutes next week?</p>\n"
    )
    return {
        "created": 1,
        "campaigns": {
            campaign: {
                "_id": campaign,
                "name": "Sales leaders (lemlist)",
                "status": "running",
                "createdAt": "2026-01-05T09:00:00.000Z",
                "sequenceId": sequence,
                "created": 1,
            }
        },
        "sequences": {
            sequence: {
                "_id": sequence,
                "campaignId": campaign,
                "level": 0,
                "steps": [
                    opener,
                    step("stp_Vw4cH9rTbN", "linkedinVisit", 1),
                    step(
                        "stp_Pm6zE2kDsJ",
                        "linkedinInvite",
                        1,
                        message="Hi {{firstName}}, I emailed you about how {{companyName}} "
                        "reviews its sequences. Happy to connect here too.",
                    ),
                    step(
                        "stp_Gt1yU8fAqX",
                        "email",
                        3,
                        subject="Re: Who changed the sequence, {{firstName}}?",
                        message=follow_up,
                    ),
                    step(
                        "stp_Hn3bR7wMeK",
                        "phone",
                        2,
                        message="Call about the two emails; ask who owns outbound tooling.",
                    ),
                ],
            }
        },
    }


def _agency_partners() -> dict[str, Any]:
    """An Instantly campaign as its read returns it (paused: status 2)."""

    def variant(subject: str, body: str, disabled: bool = False) -> dict[str, Any]:
        return {"subject": subject, "body": body, "v_disabled": disabled}

    def email(delay_days: int, *variants: dict[str, Any]) -> dict[str, Any]:
        # `delay` is the wait before the NEXT email (docs/providers/instantly.md §3).
        return {
            "type": "email",
            "delay": delay_days,
            "delay_unit": "days",
            "variants": list(variants),
        }

    return {
        "id": AGENCY_PARTNERS,
        "name": "Agency partners (Instantly)",
        "status": 2,
        "timestamp_created": "2026-01-05T09:00:00.000Z",
        "timestamp_updated": "2026-01-05T09:00:00.000Z",
        "campaign_schedule": {
            "schedules": [
                {
                    "name": "Weekday mornings",
                    "timing": {"from": "08:00", "to": "11:30"},
                    "days": {str(day): 1 <= day <= 5 for day in range(7)},
                    "timezone": "America/Chicago",
                }
            ]
        },
        "sequences": [
            {
                "steps": [
                    email(
                        2,
                        variant("{{companyName}}'s client campaigns, in one place", AGENCY_A),
                        variant("Which version is live?", AGENCY_B),
                    ),
                    email(
                        4,
                        variant(
                            "Re: {{companyName}}'s client campaigns",
                            "<p>Hi {{firstName}}, one example: a subject line fixed once, "
                            "reviewed, and applied to all twelve client accounts that use it.</p>",
                        ),
                        variant(
                            "Re: Which version is live?",
                            "<p>Hi {{firstName}}, happy to show how other agencies answer that "
                            "in a single command.</p>",
                        ),
                    ),
                    email(
                        0,
                        variant(
                            "Worth a look, {{firstName}}?",
                            "<p>Hi {{firstName}}, I can walk your ops lead through it in 15 "
                            "minutes. Is next Tuesday good?</p>",
                        ),
                    ),
                ]
            }
        ],
    }
