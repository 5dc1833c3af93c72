"""A generated project and matching sandbox state for benchmarks: N Saleshandy sequences
of 10 steps; live lacks the last step and has one edited subject, so a plan has 2
operations per sequence (one patch, one create)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

CONFIG = "connections:\n  sh: {provider: saleshandy, sandbox: true}\n"
STEPS = 10


def _step(n: int, day: int) -> tuple[str, dict[str, Any]]:
    """(YAML for the file, wire shape for the live state) of step `day` of sequence n."""
    if day % 2:
        subject, content = (
            f"Step {day} of {n}, {{{{firstName}}}}",
            f"<p>Hi {{{{firstName}}}}, note {day} of {n}.</p>",
        )
        yaml = f"  - channel: email\n    day: {day}\n    variants:\n      - subject: '{subject}'\n        content: '{content}'\n"
        variant = {
            "id": f"v{n}x{day}",
            "type": 1,
            "payload": {"subject": subject, "content": content},
            "status": 1,
            "stepStatus": 1,
            "executionType": 1,
            "taskNote": None,
            "attachmentIds": [],
        }
        return yaml, {"type": 1, "variant": variant}
    message = f"Hi {{{{firstName}}}} ({day} of {n})"
    yaml = f"  - channel: linkedin_message\n    day: {day}\n    task_note: personalise\n    variants:\n      - message: '{message}'\n"
    variant = {
        "id": f"v{n}x{day}",
        "type": 3,
        "payload": {"message": message},
        "status": 1,
        "stepStatus": 1,
        "executionType": 2,
        "taskNote": "personalise",
        "attachmentIds": [],
    }
    return yaml, {"type": 3, "variant": variant}


def generate(root: Path, sequences: int) -> None:
    (root / "sequences").mkdir(parents=True)
    (root / "seqsync.yaml").write_text(CONFIG, encoding="utf-8")
    live: dict[str, Any] = {}
    for n in range(sequences):
        sequence_id = f"Bench{n:05d}"
        lines = [f"name: bench-{n}", "connection: sh", f"id: {sequence_id}", "steps:"]
        steps = []
        for day in range(1, STEPS + 1):
            yaml, wire = _step(n, day)
            lines.append(yaml.rstrip("\n"))
            if day == STEPS:
                continue  # missing live: planned as a create
            variant = wire["variant"]
            if day == 1:
                variant = {**variant, "payload": {**variant["payload"], "subject": "edited live"}}
            steps.append(
                {
                    "id": f"s{n}x{day}",
                    "name": f"Step {day}",
                    "number": day,
                    "type": wire["type"],
                    "absoluteDays": day,
                    "priority": 3,
                    "variants": [variant],
                }
            )
        (root / "sequences" / f"bench-{n:05d}.yaml").write_text(
            "\n".join(lines) + "\n", encoding="utf-8"
        )
        live[sequence_id] = {
            "id": sequence_id,
            "title": f"bench-{n}",
            "active": True,
            "created": n,
            "steps": steps,
        }
    state = {"saleshandy": {"sequences": live}}
    (root / ".seqsync").mkdir()
    (root / ".seqsync" / "sandbox.json").write_text(json.dumps(state), encoding="utf-8")
