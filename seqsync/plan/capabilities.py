"""What a provider can change, as declared by its kind; planners ask these, never the API.

The refusal texts for what a provider cannot do live here, in one place, so every
planner says the same thing the same way.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import Enum

from seqsync.plan.model import Level, Operation, SequencePlan, Verb


class RemovedStep(Enum):
    """What a provider can do with a live step that is no longer in the file."""

    PAUSE = "pause"  # stop it in place (Saleshandy: pause its variants; destructive)
    REFUSE = "refuse"  # nothing through the API: a plan error says what to do instead
    REPLACE = "replace"  # it goes with the next whole-sequence replace (Inbox)
    DELETE = "delete"  # delete it through the API (destructive)


@dataclass(frozen=True)
class Capabilities:
    """What a provider's API can change. Mirrors docs/providers/README.md §1.

    ``service`` names who refuses in messages ("Supaglue/outreach"); ``titles_in_read``
    is False where a read carries no title, so a listing must supply it.
    """

    service: str
    # Each (verb, target) the API can carry out: a provider that can delete or move a
    # step lists (DELETE, STEP) or (REORDER, STEP) here and nothing else changes.
    operations: frozenset[tuple[Verb, Level]]
    removed_step: RemovedStep
    list_sequences: bool
    titles_in_read: bool = True
    app: str = ""  # where people change by hand what the API cannot ("Outreach")

    def can(self, verb: Verb, target: Level) -> bool:
        return (verb, target) in self.operations

    def allows(self, operation: Operation) -> bool:
        """Whether the provider's API can carry out this kind of operation at all."""
        if not self.can(operation.verb, operation.target):
            return False
        # A pause is a patch only where pausing is how the provider stops a step the
        # file no longer has; elsewhere a pausing patch is a planner's mistake.
        return not operation.stops or self.removed_step is RemovedStep.PAUSE

    def enforce(self, plan: SequencePlan) -> SequencePlan:
        """The plan, or, if it holds an operation the provider cannot do, the plan refused
        with an error naming it: nothing is ever found out by a failed request."""
        refused = [
            f"{operation.address}: {self.service} cannot {operation.verb} {operation.target}; "
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
