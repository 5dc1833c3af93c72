"""`seqsync check` reports as text (one block per connection) and as JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from seqsync.providers.checking import CheckReport


def render_check_text(reports: Sequence[CheckReport]) -> str:
    lines: list[str] = []
    for report in reports:
        status = "FAILED" if report.failed else "ok"
        lines.append(f"{report.connection} ({report.service}): {status}")
        if report.requests:
            lines.append(f"  requests: {', '.join(report.requests)}")
        if report.sequences:
            lines.append(f"  sequences read: {', '.join(report.sequences)}")
        lines += [f"  {subject}: {what}" for subject, what in report.learned.items()]
        for finding in report.findings:
            where = f" ({finding.request})" if finding.request else ""
            word = "error" if finding.failure else "note"
            lines.append(f"  {word}{where}: {finding.message}")
        lines.append("")
    failures = sum(finding.failure for report in reports for finding in report.findings)
    notes = sum(not finding.failure for report in reports for finding in report.findings)
    lines.append(
        f"Check: {len(reports)} connection{'s' if len(reports) != 1 else ''}, "
        f"{failures} mismatch{'es' if failures != 1 else ''}, {notes} note{'s' if notes != 1 else ''}."
    )
    return "\n".join(lines) + "\n"


def render_check_json(reports: Sequence[CheckReport]) -> str:
    data = {
        "ok": not any(report.failed for report in reports),
        "connections": [report.to_data() for report in reports],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
