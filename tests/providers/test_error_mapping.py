"""Provider error bodies become the typed error their words mean, not just their status."""

from __future__ import annotations

import asyncio
import random

import httpx
import pytest

from seqsync.errors import AuthError, NotFound, ProviderError, Rejected
from seqsync.providers.saleshandy.errors import map_saleshandy_error
from seqsync.providers.supaglue.errors import map_supaglue_error
from seqsync.sandbox.core import Sandbox
from seqsync.sandbox.seed import initial_state
from seqsync.sandbox.state import StateStore
from seqsync.sandbox.transport import SandboxTransport
from tests.providers.builders import supaglue


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("1001: Invalid token", AuthError),
        ("1001: Invalid sequence id", NotFound),
        ("1001: Please connect email account to the sequence", Rejected),
        ("1001: No email addresses that can be verified", Rejected),
    ],
)
def test_saleshandy_code_1001_is_read_from_its_message(
    message: str, expected: type[ProviderError]
) -> None:
    response = httpx.Response(
        400, json={"statusCode": 400, "message": message, "error": "Bad Request"}
    )
    error = map_saleshandy_error(response, "reading sequence s", "sh")
    assert type(error) is expected
    assert message in str(error)


def test_supaglue_500_naming_an_upstream_404_is_not_found_and_hides_the_key() -> None:
    """Apollo's unmapped client error reaches us as a 500 from Supaglue's catch-all, with
    the engine URL (and the customer's Apollo key) in its detail (apps/api/index.ts)."""
    body = {
        "errors": [
            {
                "title": "Internal Server Error",
                "detail": "[HTTP 404]: GET https://api.apollo.io/v1/emailer_campaigns/777?api_key=SECRET123",
                "problem_type": "INTERNAL_SERVER_ERROR",
                "code": "INTERNAL_SERVER_ERROR",
                "status": "500",
                "meta": {"origin": "supaglue"},
            }
        ]
    }
    error = map_supaglue_error(
        httpx.Response(500, json=body), "reading sequence 777", "sg", "apollo"
    )
    assert isinstance(error, NotFound)
    assert "check the id" in str(error)
    assert "SECRET123" not in str(error)
    assert "SECRET123" not in error.provider_message


def test_an_unknown_apollo_sequence_fails_at_once_saying_to_check_the_id() -> None:
    sandbox = Sandbox(StateStore(None, initial_state), rng=random.Random(1))
    provider = supaglue(
        "https://supaglue.sandbox.invalid",
        "apollo",
        transport=SandboxTransport(sandbox, "supaglue"),
    )

    async def read() -> None:
        try:
            await provider.read("777", context="reading sequence 777")
        finally:
            await provider.aclose()

    with pytest.raises(NotFound, match="check the id"):
        asyncio.run(read())
    assert len(sandbox.recorder.requests) == 1, "a not-found is not retried"


def test_a_customer_without_a_connection_is_told_to_check_customer_and_provider() -> None:
    """packages/core/services/connection_service.ts: a 404 that names no id of ours."""
    body = {
        "errors": [
            {
                "title": "Connection not found for customer: acme and application: app and provider: outreach",
                "detail": "Connection not found for customer: acme and application: app and provider: outreach",
                "code": "NOT_FOUND_ERROR",
                "status": "404",
                "meta": {"origin": "supaglue"},
            }
        ]
    }
    error = map_supaglue_error(
        httpx.Response(404, json=body), "listing sequences", "sg", "outreach"
    )
    assert isinstance(error, AuthError)
    assert "check customer_id and provider_name in seqsync.yaml" in str(error)
    assert "check the id" not in str(error)
