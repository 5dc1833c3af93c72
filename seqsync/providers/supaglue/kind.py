"""Supaglue as the registry sees it: everything seqsync knows about it, in one place."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from seqsync.apis import SUPAGLUE_API
from seqsync.config.yaml_reader import Loc
from seqsync.model.imported import ImportedDocument
from seqsync.model.outline import IdSlots, Outline, Text, title_texts
from seqsync.model.outline import Step as OutlineStep
from seqsync.model.problems import Problem
from seqsync.plan.capabilities import Capabilities
from seqsync.plan.common import Target, written_text
from seqsync.plan.model import SequencePlan
from seqsync.plan.preview import PreviewStep
from seqsync.plan.timeline import Timeline, keyed, keyed_by_delays
from seqsync.providers.base import ClientMaker, Provider, ProviderKind, items_of
from seqsync.providers.supaglue.client import SupaglueClient
from seqsync.providers.supaglue.connection import SupaglueConnection, engine_of
from seqsync.providers.supaglue.errors import map_supaglue_error
from seqsync.providers.supaglue.importing import supaglue_document
from seqsync.providers.supaglue.live import LiveSupaglueSequence
from seqsync.providers.supaglue.model import EMAIL_TYPES, SupaglueSequence, supaglue_problems
from seqsync.providers.supaglue.planner import plan_supaglue
from seqsync.providers.supaglue.provider import SupaglueProvider, capabilities_for


class SupaglueKind(ProviderKind[SupaglueSequence, LiveSupaglueSequence, SupaglueConnection]):
    name = "supaglue"
    connection_model = SupaglueConnection
    document_model = SupaglueSequence
    live_model = LiveSupaglueSequence

    def document_problems(
        self, document: SupaglueSequence, connection: SupaglueConnection | None
    ) -> Iterable[Problem]:
        return supaglue_problems(document, engine_of(connection))

    # Snake case, as the engines' templates spell prospect fields ({{first_name}}):
    # ASSUMPTION, from the engines' template conventions; neither Supaglue's spec nor its
    # mappers list the variables, which pass through to the engine untouched.
    samples: ClassVar[dict[str, str]] = {
        "first_name": "Alex",
        "last_name": "Rivera",
        "company_name": "Globex",
        "account.name": "Globex",
        "email": "alex@globex.example",
    }

    # Outreach, Apollo and Salesloft templates have no spintax: braces are sent as written
    # (ASSUMPTION from their template docs' variable syntax; none documents {a|b}).
    spintax = False

    def preview(self, target: Target[SupaglueSequence]) -> list[PreviewStep]:
        touches, waited = [], 0
        for step in target.desired.steps:
            waited += step.delay or 0
            template = step.template
            body = (
                written_text(template.body, template.body_file, target.files)
                if template is not None
                else None
            )
            touches.append(
                PreviewStep(
                    day=1 + waited // 86_400,
                    channel=step.type,
                    subject=template.subject if template is not None else None,
                    body=body or "",
                    html_body=body is not None,
                    note=step.task_note,
                )
            )
        return touches

    def preview_live(self, live: LiveSupaglueSequence) -> list[PreviewStep]:
        touches, waited = [], 0
        for step in live.steps:
            waited += step.delay or 0
            template = step.template
            touches.append(
                PreviewStep(
                    day=1 + waited // 86_400,
                    channel=step.type,
                    subject=template.subject if template is not None else None,
                    body=template.body if template is not None else "",
                    html_body=template is not None,
                    note=step.task_note,
                )
            )
        return touches

    def timeline(
        self, target: Target[SupaglueSequence], live: LiveSupaglueSequence | None
    ) -> Timeline | None:
        live_steps = live.steps if live else ()
        before = keyed_by_delays((step.delay, step.type, _words(step)) for step in live_steps)
        after = keyed_by_delays((s.delay, s.type, _words(s)) for s in target.desired.steps)
        return keyed(before, after)

    def starter(self) -> tuple[dict[str, Any], dict[str, Any] | None]:
        connection = {
            "provider": "supaglue",
            "sandbox": True,
            "customer_id": "acme",  # the sandbox's demo customer: use yours for a real account
            "provider_name": "outreach",
        }
        document = {
            "title": "Starter sequence (Outreach through Supaglue)",
            "steps": [
                {
                    "type": "auto_email",
                    "delay": "0",
                    "template": {
                        "subject": "Quick question, {{first_name}}",
                        "body": "<p>Hi {{first_name}}, worth a chat?</p>",
                    },
                },
                {
                    "type": "call",
                    "delay": "2d",
                    "task_note": "Follow up on the email.",
                    "template": {
                        "subject": "Call script",
                        "body": "<p>Ask what they are working on this quarter.</p>",
                    },
                },
            ],
        }
        return connection, document

    def referenced_files(self, data: Any) -> Iterator[tuple[Loc, str]]:
        for index, step in items_of(data, "steps"):
            template = step.get("template")
            written = template.get("body_file") if isinstance(template, dict) else None
            if isinstance(written, str):
                yield ("steps", index, "template", "body_file"), written

    def capabilities(self, connection: SupaglueConnection | None) -> Capabilities:
        return capabilities_for(engine_of(connection))

    def build(
        self, name: str, connection: SupaglueConnection, client: ClientMaker, key: str
    ) -> Provider:
        engine = connection.provider_name
        headers = {
            "x-api-key": key,
            "x-customer-id": connection.customer_id,
            "x-provider-name": engine,
        }
        api = client(
            SUPAGLUE_API,
            headers,
            lambda response, context: map_supaglue_error(response, context, name, engine),
        )
        return SupaglueProvider(name, engine, SupaglueClient(api))

    def plan_live(
        self, target: Target[SupaglueSequence], live: LiveSupaglueSequence | None
    ) -> SequencePlan:
        return plan_supaglue(target, live)

    def document(self, head: dict[str, Any], live: LiveSupaglueSequence) -> ImportedDocument:
        return supaglue_document(head, live)

    def outline(self, document: SupaglueSequence) -> Outline:
        steps, waited = [], 0
        for index, step in enumerate(document.steps):
            at: Loc = ("steps", index)
            waited += step.delay or 0
            texts = []
            template = step.template
            if template is not None:
                where = (*at, "template")
                if template.subject is not None:
                    texts.append(Text("subject", (*where, "subject"), template.subject))
                if template.body is not None:
                    texts.append(Text("body", (*where, "body"), template.body))
                if template.body_file is not None:
                    texts.append(Text("body", (*where, "body_file"), file=template.body_file))
            if step.task_note is not None:
                texts.append(Text("note", (*at, "task_note"), step.task_note))
            steps.append(
                OutlineStep(
                    at,
                    _CHANNELS[step.type],
                    step.type,
                    IdSlots(at),
                    tuple(texts),
                    # A date-based step runs on a date, not on a day of the sequence.
                    day=None if step.date is not None else 1 + waited // 86_400,
                    email=step.type in EMAIL_TYPES,
                    note_at=(*at, "task_note") if step.type in ("call", "task") else None,
                )
            )
        return Outline(title_texts(document.title), tuple(steps))


# Step types in neutral words (an auto and a manual email are both emails to a prospect).
_CHANNELS = {
    "auto_email": "email",
    "manual_email": "email",
    "call": "call",
    "task": "task",
    "linkedin_send_message": "LinkedIn message",
}


SUPAGLUE = SupaglueKind()


def _words(step: Any) -> str:
    """What tells a step from the others of its type whatever its day (the timeline's
    moves): its template's subject, or its task note."""
    template = step.template
    return (template.subject if template is not None else "") or step.task_note or ""
