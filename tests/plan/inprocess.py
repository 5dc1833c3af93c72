"""Plan and apply single documents against an in-memory sandbox, as the CLI would."""

from __future__ import annotations

import asyncio
import random
from typing import Any

from seqsync.apply.executor import Executor, ExecutorOptions
from seqsync.apply.report import ApplyReport
from seqsync.plan.model import SequencePlan
from seqsync.project.config import ProjectConfig
from seqsync.providers.factory import ProviderFactory
from seqsync.providers.ratelimit import forget_spent_budgets
from seqsync.sandbox.core import Sandbox
from seqsync.sandbox.seed import initial_state
from seqsync.sandbox.state import StateStore
from seqsync.sandbox.transport import SandboxTransport
from seqsync.sandbox.worlds import World
from seqsync.workflow.plan import ReadResult, plan_one
from seqsync.workflow.session import ProviderSession
from tests.plan.builders import target
from tests.providers.builders import FAST_POLICY

CONFIG = ProjectConfig.model_validate(
    {
        "connections": {
            "sh": {"provider": "saleshandy", "sandbox": True},
            "sg": {
                "provider": "supaglue",
                "sandbox": True,
                "customer_id": "acme",
                "provider_name": "outreach",
            },
            "apollo": {
                "provider": "supaglue",
                "sandbox": True,
                "customer_id": "acme",
                "provider_name": "apollo",
            },
            "sl": {
                "provider": "supaglue",
                "sandbox": True,
                "customer_id": "acme",
                "provider_name": "salesloft",
            },
            "x": {"provider": "inbox", "sandbox": True},
        }
    }
)


class InProcess:
    def __init__(self, sandbox: Sandbox | None = None, world: dict[str, str] | None = None) -> None:
        """``world``: the sandbox's answers where the sources leave them open (see
        docs/sandbox-worlds.md); the environment's SEQSYNC_SANDBOX_WORLD without it."""
        self.sandbox = sandbox or Sandbox(
            StateStore(None, initial_state),
            rng=random.Random(1),
            inbox_rate_limits=False,
            world=World.parse(world) if world is not None else World.from_environment(),
        )

    def session(self) -> ProviderSession:
        # Each session of this rig stands for a separate run (hypothesis makes hundreds),
        # against a sandbox without rate limits: none inherits the budgets spent before.
        forget_spent_budgets()
        factory = ProviderFactory(
            environ={},
            sandbox_transport=lambda api, account: SandboxTransport(self.sandbox, api),
            policy=FAST_POLICY,
        )
        return ProviderSession(CONFIG, factory)

    def plan(self, doc: Any, provider: str, engine: str = "") -> SequencePlan:
        async def run() -> SequencePlan:
            async with self.session() as session:
                live = (
                    await session.provider(doc.connection).read(doc.id, context="reading")
                    if doc.id
                    else None
                )
                return plan_one(ReadResult(target(doc, provider, engine), live))

        return asyncio.run(run())

    def apply(
        self, plan: SequencePlan, doc: Any = None, provider: str = "", engine: str = ""
    ) -> ApplyReport:
        """Apply ``plan``; given the document it was planned from, every write is read
        back and planned again, as the CLI's apply does."""
        from seqsync.plan.model import Plan

        def replan(_: SequencePlan, sequence_id: str, live: Any) -> SequencePlan:
            pinned = doc.model_copy(update={"id": sequence_id})
            return plan_one(ReadResult(target(pinned, provider, engine), live))

        async def run() -> ApplyReport:
            async with self.session() as session:
                whole = Plan(sequences=(plan,), seqsync_version="test", created_at="now")
                options = ExecutorOptions(
                    allow_destructive=True, replan=replan if doc is not None else None
                )
                return await Executor(session.provider, options).run(whole)

        return asyncio.run(run())

    def new_saleshandy_sequence(self, title: str) -> str:
        async def run() -> str:
            async with self.session() as session:
                provider: Any = session.provider("sh")
                return str((await provider.client.create_sequence(title))["id"])

        return asyncio.run(run())

    def find_sequence(self, connection: str, title: str) -> str:
        """The id of the live sequence titled ``title`` (after apply created it)."""

        async def run() -> str:
            async with self.session() as session:
                summaries = await session.provider(connection).list_sequences()
                return next(summary.id for summary in summaries if summary.title == title)

        return asyncio.run(run())

    def new_supaglue_sequence(self, connection: str, title: str) -> str:
        async def run() -> str:
            async with self.session() as session:
                provider: Any = session.provider(connection)
                return str(await provider.client.create_sequence({"name": title, "type": "team"}))

        return asyncio.run(run())
