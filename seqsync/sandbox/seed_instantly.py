"""The seeded Instantly workspace: agency-partners, a paused campaign (examples/).

Part of the sandbox's first state (seqsync/sandbox/seed.py), a little different from the
example file it stands for, so that a new user's first plan has work in it.
"""

from __future__ import annotations

from typing import Any

AGENCY_A = "<p>Hi {{firstName}},</p>\n<p>Agencies like {{companyName}} run dozens of client campaigns, and each one drifts a\nlittle every week.</p>\n<p>Acme keeps every client's sequences in git, so a change is reviewed once and\napplied to every account it belongs to.</p>\n<p>Open to a 15-minute look?<br/>Sam</p>\n"
AGENCY_B = '<p>Hi {{firstName}},</p>\n<p>How does {{companyName}} know which version of a client\'s sequence is live right\nnow? For most agencies the answer is "open the tool and look".</p>\n<p>We built Acme so the answer is a file in git. Worth a chat?<br/>Sam</p>\n'
AGENCY_PARTNERS = "0b8f6e2a-4c1d-4f7e-9a35-6d2e8c1b7f40"


def agency_partners() -> dict[str, Any]:
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
