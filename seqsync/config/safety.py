"""How much of an account one plan may pause or replace before apply asks for --force.

octoDNS's safety thresholds, for sequences: a plan that pauses 80 % of an account's live
steps is almost always a mistake (a wrong folder, a bad merge), and needs more than the
`--allow-destructive` that pausing one step needs.
"""

from __future__ import annotations

from pydantic import Field

from seqsync.model.common import StrictModel


class Safety(StrictModel):
    """Limits on one plan, per connection (a connection's own `safety` replaces these)."""

    max_pause_share: float = Field(
        default=0.3,
        ge=0,
        le=1,
        description="Largest share of the live steps a plan may stop: pause, or delete where "
        "a provider can (0.3: 30 %).",
    )
    max_replace_share: float = Field(
        default=0.3,
        ge=0,
        le=1,
        description="Largest share of the live steps a plan may replace (Inbox campaigns).",
    )
    min_live_steps: int = Field(
        default=10,
        ge=0,
        description="The limits apply from this many live steps in the plan on (a handful "
        "of steps is too few for a share to mean anything).",
    )
