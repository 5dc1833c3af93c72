"""A Plan in the format asked for: the one place the commands render plans from."""

from __future__ import annotations

from seqsync.plan.model import Plan
from seqsync.render.json_plan import render_json
from seqsync.render.markdown import ConfigChange, render_markdown
from seqsync.render.text import render_text


def render_plan(
    plan: Plan,
    output_format: str,
    *,
    color: bool = False,
    verbose: bool = False,
    full_plan_url: str | None = None,
    config_change: ConfigChange | None = None,
) -> str:
    """``full_plan_url`` and ``config_change`` are for the pull-request comment only."""
    if output_format == "json":
        return render_json(plan)
    if output_format == "markdown":
        return render_markdown(plan, full_plan_url=full_plan_url, config_change=config_change)
    return render_text(plan, color=color, verbose=verbose)
