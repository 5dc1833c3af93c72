"""A Plan as a pull-request comment: summary first, destructive changes called out, one
collapsible section per sequence, and never over GitHub's 65,536-character limit."""

from __future__ import annotations

from seqsync.plan.model import Plan, SequencePlan
from seqsync.plan.timeline import mermaid
from seqsync.render.text import counts_line, sequence_lines, summary_line, unmanaged_lines

GITHUB_LIMIT = 65_536
MARKER = "<!-- seqsync-plan -->"  # lets a workflow find and update its own comment
RESERVE = 600  # room kept for the truncation note


def render_markdown(plan: Plan, *, limit: int = GITHUB_LIMIT) -> str:
    head = [MARKER, f"### seqsync plan: {_headline(plan)}", ""]
    destructive = plan.destructive
    if destructive:
        head += [
            "> [!WARNING]",
            f"> **{len(destructive)} destructive change(s)** — applying needs `--allow-destructive`:",
        ]
        head += [f"> - `{op.address}`: {op.destructive_why}" for _, op in destructive[:20]]
        if len(destructive) > 20:
            head.append(f"> - … and {len(destructive) - 20} more")
        head.append("")
    if plan.errors:
        head += ["**Errors** (these sequences cannot be planned):", ""]
        head += [f"- `{name}`: {_inline(error)}" for name, error in plan.errors[:50]]
        if len(plan.errors) > 50:
            head.append(f"- … and {len(plan.errors) - 50} more")
        head.append("")
    if plan.unmanaged is not None:
        lines = unmanaged_lines(plan)
        head += [
            "<details><summary>" + lines[0] + "</summary>",
            "",
            "```",
            *lines[1:-1],
            "```",
            "</details>",
            "",
        ]
    moved = [s for s in plan.sequences if s.operations and s.timeline and s.timeline.changed]
    if moved:
        timeline = [
            "<details><summary>Timeline: the cadence day by day, before and after</summary>",
            "",
        ]
        for sequence in moved[:10]:
            assert sequence.timeline is not None
            timeline += [f"**{sequence.name}**", "", *mermaid(sequence.name, sequence.timeline), ""]
        timeline += ["</details>", ""]
        if len("\n".join(head + timeline)) + RESERVE < limit // 2:  # never at the plan's expense
            head += timeline
    text = "\n".join(head) + "\n"
    shown = 0
    changed = [sequence for sequence in plan.sequences if sequence.operations]
    for sequence in changed:
        section = _section(sequence)
        if len(text) + len(section) + RESERVE > limit:
            break
        text += section
        shown += 1
    if shown < len(changed):
        hidden = changed[shown:]
        operations = sum(len(sequence.operations) for sequence in hidden)
        text += (
            f"\n**Truncated:** {len(hidden)} more sequence(s) with {operations} operation(s) are not "
            "shown, to stay within GitHub's comment limit. Run `seqsync plan` or see the job log "
            "for the full plan.\n"
        )
    return text


def _headline(plan: Plan) -> str:
    if not plan.operations:
        return summary_line(plan).rstrip(".")
    return counts_line(plan.counts).removeprefix("Plan: ").rstrip(".")


def _section(sequence: SequencePlan) -> str:
    counts = sequence.counts
    body = "\n".join(sequence_lines(sequence))
    fence = "~~~~" if "```" in body else "```"
    summary = counts_line(counts).removeprefix("Plan: ").rstrip(".")
    flag = " ⚠️ destructive" if any(op.destructive for op in sequence.operations) else ""
    return (
        f"<details><summary><code>{sequence.name}</code> — {summary}{flag}</summary>\n\n"
        f"{fence}diff\n{body}\n{fence}\n\n</details>\n"
    )


def _inline(text: str) -> str:
    return text.replace("\n", " ").replace("|", "\\|")
