"""An ApplyReport as text (per sequence, per operation) or JSON."""

from __future__ import annotations

import json

from seqsync.apply.report import APPLIED, FAILED, NOT_ATTEMPTED, ApplyReport

MARKS = {APPLIED: "✓ applied", FAILED: "✗ failed", NOT_ATTEMPTED: "· not attempted"}


def render_report_text(report: ApplyReport) -> str:
    lines: list[str] = []
    for sequence in report.sequences:
        lines.append(f"{sequence.name}:")
        if sequence.refused:
            lines.append(f"  refused: {sequence.refused}")
        for outcome in sequence.outcomes:
            detail = f": {outcome.message}" if outcome.message else ""
            lines.append(f"  {MARKS[outcome.status]:<16} {outcome.kind} {outcome.address}{detail}")
    headline = (
        "Apply interrupted"
        if report.interrupted
        else "Apply complete"
        if not report.failed
        else "Apply failed"
    )
    lines.append(
        f"{headline}: {report.count(APPLIED)} applied, {report.count(FAILED)} failed, "
        f"{report.count(NOT_ATTEMPTED)} not attempted."
    )
    if report.failed or report.interrupted:
        lines.append(
            "Run `seqsync plan` to see the remaining work; `seqsync apply` again converges."
        )
    return "\n".join(lines) + "\n"


def render_report_json(report: ApplyReport) -> str:
    return json.dumps(report.to_data(), indent=2, ensure_ascii=False) + "\n"
