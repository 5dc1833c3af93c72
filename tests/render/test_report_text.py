"""The apply report as text: a line per sequence, details only for what did not apply,
and a summary that agrees with the exit code."""

from __future__ import annotations

from seqsync.apply.report import (
    APPLIED,
    FAILED,
    NOT_ATTEMPTED,
    ApplyReport,
    OperationOutcome,
    SequenceOutcome,
)
from seqsync.render.report import render_report_text


def test_a_partly_refused_apply_reads_as_failed_and_counts_the_refusal() -> None:
    report = ApplyReport(
        [
            SequenceOutcome("a", [OperationOutcome("patch_variant", "a.steps[0].A", APPLIED)] * 3),
            SequenceOutcome(
                "b",
                [OperationOutcome("create_step", "b.steps[1]", NOT_ATTEMPTED, "plan is stale")],
                refused="plan is stale: b.steps[x] changed since the plan was made",
            ),
            SequenceOutcome(
                "c", [OperationOutcome("create_step", "c.steps[0]", FAILED, "rejected (400)")]
            ),
        ]
    )
    assert render_report_text(report).splitlines() == [
        "✓ a: 3 applied",
        "✗ b: 1 not attempted",
        "    refused: plan is stale: b.steps[x] changed since the plan was made",
        "    · not attempted  create_step b.steps[1]: plan is stale",
        "✗ c: 1 failed",
        "    ✗ failed         create_step c.steps[0]: rejected (400)",
        "Apply failed: 3 applied, 1 failed, 1 not attempted, 1 sequence(s) refused.",
        "Run `seqsync plan` to see the remaining work; `seqsync apply` picks it up again once what each failure above names is fixed.",
    ]
