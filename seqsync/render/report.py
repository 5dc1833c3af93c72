"""An ApplyReport as text (per sequence, per operation) or JSON."""

from __future__ import annotations

import json
from typing import Any

from seqsync.apply.report import APPLIED, FAILED, NOT_ATTEMPTED, ApplyReport
from seqsync.apply.verify import Verification

VALUE_LIMIT = 80  # characters of a sent or kept value shown; the JSON report has them whole

MARKS = {APPLIED: "✓ applied", FAILED: "✗ failed", NOT_ATTEMPTED: "· not attempted"}


def render_report_text(report: ApplyReport) -> str:
    """One line per sequence with its counts, and a line per operation only for what did
    not apply (the plan above listed them all): 200 sequences read as 200 lines, not 800."""
    lines: list[str] = []
    for sequence in report.sequences:
        counts = dict.fromkeys(MARKS, 0)
        for outcome in sequence.outcomes:
            counts[outcome.status] += 1
        mark = "✗" if sequence.failed else "·" if counts[NOT_ATTEMPTED] else "✓"
        said = ", ".join(
            f"{count} {MARKS[status][2:]}" for status, count in counts.items() if count
        )
        lines.append(f"{mark} {sequence.name}: {said or 'nothing to do'}")
        if sequence.verification is not None:
            lines += _verification_lines(sequence.verification)
        if sequence.refused:
            lines.append(f"    refused: {sequence.refused}")
        for outcome in sequence.outcomes:
            if outcome.status != APPLIED:
                detail = f": {outcome.message}" if outcome.message else ""
                lines.append(
                    f"    {MARKS[outcome.status]:<16} {outcome.kind} {outcome.address}{detail}"
                )
    refused = sum(bool(sequence.refused) for sequence in report.sequences)
    verified = report.verified
    inconsistent = sum(not item.consistent for item in verified)
    headline = (
        "Apply interrupted"
        if report.interrupted
        else "Apply failed"
        if report.failed
        else "Apply complete"
    )
    lines.append(
        f"{headline}: {report.count(APPLIED)} applied, {report.count(FAILED)} failed, "
        f"{report.count(NOT_ATTEMPTED)} not attempted"
        + (f", {refused} sequence(s) refused" if refused else "")
        + "."
    )
    if verified:
        lines.append(
            f"Read back after apply: {len(verified)} sequence(s), one read each"
            + (f"; {inconsistent} not as planned." if inconsistent else ", all as planned.")
        )
    if inconsistent:
        lines.append(
            "The provider accepted writes but kept something else: seqsync does not send them "
            "again by itself. Change the file to what the provider keeps (or the value in the "
            "provider), then plan again."
        )
    if report.failed or report.interrupted:
        lines.append(
            "Run `seqsync plan` to see the remaining work; `seqsync apply` picks it up again "
            "once what each failure above names is fixed."
        )
    return "\n".join(lines) + "\n"


def _verification_lines(verification: Verification) -> list[str]:
    if verification.problem:
        return [f"    ✗ read back: {verification.problem}"]
    lines = []
    for item in verification.unkept:
        cause = f" ({item.cause})" if item.cause else ""
        lines.append(
            f"    ✗ not kept       {item.address} {item.path}: sent {_shown(item.sent)}, "
            f"read back {_shown(item.kept)}{cause}"
        )
    return lines


def _shown(value: Any) -> str:
    text = "nothing" if value is None else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= VALUE_LIMIT else text[: VALUE_LIMIT - 1] + "…"


def render_report_json(report: ApplyReport) -> str:
    return json.dumps(report.to_data(), indent=2, ensure_ascii=False) + "\n"
