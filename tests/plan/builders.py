"""Desired documents and matching live values for planner tests (pure, no I/O)."""

from __future__ import annotations

from typing import Any, TypeVar

from seqsync.model.common import SequenceBase
from seqsync.plan.common import Target
from seqsync.providers.inbox.live import LiveInboxCampaign
from seqsync.providers.inbox.model import InboxSequence
from seqsync.providers.inbox.planner import desired_steps
from seqsync.providers.saleshandy.live import (
    LiveSaleshandySequence,
    LiveSaleshandyStep,
    LiveSaleshandyVariant,
)
from seqsync.providers.saleshandy.model import SaleshandySequence, SaleshandyStep
from seqsync.providers.saleshandy.records import variants_of
from seqsync.providers.supaglue.connection import SupaglueConnection
from seqsync.providers.supaglue.live import (
    LiveSupaglueSequence,
    LiveSupaglueStep,
    LiveSupaglueTemplate,
)
from seqsync.providers.supaglue.model import SupaglueSequence

D = TypeVar("D", bound=SequenceBase)


def saleshandy_doc(steps: list[dict[str, Any]], **extra: Any) -> SaleshandySequence:
    return SaleshandySequence.model_validate(
        {"name": "seq", "connection": "sh", "id": "SEQ0000001", "steps": steps, **extra}
    )


def supaglue_doc(steps: list[dict[str, Any]], **extra: Any) -> SupaglueSequence:
    return SupaglueSequence.model_validate(
        {"name": "seq", "connection": "sg", "id": "1", "steps": steps, **extra}
    )


def inbox_doc(steps: list[dict[str, Any]]) -> InboxSequence:
    return InboxSequence.model_validate(
        {"name": "seq", "connection": "x", "id": "abc123", "steps": steps}
    )


def target(doc: D, provider: str, engine: str = "") -> Target[D]:
    """The target a document of ``provider`` plans as; ``engine`` names the service a
    Supaglue connection fronts (its provider_name)."""
    return Target.for_document(doc, provider, settings=settings_for(engine))


def settings_for(engine: str) -> SupaglueConnection | None:
    """A sandbox Supaglue connection to ``engine``; None for providers without one."""
    if not engine:
        return None
    return SupaglueConnection.model_validate(
        {"provider": "supaglue", "sandbox": True, "customer_id": "acme", "provider_name": engine}
    )


def saleshandy_live(doc: SaleshandySequence) -> LiveSaleshandySequence:
    """What Saleshandy would return after the document was applied."""
    steps = []
    for s_index, step in enumerate(doc.steps):
        assert isinstance(step, SaleshandyStep), "a kept step has no content to build from"
        variants = tuple(
            LiveSaleshandyVariant(
                id=f"V{s_index:03d}{v_index:02d}xxx",
                status=variant.status,
                subject=variant.subject,
                content=variant.content,
                preheader=variant.preheader,
                connection_note=variant.connection_note,
                message=variant.message,
                title=variant.title,
                action=variant.action.model_dump() if variant.action else None,
                task_note=step.task_note if step.channel != "email" else None,
                attachments=tuple(variant.attachments or ()),
            )
            for v_index, variant in enumerate(variants_of(step))
        )
        steps.append(
            LiveSaleshandyStep(
                f"S{s_index:04d}xxxxx", s_index + 1, step.channel, step.day, variants
            )
        )
    return LiveSaleshandySequence("SEQ0000001", "", tuple(sorted(steps, key=lambda s: s.day)))


def supaglue_live(doc: SupaglueSequence) -> LiveSupaglueSequence:
    steps = tuple(
        LiveSupaglueStep(
            id=f"{100 + index}",
            type=step.type,
            delay=step.delay or 0 if step.date is None else None,
            date=step.date.isoformat() if step.date else None,
            template=LiveSupaglueTemplate(
                id=f"T{index}", subject=step.template.subject or "", body=step.template.body or ""
            )
            if step.template
            else None,
            task_note=step.task_note,
        )
        for index, step in enumerate(doc.steps)
    )
    return LiveSupaglueSequence("1", doc.effective_title, "team", (), True, steps)


def inbox_live(doc: InboxSequence, status: str = "paused") -> LiveInboxCampaign:
    return LiveInboxCampaign("abc123", doc.effective_title, status, 7, tuple(desired_steps(doc)))
