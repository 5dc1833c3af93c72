"""The seeded lemlist account: sales-leaders, a running campaign (examples/).

Part of the sandbox's first state (seqsync/sandbox/seed.py), a little different from the
example file it stands for, so that a new user's first plan has work in it.
"""

from __future__ import annotations

from typing import Any

OPENER_A = "<p>Hi {{firstName}},</p>\n<p>Saw that {{companyName}} runs outbound across a few SDR pods. When every rep edits\nsequences live, nobody can say which version booked the meetings.</p>\n<p>Acme keeps sequences in git: each change reviewed, planned and applied like code.\nWorth a look?</p>\n<p>Sam</p>\n"
OPENER_B = "<p>Hi {{firstName}},</p>\n<p>Quick question: when a sequence at {{companyName}} stops booking, can you tell what\nchanged in it, and who changed it?</p>\n<p>With Acme, every edit is a reviewed change you can undo. Two minutes to show you?</p>\n<p>Sam</p>\n"


def sales_leaders() -> dict[str, Any]:
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
