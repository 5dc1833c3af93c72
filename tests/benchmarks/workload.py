"""A generated project and matching sandbox state for benchmarks.

Half the sequences are Saleshandy (10 steps: emails with two ~450-character HTML
variants, alternating with LinkedIn messages), half Supaglue/Outreach (10 steps:
emails with ~450-character HTML templates, alternating with calls and tasks). In each,
live has exactly one field edited (the first email's subject), so a plan has one
operation per sequence. Inbox is left out: its documented 100 reads a minute make any
large Inbox plan a wait for the budget, which ``bench_inbox_rate`` measures instead.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from seqsync.sandbox.seed import initial_state, saleshandy_step, saleshandy_variant

CONFIG = (
    "connections:\n"
    "  sh: {provider: saleshandy, sandbox: true}\n"
    "  or: {provider: supaglue, sandbox: true, customer_id: acme, provider_name: outreach}\n"
)
STEPS = 10
DAY = 86_400
CREATED_AT = "2026-01-05T09:00:00+00:00"


def _html(n: int, step: int, variant: str) -> str:
    """About 450 characters of the HTML an editor writes."""
    return (
        f"<p>Hi {{{{firstName}}}},</p><p>Step {step}{variant} for account {n}: teams like yours "
        "keep every sequence reviewed like code, with a plan before each change and nothing "
        "sent that nobody saw.</p><p>Would a short call next week help? Here is "
        '<a href="https://acme.example/demo?utm_source=seqsync">a two-minute demo</a>.</p>'
        "<p>Best,<br>Sam</p>"
    )


def _saleshandy(n: int) -> tuple[str, dict[str, Any]]:
    sequence_id = f"Bench{n:05d}"
    lines = [f"name: bench-{n}", "connection: sh", f"id: {sequence_id}", "steps:"]
    steps: list[dict[str, Any]] = []
    for day in range(1, STEPS + 1):
        if day % 2:
            variants = []
            lines += [f"  - channel: email\n    day: {day}\n    variants:"]
            for letter in "AB":
                subject = f"Step {day}{letter} of {n}, {{{{firstName}}}}"
                content = _html(n, day, letter)
                lines.append(f"      - subject: '{subject}'\n        content: '{content}'")
                live_subject = "edited live" if (day, letter) == (1, "A") else subject
                variants.append(
                    saleshandy_variant(
                        f"v{n}x{day}{letter}", 1, {"subject": live_subject, "content": content}
                    )
                )
            step_type = 1
        else:
            message = f"Hi {{{{firstName}}}} ({day} of {n})"
            lines.append(
                f"  - channel: linkedin_message\n    day: {day}\n    task_note: personalise\n"
                f"    variants:\n      - message: '{message}'"
            )
            variants = [saleshandy_variant(f"v{n}x{day}", 3, {"message": message}, "personalise")]
            step_type = 3
        steps.append(saleshandy_step(f"s{n}x{day}", day, step_type, day, variants))
    live = {
        "id": sequence_id,
        "title": f"bench-{n}",
        "active": True,
        "created": n,
        "steps": steps,
    }
    return "\n".join(lines) + "\n", live


def _outreach(n: int) -> tuple[str, dict[str, Any], dict[str, dict[str, Any]]]:
    sequence_id = str(100_000 + n)
    lines = [f"name: bench-{n}", "connection: or", f"id: '{sequence_id}'", "steps:"]
    steps: list[dict[str, Any]] = []
    templates: dict[str, dict[str, Any]] = {}
    for number in range(1, STEPS + 1):
        step_type = "auto_email" if number % 2 else ("call" if number % 4 == 0 else "task")
        subject = f"Step {number} of {n}, {{{{first_name}}}}"
        body = _html(n, number, "")
        note = None if step_type == "auto_email" else f"Follow up on step {number - 1}."
        lines.append(
            f"  - type: {step_type}\n    delay: {'0' if number == 1 else '1d'}\n"
            f"    template:\n      subject: '{subject}'\n      body: '{body}'"
            + (f"\n    task_note: {note}" if note else "")
        )
        template_id = f"{sequence_id}{number:02d}"
        templates[template_id] = {
            "subject": "edited live" if number == 1 else subject,
            "body": body,
            "name": None,
        }
        steps.append(
            {
                "id": f"{sequence_id}{number:02d}",
                "type": step_type,
                "interval": 0 if number == 1 else DAY,
                "date": None,
                "template_id": template_id,
                "task_note": note,
                "is_reply": False,
                "name": None,
                "automated": step_type != "manual_email",
                "created_at": CREATED_AT,
            }
        )
    live = {
        "id": sequence_id,
        "name": f"bench-{n}",
        "share_type": "team",
        "tags": [],
        "owner_id": None,
        "is_enabled": True,
        "created": n,
        "created_at": CREATED_AT,
        "updated_at": CREATED_AT,
        "steps": steps,
    }
    return "\n".join(lines) + "\n", live, templates


def generate(root: Path, sequences: int) -> None:
    """``sequences`` files (half per provider) and the sandbox state they are planned against."""
    (root / "sequences").mkdir(parents=True)
    (root / "seqsync.yaml").write_text(CONFIG, encoding="utf-8")
    state = initial_state()
    saleshandy = state["saleshandy"]["sequences"] = {}
    outreach = state["supaglue"]["engines"]["outreach"]
    outreach["sequences"], outreach["templates"] = {}, {}
    for n in range(sequences):
        if n % 2 == 0:
            text, live = _saleshandy(n)
            saleshandy[live["id"]] = live
        else:
            text, live, templates = _outreach(n)
            outreach["sequences"][live["id"]] = live
            outreach["templates"].update(templates)
        (root / "sequences" / f"bench-{n:05d}.yaml").write_text(text, encoding="utf-8")
    outreach["counter"] = 10_000_000
    (root / ".seqsync").mkdir()
    (root / ".seqsync" / "sandbox.json").write_text(json.dumps(state), encoding="utf-8")


INBOX_CONFIG = "connections:\n  x: {provider: inbox, sandbox: true}\n"


def generate_inbox(root: Path, campaigns: int) -> None:
    """``campaigns`` Inbox campaigns (drafts), each with its first message worded
    differently live: one whole-sequence replace per campaign."""
    (root / "sequences").mkdir(parents=True)
    (root / "seqsync.yaml").write_text(INBOX_CONFIG, encoding="utf-8")
    state = initial_state()
    live: dict[str, Any] = {}
    for n in range(campaigns):
        campaign_id = f"bench{n:05d}"
        (root / "sequences" / f"x-{n:05d}.yaml").write_text(
            f"name: x-{n}\nconnection: x\nid: {campaign_id}\nsteps:\n"
            f"  - message: 'Hi {{{{first-name|there}}}}, note {n}.'\n"
            "  - delay: 2d\n"
            f"  - message: 'Following up on note {n}.'\n",
            encoding="utf-8",
        )
        steps = [
            _inbox_message(f"Hello {n}."),
            {"type": "delay", "data": {"delaySeconds": 2 * DAY, "unit": "days"}},
            _inbox_message(f"Following up on note {n}."),
        ]
        live[campaign_id] = {
            "id": campaign_id,
            "name": f"x-{n}",
            "description": "",
            "status": "draft",
            "dryRun": False,
            "type": "sequence",
            "createdAt": CREATED_AT,
            "updatedAt": CREATED_AT,
            "version": 1,
            "customVariables": {},
            "steps": [
                {"id": f"st{n}r{rank}", "rank": rank, **step} for rank, step in enumerate(steps)
            ],
        }
    state["inbox"]["campaigns"] = live
    (root / ".seqsync").mkdir()
    (root / ".seqsync" / "sandbox.json").write_text(json.dumps(state), encoding="utf-8")


def _inbox_message(text: str) -> dict[str, Any]:
    return {"type": "message", "data": {"segments": [{"type": "static", "text": text}]}}
