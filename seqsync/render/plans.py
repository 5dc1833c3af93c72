"""A Plan in the format asked for: the one place the commands render plans from."""

from __future__ import annotations

from seqsync.plan.model import Plan
from seqsync.render.json_plan import render_json
from seqsync.render.markdown import render_markdown
from seqsync.render.text import render_text


def render_plan(
    plan: Plan, output_format: str, *, color: bool = False, verbose: bool = False
) -> str:
    if output_format == "json":
        return render_json(plan)
    if output_format == "markdown":
        return render_markdown(plan)
    return render_text(plan, color=color, verbose=verbose)
