"""Providers pointed at a sandbox, the way a user's seqsync.yaml would point them."""

from __future__ import annotations

import httpx

from seqsync.providers.factory import ProviderFactory
from seqsync.providers.inbox.connection import InboxConnection
from seqsync.providers.inbox.provider import InboxProvider
from seqsync.providers.retry import DEFAULT_POLICY, RetryPolicy
from seqsync.providers.saleshandy.connection import SaleshandyConnection
from seqsync.providers.saleshandy.provider import SaleshandyProvider
from seqsync.providers.supaglue.connection import SupaglueConnection
from seqsync.providers.supaglue.provider import SupaglueProvider

API_KEY = "sk-test-7f3a9c1e5b2d4086"


async def no_sleep(seconds: float) -> None:
    """Retries in tests do not wait."""


FAST_POLICY = RetryPolicy(on=DEFAULT_POLICY.on, sleep=no_sleep)


def factory(
    transport: httpx.AsyncBaseTransport | None = None, policy: RetryPolicy = FAST_POLICY
) -> ProviderFactory:
    return ProviderFactory(environ={"KEY": API_KEY}, transport=transport, policy=policy)


def saleshandy(base_url: str, **options: object) -> SaleshandyProvider:
    connection = SaleshandyConnection(provider="saleshandy", api_key="${KEY}", base_url=base_url)
    provider = factory(**options).build("sh", connection)  # type: ignore[arg-type]
    assert isinstance(provider, SaleshandyProvider)
    return provider


def supaglue(
    base_url: str, engine: str, customer: str = "acme", **options: object
) -> SupaglueProvider:
    connection = SupaglueConnection(
        provider="supaglue",
        api_key="${KEY}",
        base_url=base_url,
        customer_id=customer,
        provider_name=engine,
    )
    provider = factory(**options).build(f"sg-{engine}", connection)  # type: ignore[arg-type]
    assert isinstance(provider, SupaglueProvider)
    return provider


def inbox(base_url: str, **options: object) -> InboxProvider:
    connection = InboxConnection(provider="inbox", api_key="${KEY}", base_url=base_url)
    provider = factory(**options).build("x", connection)  # type: ignore[arg-type]
    assert isinstance(provider, InboxProvider)
    return provider
