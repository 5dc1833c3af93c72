"""Provider error bodies become the typed error their words mean, not just their status."""

from __future__ import annotations

import httpx
import pytest

from seqsync.errors import AuthError, NotFound, ProviderError, Rejected
from seqsync.providers.saleshandy.errors import map_saleshandy_error


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
