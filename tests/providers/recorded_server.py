"""A loopback HTTP server that answers with recorded response bodies, for driving the real
CLI against responses shaped as the real services build them (not as our emulators do)."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

RESPONSES = Path(__file__).parent.parent / "data" / "supaglue-responses"


def recorded(name: str) -> Any:
    """One recorded body from tests/data/supaglue-responses (see its README)."""
    return json.loads((RESPONSES / name).read_text(encoding="utf-8"))


@dataclass
class Recorded:
    """What the server answers per (method, path), and what it was asked."""

    routes: dict[tuple[str, str], tuple[int, Any]]
    asked: list[tuple[str, str]] = field(default_factory=list)
    url: str = ""


@contextlib.contextmanager
def recorded_server(routes: dict[tuple[str, str], tuple[int, Any]]) -> Iterator[Recorded]:
    """Serve ``routes`` on an ephemeral loopback port; an unknown path is a 404."""
    served = Recorded(routes)

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            path = self.path.split("?", 1)[0]
            served.asked.append((self.command, path))
            length = int(self.headers.get("content-length") or 0)
            if length:
                self.rfile.read(length)
            status, body = served.routes.get((self.command, path), (404, {"errors": []}))
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _answer

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: pytest shows failures, not access logs."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    served.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()
