"""A minimal Language Server Protocol client over stdio: enough to open one YAML file in
yaml-language-server and read the diagnostics it publishes, as an editor would."""

from __future__ import annotations

import json
import subprocess
import threading
import time
from pathlib import Path
from queue import Empty, Queue
from typing import Any


class LanguageServer:
    def __init__(self, command: list[str], root: Path) -> None:
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.messages: Queue[dict[str, Any]] = Queue()
        self._next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root.as_uri(),
                "capabilities": {"textDocument": {"publishDiagnostics": {}}},
                "initializationOptions": {},
            },
        )
        self.notify("initialized", {})
        self.notify(
            "workspace/didChangeConfiguration",
            {
                "settings": {
                    "yaml": {
                        "validate": True,
                        "hover": False,
                        "completion": False,
                        # Offline: no schema store, only the file's own $schema line.
                        "schemaStore": {"enable": False},
                        "schemaDownload": {"enable": False},
                    }
                }
            },
        )

    def diagnostics(self, path: Path, timeout: float = 30.0) -> list[dict[str, Any]]:
        """Open ``path`` and return the diagnostics the server publishes for it."""
        uri = path.as_uri()
        self.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": uri,
                    "languageId": "yaml",
                    "version": 1,
                    "text": path.read_text(encoding="utf-8"),
                }
            },
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                message = self.messages.get(timeout=max(0.0, deadline - time.monotonic()))
            except Empty:
                break
            if message.get("method") == "textDocument/publishDiagnostics" and (
                message["params"]["uri"] == uri
            ):
                found: list[dict[str, Any]] = message["params"]["diagnostics"]
                return found
        raise TimeoutError(f"no diagnostics for {path} within {timeout} s")

    def request(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        self._next_id += 1
        ident = self._next_id
        self._send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        while True:
            message = self.messages.get(timeout=30)
            if message.get("id") == ident and "method" not in message:
                return message
            if "method" in message and "id" in message:  # the server asks: answer empty
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": None})

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def close(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        self.process.stdin.flush()

    def _read(self) -> None:
        try:
            self._read_messages()
        except (OSError, ValueError):
            return  # the server was closed

    def _read_messages(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value.strip())
            message = json.loads(stream.read(length))
            if "method" in message and "id" in message:
                # workspace/configuration and the like: the settings were pushed already.
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": [None]})
                continue
            self.messages.put(message)
