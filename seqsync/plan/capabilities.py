"""What a provider can change, as declared by its kind; planners ask these, never the API.

The refusal texts for what a provider cannot do live here, in one place, so every
planner says the same thing the same way.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import Enum

from seqsync.plan.model import (
    CreateSequence,
    CreateStep,
    CreateVariant,
    Operation,
    PatchStep,
    PatchVariant,
    ReplaceSequence,
    SequencePlan,
)


class RemovedStep(Enum):
    """What a provider can do with a live step that is no longer in the file."""

    PAUSE = "pause"  # stop it in place (Saleshandy: pause its variants; destructive)
    REFUSE = "refuse"  # nothing through the API: a plan error says what to do instead
    REPLACE = "replace"  # it goes with the next whole-sequence replace (Inbox)


@dataclass(frozen=True)
class Capabilities:
    """What a provider's API can change. Mirrors docs/providers/README.md §1.

    ``service`` names who refuses in messages ("Supaglue/outreach"); ``titles_in_read``
    is False where a read carries no title, so a listing must supply it.
    """

    service: str
    create_sequence: bool
    create_step: bool
    add_variant: bool
    patch_variant: bool
    patch_step_template: bool
    removed_step: RemovedStep
    replace_sequence: bool
    list_sequences: bool
    titles_in_read: bool = True
    app: str = ""  # where people change by hand what the API cannot ("Outreach")

    def allows(self, operation: Operation) -> bool:
        """Whether the provider's API can carry out this kind of operation at all."""
        match operation:
            case CreateSequence():
                return self.create_sequence
            case CreateStep():
                return self.create_step
            case CreateVariant():
                return self.add_variant
            case PatchVariant():
                return self.patch_variant and (
                    not operation.pauses or self.removed_step is RemovedStep.PAUSE
                )
            case PatchStep():
                return self.patch_step_template
            case ReplaceSequence():
                return self.replace_sequence

    def enforce(self, plan: SequencePlan) -> SequencePlan:
        """The plan, or, if it holds an operation the provider cannot do, the plan refused
        with an error naming it: nothing is ever found out by a failed request."""
        refused = [
            f"{operation.address}: {self.service} cannot {operation.kind.replace('_', ' ')}; "
            "this plan is a bug in seqsync's planner: report it"
            for operation in plan.operations
            if not self.allows(operation)
        ]
        return self.refused(plan, *refused) if refused else plan

    @staticmethod
    def refused(plan: SequencePlan, *errors: str) -> SequencePlan:
        """The plan with ``errors`` added: a plan with errors does nothing."""
        return dataclasses.replace(plan, operations=(), errors=(*plan.errors, *errors))

    def cannot_rename(self, sequence: str, title: str, live_title: str) -> str:
        """The plan error for a file title that differs from its live sequence's."""
        return (
            f"{sequence}: title {title!r} differs from the live title {live_title!r}, and "
            f"{self.service} cannot rename a sequence through its API; rename it in "
            f"{self.app or self.service} itself, or set title back to {live_title!r}"
        )

    def cannot_remove(self, sequence: str, step: str, ui: str) -> str:
        """The plan error for a live step missing from a file, where nothing can remove it."""
        return (
            f"{sequence}: live step {step} is not in the file, and {self.service} cannot "
            f"delete steps; add it to the file (seqsync import writes it) or delete it in "
            f"{ui} itself"
        )

    def cannot_change(self, where: str, what: str, why: str, ui: str) -> str:
        """The plan error for a field of a live step the provider cannot change."""
        return (
            f"{where}: {self.service} cannot change {what} of a live step ({why}); change it "
            f"in {ui} itself and the plan will match, or create the sequence anew (remove "
            "`id` and change `title`)"
        )
