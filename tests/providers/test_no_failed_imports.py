"""No request fails an import: Python does not cache a failed import, so one made inside
the request path (httpcore's ``import sniffio``, encode/httpcore#1103) searches sys.path
again on every request. sniffio is a dependency for that reason."""

from __future__ import annotations

import asyncio
import builtins
import importlib.util
from collections.abc import Mapping, Sequence
from types import ModuleType
from typing import Any

import pytest

from seqsync.providers.http import ApiClient
from seqsync.providers.retry import DEFAULT_POLICY
from tests.providers.recorded_server import recorded_server


def test_sniffio_is_installed() -> None:
    assert importlib.util.find_spec("sniffio") is not None


def test_requests_over_the_network_transport_fail_no_import(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    failed: list[str] = []
    real_import = builtins.__import__

    def counting_import(
        name: str,
        globals: Mapping[str, object] | None = None,
        locals: Mapping[str, object] | None = None,
        fromlist: Sequence[str] | None = (),
        level: int = 0,
    ) -> ModuleType:
        try:
            return real_import(name, globals, locals, fromlist, level)
        except ImportError:
            failed.append(name)
            raise

    async def requests(url: str) -> list[Any]:
        client = ApiClient(connection="c", base_url=url, headers={}, policy=DEFAULT_POLICY)
        try:
            # The first request may import what the client loads lazily; after it,
            # every request's imports are cache hits unless one fails.
            await client.request("GET", "/things/1", context="warming up")
            monkeypatch.setattr(builtins, "__import__", counting_import)
            try:
                return [
                    await client.request("GET", "/things/1", context=f"reading {n}")
                    for n in range(3)
                ]
            finally:
                monkeypatch.setattr(builtins, "__import__", real_import)
        finally:
            await client.aclose()

    with recorded_server({("GET", "/things/1"): (200, {"id": 1})}) as served:
        bodies = asyncio.run(requests(served.url))
    assert bodies == [{"id": 1}] * 3
    assert failed == [], f"imports failed during requests: {failed}"
