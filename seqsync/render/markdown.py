"""A Plan as a pull-request comment: summary first, destructive changes called out, one
collapsible section per sequence, and never over GitHub's 65,536-character limit.

Names, titles, addresses, errors and every value in a plan come from pull requests (or
from live sequences anyone with the account could retitle), and the comment is rendered
by GitHub for reviewers. So no user text reaches the comment as Markdown or HTML: in
code (spans and fences) longer than any run of backticks it holds, or escaped
(`markdown_text` in Markdown, `html_text` inside the renderer's own HTML); `@` never
starts a mention; Mermaid labels lose what Mermaid or the fence would read as syntax.
"""

from __future__ import annotations

import html
import re

from seqsync.plan.model import Plan, SequencePlan
from seqsync.plan.timeline import Timeline, Touch, mermaid
from seqsync.render.text import counts_line, sequence_lines, summary_line, unmanaged_lines

GITHUB_LIMIT = 65_536
MARKER = "<!-- seqsync-plan -->"  # lets a workflow find and update its own comment
RESERVE = 600  # room kept for the truncation note
LONGEST_LINE = 500  # of user text in one line of the head (errors, reasons), then "…"
ZWJ = "\u200d"  # after "@": GitHub links no mention, and a reader sees the same text
# What Markdown reads as syntax in the middle of a line (code, emphasis, links and
# images, table cells, strikethrough); a backslash makes each plain. Line-start syntax
# (#, -, +, 1.) cannot arise: user text never starts a line. #123 and :emoji: are
# harmless and left as written.
MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]|~])")
LINE_BREAKS = re.compile(r"[\r\n]+")


def render_markdown(plan: Plan, *, limit: int = GITHUB_LIMIT) -> str:
    head = [MARKER, f"### seqsync plan: {markdown_text(_headline(plan))}", ""]
    destructive = plan.destructive
    if destructive:
        head += [
            "> [!WARNING]",
            f"> **{len(destructive)} destructive change(s)** — applying needs `--allow-destructive`:",
        ]
        head += [
            f"> - {code_span(_short(str(op.address)))}: "
            f"{markdown_text(_short(op.destructive_why or ''))}"
            for _, op in destructive[:20]
        ]
        if len(destructive) > 20:
            head.append(f"> - … and {len(destructive) - 20} more")
        head.append("")
    if plan.errors:
        head += ["**Errors** (these sequences cannot be planned):", ""]
        head += [
            f"- {code_span(_short(name))}: {markdown_text(_short(error))}"
            for name, error in plan.errors[:50]
        ]
        if len(plan.errors) > 50:
            head.append(f"- … and {len(plan.errors) - 50} more")
        head.append("")
    if plan.notes:
        head += ["**Notes** (what this plan cannot see; nothing is wrong):", ""]
        head += [
            f"- {code_span(_short(name))}: {markdown_text(_short(note))}"
            for name, note in plan.notes[:50]
        ]
        if len(plan.notes) > 50:
            head.append(f"- … and {len(plan.notes) - 50} more")
        head.append("")
    if plan.unmanaged is not None:
        lines = unmanaged_lines(plan)
        head += [
            "<details><summary>" + html_text(lines[0]) + "</summary>",
            "",
            *code_block("\n".join(lines[1:-1])),
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
            timeline += [
                f"**{markdown_text(sequence.name)}**",
                "",
                *mermaid(mermaid_label(sequence.name), _mermaid_safe(sequence.timeline)),
                "",
            ]
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
    summary = counts_line(counts).removeprefix("Plan: ").rstrip(".")
    flag = " ⚠️ destructive" if any(op.destructive for op in sequence.operations) else ""
    return (
        f"<details><summary><code>{html_text(sequence.name)}</code> — {summary}{flag}</summary>\n\n"
        + "\n".join(code_block(body, "diff"))
        + "\n\n</details>\n"
    )


def markdown_text(text: str) -> str:
    """``text`` as plain words in running Markdown, on one line: no emphasis, link, image,
    heading, table cell, HTML, comment or mention can come of it."""
    flat = LINE_BREAKS.sub(" ", text)
    escaped = html.escape(flat, quote=False)  # &, <, >: entities, so no tag or comment
    return _no_mention(MARKDOWN_PUNCTUATION.sub(r"\\\1", escaped))


def html_text(text: str) -> str:
    """``text`` inside the renderer's own HTML (a ``<summary>``), where Markdown is not
    read but HTML is, on one line (a blank line would end the HTML block)."""
    escaped = html.escape(LINE_BREAKS.sub(" ", text), quote=True)
    # Inert in an HTML block already; as entities they stay so wherever GitHub reads it.
    return _no_mention(escaped.replace("[", "&#91;").replace("]", "&#93;").replace("`", "&#96;"))


def code_span(text: str) -> str:
    """``text`` as inline code, delimited by more backticks than any run inside it."""
    flat = LINE_BREAKS.sub(" ", text)
    ticks = "`" * (_longest_run(flat, "`") + 1)
    padded = f" {flat} " if flat.startswith(("`", " ")) or flat.endswith(("`", " ")) else flat
    return f"{ticks}{padded}{ticks}"


def code_block(text: str, info: str = "") -> list[str]:
    """``text`` as a fenced block whose fence no line of it can close."""
    fence = "`" * max(3, _longest_run(text, "`") + 1)
    return [f"{fence}{info}", text, fence]


def mermaid_label(text: str) -> str:
    """A name or a touch as Mermaid text, on one line: Mermaid reads ``%%`` (comments and
    init directives), ``#…;`` (entities), ``:`` and ``;``, and its labels may be drawn as
    HTML; backticks could end the fence."""
    flat = LINE_BREAKS.sub(" ", text)
    return (
        flat.replace("%", "％")
        .replace("`", "ˋ")
        .replace("<", "‹")
        .replace(">", "›")
        .replace("&", "＆")
        .replace("@", "@" + ZWJ)
        .replace("{", "(")
        .replace("}", ")")
    )


def _mermaid_safe(timeline: Timeline) -> Timeline:
    def labels(touches: tuple[Touch, ...]) -> tuple[Touch, ...]:
        return tuple((day, mermaid_label(label)) for day, label in touches)

    return Timeline(labels(timeline.before), labels(timeline.after))


def _no_mention(text: str) -> str:
    return text.replace("@", "@" + ZWJ)


def _longest_run(text: str, char: str) -> int:
    return max((len(run) for run in re.findall(f"{re.escape(char)}+", text)), default=0)


def _short(text: str) -> str:
    """One line of user text in the head, cut: the head is never cut for the sections."""
    return text if len(text) <= LONGEST_LINE else text[: LONGEST_LINE - 1] + "…"
