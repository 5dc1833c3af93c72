"""lemlist as the registry sees it: everything seqsync knows about it, in one place."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from seqsync.apis import LEMLIST_API
from seqsync.config.yaml_reader import Loc
from seqsync.model.imported import ImportedDocument
from seqsync.model.outline import IdSlots, Outline, Role, Text, title_texts
from seqsync.model.outline import Step as OutlineStep
from seqsync.model.problems import Problem
from seqsync.plan.capabilities import Capabilities
from seqsync.plan.common import Target, written_text
from seqsync.plan.model import SequencePlan
from seqsync.plan.preview import PreviewStep
from seqsync.plan.timeline import Keyed, Timeline, keyed
from seqsync.providers.base import ClientMaker, Provider, ProviderKind, items_of
from seqsync.providers.lemlist.client import LemlistClient
from seqsync.providers.lemlist.connection import LemlistConnection
from seqsync.providers.lemlist.errors import map_lemlist_error
from seqsync.providers.lemlist.importing import lemlist_document
from seqsync.providers.lemlist.live import LiveLemlistSequence, LiveLemlistStep
from seqsync.providers.lemlist.model import (
    KeptStep,
    LemlistSequence,
    LemlistStep,
    lemlist_problems,
    lemlist_schema,
)
from seqsync.providers.lemlist.planner import plan_lemlist
from seqsync.providers.lemlist.provider import CAPABILITIES, LemlistProvider
from seqsync.providers.ratelimit import Budget, shared_limiter

# 20 requests per 2 seconds per key, all routes together (docs/providers/lemlist.md §1):
# reads and writes are kept apart by the limiter, so each gets 9, with a margin.
READS = Budget(9, 2.0)
WRITES = Budget(9, 2.0)

# A step's texts by role, as the outline names them.
_TEXTS: tuple[tuple[str, Role], ...] = (
    ("subject", "subject"),
    ("message", "message"),
    ("alt_message", "message"),
    ("title", "title"),
)
# Steps a person does from a task: their `message` is the note for that person.
_PERSON = frozenset({"manual", "phone"})


class LemlistKind(ProviderKind[LemlistSequence, LiveLemlistSequence, LemlistConnection]):
    name = "lemlist"
    connection_model = LemlistConnection
    document_model = LemlistSequence
    live_model = LiveLemlistSequence

    def document_problems(
        self, document: LemlistSequence, connection: LemlistConnection | None
    ) -> Iterable[Problem]:
        return lemlist_problems(document)

    # {{firstName}} is in the API's own step examples (docs/providers/lemlist.md §6);
    # lastName, companyName and email follow the lead fields' spelling (ASSUMPTION).
    samples: ClassVar[dict[str, str]] = {
        "firstName": "Alex",
        "lastName": "Rivera",
        "companyName": "Globex",
        "email": "alex@globex.example",
    }

    def preview(self, target: Target[LemlistSequence]) -> list[PreviewStep]:
        touches = []
        day = 1
        for step in target.desired.steps:
            if not isinstance(step, LemlistStep):
                continue
            day += step.delay
            b = step.variant_b
            touches += _touches(
                day,
                step.type,
                step.subject,
                written_text(step.message, step.message_file, target.files),
                step.title,
                b.subject if b else None,
                written_text(b.message, b.message_file, target.files) if b else None,
            )
        return touches

    def preview_live(self, live: LiveLemlistSequence) -> list[PreviewStep]:
        touches = []
        day = 1
        for step in live.steps:
            day += step.delay
            b = step.variant_b
            touches += _touches(
                day,
                step.type,
                step.fields.get("subject"),
                step.fields.get("message"),
                step.fields.get("title"),
                b.subject if b else None,
                b.message if b else None,
            )
        return touches

    def timeline(
        self, target: Target[LemlistSequence], live: LiveLemlistSequence | None
    ) -> Timeline | None:
        live_steps = live.steps if live is not None else ()
        before, day = [], 1
        for current in live_steps:
            day += current.delay
            before.append(_keyed_live(day, current))
        kept = {step.id: step for step in live_steps}
        after, day = [], 1
        for step in target.desired.steps:
            if isinstance(step, KeptStep):
                found = kept.get(step.id)
                if found is not None:
                    day += found.delay
                    after.append(_keyed_live(day, found))
                continue
            day += step.delay
            label = _label(step.type, step.variant_b is not None)
            after.append((day, label, step.subject or step.message or ""))
        return keyed(before, after)

    def starter(self) -> tuple[dict[str, Any], dict[str, Any] | None]:
        connection = {"provider": "lemlist", "sandbox": True}
        document = {
            "title": "Starter campaign (lemlist)",
            "steps": [
                {
                    "type": "email",
                    "delay": 0,
                    "subject": "Quick question, {{firstName}}",
                    "message": "<p>Hi {{firstName}}, worth a chat?</p>",
                    "variant_b": {
                        "subject": "{{companyName}} + us?",
                        "message": "<p>Hi {{firstName}}, one idea for {{companyName}}.</p>",
                    },
                },
                {
                    "type": "linkedinInvite",
                    "delay": 2,
                    "message": "Hi {{firstName}}, I sent you a note. Would love to connect.",
                },
                {
                    "type": "manual",
                    "delay": 3,
                    "title": "Call {{firstName}}",
                    "message": "Mention the note from day 1",
                },
            ],
        }
        return connection, document

    def document_schema(self) -> dict[str, Any]:
        return lemlist_schema()

    def referenced_files(self, data: Any) -> Iterator[tuple[Loc, str]]:
        for index, step in items_of(data, "steps"):
            written = step.get("message_file")
            if isinstance(written, str):
                yield ("steps", index, "message_file"), written
            b = step.get("variant_b")
            if isinstance(b, dict) and isinstance(b.get("message_file"), str):
                yield ("steps", index, "variant_b", "message_file"), b["message_file"]

    def capabilities(self, connection: LemlistConnection | None) -> Capabilities:
        return CAPABILITIES

    def build(
        self, name: str, connection: LemlistConnection, client: ClientMaker, key: str
    ) -> Provider:
        api = client(
            LEMLIST_API,
            # HTTP Basic with an empty user name and the key as password (§1).
            {"authorization": basic_authorization(key)},
            lambda response, context: map_lemlist_error(response, context, name),
            shared_limiter("lemlist", key, reads=READS, writes=WRITES),
        )
        return LemlistProvider(name, LemlistClient(api))

    def plan_live(
        self, target: Target[LemlistSequence], live: LiveLemlistSequence | None
    ) -> SequencePlan:
        return plan_lemlist(target, live)

    def document(self, head: dict[str, Any], live: LiveLemlistSequence) -> ImportedDocument:
        return lemlist_document(head, live)

    def outline(self, document: LemlistSequence) -> Outline:
        steps = []
        day = 1
        for index, step in enumerate(document.steps):
            at: Loc = ("steps", index)
            if not isinstance(step, LemlistStep):
                steps.append(OutlineStep(at, "kept live step", "keep", IdSlots(None)))
                continue
            day += step.delay
            email = step.type == "email"
            person = step.type in _PERSON
            texts = []
            for key, role in _TEXTS:
                value = getattr(step, key)
                if value is None:
                    continue
                if key == "message":
                    role = "body" if email else "note" if person else "message"
                texts.append(Text(role, (*at, key), value))
            if step.message_file is not None:
                texts.append(Text("body", (*at, "message_file"), file=step.message_file))
            b = step.variant_b
            if b is not None:
                where = (*at, "variant_b")
                texts.append(Text("subject", (*where, "subject"), b.subject))
                if b.message is not None:
                    texts.append(Text("body", (*where, "message"), b.message))
                if b.message_file is not None:
                    texts.append(Text("body", (*where, "message_file"), file=b.message_file))
            steps.append(
                OutlineStep(
                    at,
                    _words(step.type),
                    step.type,
                    IdSlots(at),
                    tuple(texts),
                    day=day,
                    email=email,
                    note_at=(*at, "message") if person else None,
                )
            )
        return Outline(title_texts(document.title), tuple(steps))


def basic_authorization(key: str) -> str:
    import base64

    return "Basic " + base64.b64encode(f":{key}".encode()).decode("ascii")


def _words(step_type: str) -> str:
    """``linkedinSend`` as "LinkedIn send"; ``whatsappMessage`` as "WhatsApp message"."""
    words = "".join(f" {c.lower()}" if c.isupper() else c for c in step_type).strip()
    for spelt, brand in (("linkedin", "LinkedIn"), ("whatsapp", "WhatsApp"), ("sms", "SMS")):
        if words.startswith(spelt):
            words = brand + words[len(spelt) :]
    return {"manual": "task", "phone": "call", "api": "API call"}.get(words, words)


def _keyed_live(day: int, step: LiveLemlistStep) -> Keyed:
    """A live step on its day, known by its subject (or its message where it has none)."""
    words = step.fields.get("subject") or step.fields.get("message") or ""
    return day, _label(step.type, step.variant_b is not None), str(words)


def _label(step_type: str, a_b: bool) -> str:
    return f"{step_type} (A/B)" if a_b else step_type


def _touches(
    day: int,
    step_type: str,
    subject: str | None,
    message: str | None,
    title: str | None,
    b_subject: str | None,
    b_message: str | None,
) -> list[PreviewStep]:
    """A step's touches, variant B beside A. A step with no words (a profile visit) is a
    touch all the same: the preview names what it does."""
    email = step_type == "email"
    person = step_type in _PERSON
    first = PreviewStep(
        day=day,
        channel=step_type,
        label="variant A" if b_message is not None else "",
        subject=subject if email else title,
        body="" if person else message or "",
        html_body=email,
        note=message if person else None,
    )
    if b_message is None:
        return [first]
    second = PreviewStep(
        day=day,
        channel=step_type,
        label="variant B",
        subject=b_subject,
        body=b_message,
        html_body=email,
        variant=1,
    )
    return [first, second]


LEMLIST = LemlistKind()
