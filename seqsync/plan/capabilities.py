"""What a provider can change, as declared by its kind; planners ask these, never the API.

The refusal texts for what a provider cannot do live here, in one place, so every
planner says the same thing the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class RemovedStep(Enum):
    """What a provider can do with a live step that is no longer in the file."""

    PAUSE = "pause"  # stop it in place (Saleshandy: pause its variants; destructive)
    REFUSE = "refuse"  # nothing through the API: a plan error says what to do instead
    REPLACE = "replace"  # it goes with the next whole-sequence replace (Inbox)


@dataclass(frozen=True)
class Capabilities:
    """What a provider's API can change. Mirrors providers.md section 0.

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
