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
from dataclasses import dataclass

from seqsync.plan.model import Plan, SequencePlan
from seqsync.plan.timeline import Timeline, Touch, mermaid, move_lines
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


def render_markdown(
    plan: Plan,
    *,
    limit: int = GITHUB_LIMIT,
    full_plan_url: str | None = None,
    config_change: ConfigChange | None = None,
) -> str:
    """The comment; ``full_plan_url`` is where the untruncated plan is published (linked
    when sequences are left out), ``config_change`` the change's seqsync.yaml edit."""
    head = [MARKER, f"### seqsync plan: {markdown_text(_headline(plan))}", ""]
    if config_change is not None:
        head += _config_lines(config_change)
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
            moves = [f"- moved: {markdown_text(line)}" for line in move_lines(sequence.timeline)]
            timeline += [
                f"**{markdown_text(sequence.name)}**",
                "",
                *([*moves, ""] if moves else []),  # a swap leaves the days themselves alike
                *mermaid(mermaid_label(sequence.name), _mermaid_safe(sequence.timeline)),
                "",
            ]
        timeline += ["</details>", ""]
        if len("\n".join(head + timeline)) + RESERVE < limit // 2:  # never at the plan's expense
            head += timeline
    text = "\n".join(head) + "\n"
    changed = [sequence for sequence in plan.sequences if sequence.operations]
    # Room for naming every sequence left out after the i-th: a reviewer must see which
    # changes the comment does not show, so the note is never what is cut.
    named = [len(code_span(sequence.name)) + 2 for sequence in changed]
    after = [0] * (len(changed) + 1)
    for index in range(len(changed) - 1, -1, -1):
        after[index] = after[index + 1] + named[index]
    shown = 0
    for index, sequence in enumerate(changed):
        section = _section(sequence)
        room = after[index + 1] if index + 1 < len(changed) else 0
        if len(text) + len(section) + RESERVE + min(room, limit // 2) > limit:
            break
        text += section
        shown += 1
    if shown < len(changed):
        text += _truncation_note(changed[shown:], limit - len(text) - RESERVE, full_plan_url)
    return text


@dataclass(frozen=True)
class ConfigChange:
    """The change's seqsync.yaml beside the trusted one the plan used."""

    diff: str  # a unified diff, trusted file first
    # Connections whose account or key the change moves: sequences on them are refused
    # by the reviewed plan after merge (it was made with the trusted connection).
    moved: tuple[str, ...] = ()


def _config_lines(change: ConfigChange) -> list[str]:
    lines = [
        "> [!NOTE]",
        "> This change edits `seqsync.yaml`. The plan used the base branch's connections (a "
        "pull request does not choose where keys are sent); everything else in it, such as "
        "values, snippets and safety limits, is the change's own and planned below.",
    ]
    if change.moved:
        names = ", ".join(code_span(_short(name)) for name in change.moved)
        lines += [
            ">",
            f"> **After merge, plan again:** it changes the connection(s) {names}. Their "
            "sequences were planned here with the base branch's account and key, so apply "
            "refuses them after merge; the merged connections are trusted only then, and the "
            "next plan on the default branch (the drift check, or a new pull request) shows "
            "what they will change.",
        ]
    lines += ["", "<details><summary>seqsync.yaml: the change</summary>", ""]
    return [*lines, *code_block(change.diff, "diff"), "</details>", ""]


def _truncation_note(hidden: list[SequencePlan], room: int, full_plan_url: str | None) -> str:
    operations = sum(len(sequence.operations) for sequence in hidden)
    names: list[str] = []
    for index, sequence in enumerate(hidden):
        entry = code_span(sequence.name)
        if sum(len(name) + 2 for name in names) + len(entry) > max(room, 0):
            names.append(f"and {len(hidden) - index} more")
            break
        names.append(entry)
    where = (
        f"[the full plan]({full_plan_url}) (the run's summary and its `seqsync-plan` artifact)"
        if full_plan_url
        else "the full plan (`seqsync plan`)"
    )
    return (
        f"\n**Truncated:** {len(hidden)} more sequence(s) with {operations} operation(s) are not "
        f"shown, to stay within GitHub's comment limit: {', '.join(names)}. Review them in "
        f"{where} before approving.\n"
    )


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
        + "\n".join(code_block(_diff_markers(body), "diff"))
        + "\n\n</details>\n"
    )


# The plan's own markers, after a line's indentation, and the diff marker GitHub colours:
# green +, red -, and ! for a change. Only the renderer's lines start with these (user
# text follows a marker or a `#`), and all of it is inside the fence.
_MARKERS = (
    ("-/+", "!", True),
    ("⏸", "!", True),
    ("~", "!", False),
    ("+", "+", False),
    ("-", "-", False),
)


def _diff_markers(body: str) -> str:
    """Each line's marker moved to column 0, where GitHub's diff highlighting reads it
    (as tfcmt and Atlantis put Terraform's); the indentation moves after it. ``-/+``
    and ``⏸`` say more than ``!`` does, so they stay where they were too."""
    lines = []
    for line in body.split("\n"):
        stripped = line.lstrip(" ")
        indent = line[: len(line) - len(stripped)]
        for marker, column0, kept in _MARKERS:
            if indent and stripped.startswith(marker):
                rest = stripped if kept else stripped[len(marker) :]
                line = f"{column0}{indent[1:]}{' ' if not kept else ''}{rest}"
                break
        lines.append(line)
    return "\n".join(lines)


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
