"""Sandbox worlds: one named switch per provider behaviour the public sources leave open.

Where the documents disagree (Saleshandy's enum names against its numeric examples) or
never captured a detail (Inbox's like-tweet literal), an emulator that picks one answer
would let a client pass against that answer only. Each such behaviour is a switch here;
tests run seqsync against every value of every switch. The first value of a switch is
its default. docs/sandbox-worlds.md gives the sources on each side.

A world is chosen by ``SEQSYNC_SANDBOX_WORLD`` (``switch=value,switch=value``), by
``seqsync sandbox serve --world switch=value`` or, for the embedded sandbox, by a
connection's ``sandbox_world`` in seqsync.yaml; it travels with each request, so
connections sharing one sandbox account may each see their own world.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

ENV_VAR = "SEQSYNC_SANDBOX_WORLD"

SaleshandyEnums = Literal["numbers", "names", "both"]
SaleshandyPayloads = Literal["fields", "empty", "refuse"]
ApolloCallTemplate = Literal["none", "kept"]
ApolloBody = Literal["plain", "document"]
OutreachReadOrder = Literal["order", "creation"]
SupaglueErrors = Literal["middleware", "spec"]
SupaglueCustomFields = Literal["as-sent", "camelcased"]
InboxLikeTweet = Literal["likeTweet", "like-tweet", "like_tweet"]
InboxDelayUnits = Literal["any", "days"]
LemlistInsertBase = Literal["one", "zero"]
LemlistReadFields = Literal["all", "documented"]
InstantlySequencePatch = Literal["replace", "merge"]
InstantlyActiveEdits = Literal["accepted", "refused"]


@dataclass(frozen=True)
class Switch:
    """One open question: its dotted name, its values (the first is the default), why."""

    name: str
    values: tuple[str, ...]
    doc: str

    @property
    def field(self) -> str:
        return self.name.replace(".", "_")

    @property
    def default(self) -> str:
        return self.values[0]


SWITCHES: tuple[Switch, ...] = (
    Switch(
        "saleshandy.enums",
        ("numbers", "names", "both"),
        "Step type and priority on the wire: the create pages list enum names, the examples "
        "and prose numbers. numbers: only numbers are taken and read back; names: only "
        "names are taken, and step/variant type reads back as a name; both: either is "
        "taken, numbers are read back.",
    ),
    Switch(
        "saleshandy.payloads",
        ("fields", "empty", "refuse"),
        "The Custom task (9) title/action and WhatsApp message (16) payload keys, which the "
        "docs leave out ({}) and the generated schema lists. fields: kept; empty: accepted "
        "and dropped; refuse: refused 400 4000.",
    ),
    Switch(
        "apollo.call_template",
        ("none", "kept"),
        "Apollo call and task steps have no touch, so no template: none: a template sent "
        "with one is dropped, reads show an empty template and a template PATCH is 404; "
        "kept: stored, read back and patched like an email's.",
    ),
    Switch(
        "apollo.body",
        ("plain", "document"),
        "Template bodies as Apollo returns them: plain: as stored; document: wrapped in a "
        "whole HTML document, as Supaglue's captured Apollo example shows.",
    ),
    Switch(
        "outreach.read_order",
        ("order", "creation"),
        "Outreach steps as Supaglue lists them (no sort): order: by their order; creation: "
        "in creation order, with a sequence create's steps created in parallel (shuffled).",
    ),
    Switch(
        "supaglue.errors",
        ("middleware", "spec"),
        "middleware: as Supaglue's error middleware builds them (an unknown sequence id and "
        "Apollo refusals are 500 INTERNAL_SERVER_ERROR naming the upstream status; no "
        "Retry-After on 429); spec: 404 for unknown ids, 400 for Apollo refusals and "
        "Retry-After on 429, as the published OpenAPI suggests.",
    ),
    Switch(
        "supaglue.custom_fields",
        ("as-sent", "camelcased"),
        "The custom_fields of each step in a sequence create: as-sent: reach the engine as "
        "sent; camelcased: their keys are deep-camelCased first, as Supaglue's route does.",
    ),
    Switch(
        "inbox.like_tweet",
        ("likeTweet", "like-tweet", "like_tweet"),
        "The like-tweet step's type literal, which Inbox's docs never captured: the one the "
        "PUT takes and the GET returns; any other is refused 400.",
    ),
    Switch(
        "inbox.delay_units",
        ("any", "days"),
        "A delay step's unit: any: minutes, hours or days; days: only days (the only value "
        "the docs show), another refused 400.",
    ),
    Switch(
        "lemlist.insert_base",
        ("one", "zero"),
        "What a step create's `index` counts from, which the docs leave open (the read's "
        "index starts at 1, its sequenceStep at 0): one: index 1 is the first place; zero: "
        "index 0 is.",
    ),
    Switch(
        "lemlist.read_fields",
        ("all", "documented"),
        "Which step fields the sequences read returns: all: every field the step was "
        "written with (title, altMessage, url, …); documented: only those its read schema "
        "lists (_id, delay, emailTemplateId, type, index, sequenceId, sequenceStep, message, "
        "subject).",
    ),
    Switch(
        "instantly.sequence_patch",
        ("replace", "merge"),
        "A campaign PATCH's `sequences` (no ids on steps or variants; the docs do not say): "
        "replace: the sent sequence replaces the stored one; merge: merged into it position "
        "by position, so stored steps and variants past the sent ones stay.",
    ),
    Switch(
        "instantly.active_edits",
        ("accepted", "refused"),
        "A PATCH of `sequences` on a sending campaign (status 1, 4, -1 or -2), which the docs "
        "neither allow nor forbid: accepted; refused: 400, pause it first.",
    ),
)

_BY_NAME: dict[str, Switch] = {switch.name: switch for switch in SWITCHES}


@dataclass(frozen=True)
class World:
    """The answers the emulators give to every open question; the defaults first."""

    saleshandy_enums: SaleshandyEnums = "numbers"
    saleshandy_payloads: SaleshandyPayloads = "fields"
    apollo_call_template: ApolloCallTemplate = "none"
    apollo_body: ApolloBody = "plain"
    outreach_read_order: OutreachReadOrder = "order"
    supaglue_errors: SupaglueErrors = "middleware"
    supaglue_custom_fields: SupaglueCustomFields = "as-sent"
    inbox_like_tweet: InboxLikeTweet = "likeTweet"
    inbox_delay_units: InboxDelayUnits = "any"
    lemlist_insert_base: LemlistInsertBase = "one"
    lemlist_read_fields: LemlistReadFields = "all"
    instantly_sequence_patch: InstantlySequencePatch = "replace"
    instantly_active_edits: InstantlyActiveEdits = "accepted"

    @classmethod
    def parse(cls, settings: Mapping[str, str], *, base: World | None = None) -> World:
        """``base`` (the default world) with ``settings`` ({switch: value}) over it;
        ValueError naming an unknown switch or value and what it could have been."""
        changes: dict[str, Any] = {}  # each a Literal of its field, checked below
        for name, value in settings.items():
            switch = _BY_NAME.get(name)
            if switch is None:
                raise ValueError(
                    f"unknown sandbox world switch {name!r}; the switches are "
                    f"{', '.join(s.name for s in SWITCHES)}"
                )
            if value not in switch.values:
                raise ValueError(
                    f"sandbox world switch {name!r} has no value {value!r}; it takes "
                    f"{', '.join(switch.values)} (default {switch.default})"
                )
            changes[switch.field] = value
        return dataclasses.replace(base or cls(), **changes)

    @staticmethod
    def settings_from_text(text: str) -> dict[str, str]:
        """``switch=value,switch=value`` as {switch: value}; ValueError if malformed."""
        settings: dict[str, str] = {}
        for item in text.split(","):
            item = item.strip()
            if not item:
                continue
            name, equals, value = item.partition("=")
            if not equals or not name.strip() or not value.strip():
                raise ValueError(f"sandbox world setting {item!r} must be switch=value")
            settings[name.strip()] = value.strip()
        return settings

    @classmethod
    def from_text(cls, text: str, *, base: World | None = None) -> World:
        return cls.parse(cls.settings_from_text(text), base=base)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> World:
        """The world ``SEQSYNC_SANDBOX_WORLD`` names (the default world when unset)."""
        text = (os.environ if environ is None else environ).get(ENV_VAR, "")
        try:
            return cls.from_text(text)
        except ValueError as exc:
            raise ValueError(f"{ENV_VAR}: {exc}") from None

    def settings(self) -> dict[str, str]:
        """Every switch with its value here."""
        return {switch.name: str(getattr(self, switch.field)) for switch in SWITCHES}

    def differences(self) -> dict[str, str]:
        """The switches whose value here is not the default."""
        return {
            name: value
            for name, value in self.settings().items()
            if value != _BY_NAME[name].default
        }

    def describe(self) -> str:
        """One line: "default world", or the switches set away from their defaults."""
        changed = self.differences()
        if not changed:
            return "default world"
        return "world " + ",".join(f"{name}={value}" for name, value in changed.items())
