"""Facts the seqsync workflows need, read from seqsync's JSON (never from its text output).

    python3 seqsync_facts.py destructive PLAN.json   -> "true" or "false"
    python3 seqsync_facts.py changed PLAN.json       -> names of the sequences it changes
    python3 seqsync_facts.py drift PLAN.json         -> Markdown for the job summary
    python3 seqsync_facts.py report REPORT.json      -> Markdown for the pull request
    python3 seqsync_facts.py summary PLAN.txt        -> the full plan for the job summary

Standard library only: it runs before and without seqsync's own dependencies.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any


def destructive(plan: dict[str, Any]) -> str:
    return str(
        any(op["destructive"] for sequence in plan["sequences"] for op in sequence["operations"])
    ).lower()


def changed(plan: dict[str, Any]) -> str:
    return " ".join(sequence["name"] for sequence in plan["sequences"] if sequence["operations"])


def drift(plan: dict[str, Any]) -> str:
    drifted = [sequence for sequence in plan["sequences"] if sequence["operations"]]
    lines = ["## Drifted sequences", ""]
    for sequence in drifted:
        fields = sorted(
            {change["path"] for op in sequence["operations"] for change in op["changes"]}
        )
        lines.append(
            f"- `{sequence['name']}` ({sequence['connection']}): "
            + ", ".join(f"`{field}`" for field in fields)
        )
    return "\n".join(lines) + "\n"


def report(data: dict[str, Any]) -> str:
    summary = data["summary"]
    lines = [
        "### seqsync apply",
        "",
        f"{summary['applied']} applied, {summary['failed']} failed, "
        f"{summary['not_attempted']} not attempted, "
        f"{summary['refused_sequences']} sequence(s) refused.",
        "",
    ]
    for sequence in data["sequences"]:
        if sequence.get("refused"):
            lines.append(f"- `{sequence['name']}`: refused: {sequence['refused']}")
        for operation in sequence["operations"]:
            if operation["status"] != "applied":
                lines.append(
                    f"- `{operation['address']}`: {operation['status']}: {operation['message']}"
                )
    return "\n".join(lines) + "\n"


def summary(text: str) -> str:
    """The whole plan as text, in a fence no line of it can close (it quotes the pull
    request's files): the full plan a truncated comment links to."""
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"## seqsync plan (full)\n\n{fence}diff\n{text.rstrip()}\n{fence}\n"


FACTS = {"destructive": destructive, "changed": changed, "drift": drift, "report": report}

if __name__ == "__main__":
    fact, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as file:
        text = summary(file.read()) if fact == "summary" else FACTS[fact](json.load(file))
    print(text, end="" if text.endswith("\n") else "\n")
