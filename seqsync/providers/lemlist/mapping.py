"""lemlist's wire format and the file's: field names both ways, and a read made live.

The main sequence is the one at ``level`` 0 (docs/providers/lemlist.md §3); its steps are
ordered by ``index``. Condition branches (level 1 and more) are not modelled: their
conditional step is kept as it is.
"""

from __future__ import annotations

from typing import Any

from seqsync.errors import ProviderDefect
from seqsync.providers.lemlist.live import LiveLemlistSequence, LiveLemlistStep, LiveVariantB

# File field -> wire field (docs/providers/lemlist.md §4).
WIRE_KEYS: dict[str, str] = {
    "subject": "subject",
    "message": "message",
    "alt_message": "altMessage",
    "title": "title",
    "method": "method",
    "url": "url",
    "campaign_id": "campaignId",
    "images": "images",
    "videos": "videos",
    "skill_name": "skillName",
    "endorse_any_fallback": "endorseAnyFallback",
    "record_mode": "recordMode",
}
FILE_KEYS = {wire: name for name, wire in WIRE_KEYS.items()}


def wire_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """File-named fields as the step write body names them."""
    return {WIRE_KEYS[name]: value for name, value in fields.items() if value is not None}


def main_sequence(sequences: Any, context: str) -> dict[str, Any]:
    """The level-0 sequence of a campaign's sequences read."""
    if isinstance(sequences, dict):
        for sequence in sequences.values():
            if isinstance(sequence, dict) and sequence.get("level", 0) == 0:
                return sequence
    raise ProviderDefect(f"{context}: lemlist returned no main sequence (level 0)")


def live_campaign(
    campaign: dict[str, Any],
    sequence: dict[str, Any],
    variants: dict[str, dict[str, Any]],
) -> LiveLemlistSequence:
    """A campaign, its main sequence and the variant B of each step testing one."""
    raw_steps = sorted(sequence.get("steps") or [], key=lambda step: step.get("index", 0))
    steps = tuple(_step(step, variants.get(str(step.get("_id")))) for step in raw_steps)
    return LiveLemlistSequence(
        id=str(campaign["_id"]),
        title=str(campaign.get("name") or ""),
        sequence_id=str(sequence["_id"]),
        status=str(campaign.get("status") or ""),
        steps=steps,
    )


def _step(step: dict[str, Any], variant: dict[str, Any] | None) -> LiveLemlistStep:
    fields = {
        FILE_KEYS[key]: (list(value) if isinstance(value, list) else value)
        for key, value in step.items()
        if key in FILE_KEYS and value is not None
    }
    # A/B state (§5): `abTest` true while the test runs, "A"/"B" once a winner was picked.
    state = variant.get("abTest") if variant is not None else step.get("abTest")
    return LiveLemlistStep(
        id=str(step["_id"]),
        type=str(step.get("type")),
        delay=int(step.get("delay") or 0),
        fields=fields,
        variant_b=(
            LiveVariantB(variant.get("subject"), variant.get("message"))
            if variant is not None and state is True
            else None
        ),
        ab_winner=state if state in ("A", "B") else None,
    )
