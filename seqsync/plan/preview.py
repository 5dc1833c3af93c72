"""What a provider says its touches are, for `seqsync preview` (render/preview.py draws
them): one value per step and variant, with its day and its words, tags not yet filled."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PreviewStep:
    """One touch as the prospect sees it: ``body`` is HTML for emails, text otherwise."""

    day: int
    channel: str  # as the provider spells it; render/channels.py gives the reader's name
    label: str = ""  # "variant A", say
    subject: str | None = None
    body: str = ""
    html_body: bool = False
    note: str | None = None  # a task's note for the person doing it
    preheader: str | None = None  # an email's preview text, as the provider sends it
    # Its place among its step's variants: the index counts a step once, at variant 0.
    variant: int = 0
