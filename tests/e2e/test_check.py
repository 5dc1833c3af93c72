"""`seqsync check`, the real CLI: passes on the embedded sandbox and over loopback (only
GETs, the key never shown), reports what it learned about each account, and fails with
the request, the JSON path and what was expected when a response has a wrong type."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from tests.conftest import RunCli
from tests.e2e.project import API_KEY, KEY_VARIABLE, example_connections, examples_against
from tests.e2e.test_plan_apply_loopback import seqsync
from tests.sandbox_server import served_sandbox

EXAMPLES = Path(__file__).parent.parent.parent / "examples"
WORLD_VARIABLE = "SEQSYNC_SANDBOX_WORLD"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(".seqsync"))
    monkeypatch.chdir(root)
    monkeypatch.delenv("SEQSYNC_SANDBOX_FAULTS", raising=False)
    monkeypatch.delenv(WORLD_VARIABLE, raising=False)
    return root


def test_check_passes_on_the_embedded_sandbox_and_reports_each_account(
    project: Path, run_cli: RunCli
) -> None:
    result = run_cli("check")
    assert result.code == 0, result.out + result.err
    for expected in (
        "demo-saleshandy (Saleshandy): ok",
        "GET /v1/sequences/JA5YdAr9wy/steps",
        "step type: numbers (e.g. 1); seqsync sends numbers",
        "demo-outreach (Supaglue/outreach): ok",
        "engine: outreach (sent as x-provider-name; it answered)",
        "demo-x (Inbox): ok",
        'like-tweet step: "likeTweet"',
        "rate-limit headers: X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset",
        "demo-lemlist (lemlist): ok",
        "GET /campaigns/cam_R4tWq8ZkLm/sequences",
        "demo-instantly (Instantly): ok",
        "GET /campaigns/0b8f6e2a-4c1d-4f7e-9a35-6d2e8c1b7f40",
        "statuses: paused",
        f"Check: {len(example_connections())} connections, 0 mismatches",
    ):
        assert expected in result.out
    assert _ok_connections(result.out) == set(example_connections())


def _ok_connections(out: str) -> set[str]:
    """The connections a check report calls ok (a line `name (App): ok`)."""
    return {
        line.split(" (", 1)[0]
        for line in out.splitlines()
        if line.endswith("): ok") and not line.startswith(" ")
    }


def test_check_json_and_one_connection(project: Path, run_cli: RunCli) -> None:
    result = run_cli("check", "--connection", "demo-saleshandy", "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["ok"] is True
    [report] = data["connections"]
    assert report["connection"] == "demo-saleshandy"
    assert report["sequences"] == ["JA5YdAr9wy"]
    assert report["learned"]["step type"].startswith("numbers")


def test_check_names_a_lemlist_campaign_read_in_two_requests_once(
    project: Path, run_cli: RunCli
) -> None:
    result = run_cli("check", "--connection", "demo-lemlist", "--format", "json")
    assert result.code == 0, result.err
    [report] = json.loads(result.out)["connections"]
    assert report["requests"] == [
        "GET /campaigns",
        "GET /campaigns/cam_R4tWq8ZkLm",
        "GET /campaigns/cam_R4tWq8ZkLm/sequences",
    ]
    assert report["sequences"] == ["cam_R4tWq8ZkLm"]


def test_check_an_unknown_connection_is_a_usage_error(project: Path, run_cli: RunCli) -> None:
    result = run_cli("check", "--connection", "demo-saleshandyy")
    assert result.code == 1
    assert "did you mean demo-saleshandy" in result.err


def test_check_over_loopback_only_reads_and_never_shows_the_key(tmp_path: Path) -> None:
    with served_sandbox(tmp_path / "sandbox") as served:
        project = examples_against(served, tmp_path / "project")
        result = seqsync(project, "check", "--debug")
        assert result.returncode == 0, result.stdout + result.stderr
        assert _ok_connections(result.stdout) == set(example_connections())
        assert {request.method for request in served.requests()} == {"GET"}
        assert API_KEY not in result.stdout + result.stderr


def test_check_learns_names_in_a_world_that_reads_names(
    project: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(WORLD_VARIABLE, "saleshandy.enums=names")
    result = run_cli("check", "--connection", "demo-saleshandy")
    assert result.code == 0, result.out + result.err
    assert "step type: names (e.g. Email); seqsync will send names" in result.out
    assert "this account uses names for step types" in result.out


# --- a server whose answer has a wrong type --------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    answers: ClassVar[dict[str, Any]] = {}

    def do_GET(self) -> None:  # the name http.server dispatches to
        body = json.dumps(self.answers.get(self.path.split("?")[0], {})).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def wrong_server() -> Iterator[str]:
    step = {
        "id": "st1",
        "number": 1,
        "type": 1,
        "absoluteDays": "2",  # a string where the client reads an integer
        "variants": [{"id": "v1", "status": 1, "payload": {"subject": "s", "content": "c"}}],
    }
    _Handler.answers = {
        "/v1/sequences": {"message": "ok", "payload": [{"id": "seq1", "title": "Founders"}]},
        "/v1/sequences/seq1/steps": {"message": "ok", "payload": [step]},
    }
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_check_fails_naming_request_path_and_expectation(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, wrong_server: str
) -> None:
    root = tmp_path / "wrong"
    root.mkdir()
    (root / "seqsync.yaml").write_text(
        "connections:\n"
        "  acme:\n"
        "    provider: saleshandy\n"
        f"    base_url: {wrong_server}\n"
        f"    api_key: ${{{KEY_VARIABLE}}}\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(root)
    monkeypatch.setenv(KEY_VARIABLE, API_KEY)
    result = run_cli("check", "--debug")
    assert result.code == 1
    assert "acme (Saleshandy): FAILED" in result.out
    assert (
        'error (GET /v1/sequences/seq1/steps): Saleshandy returned absoluteDays: "2" at '
        "payload[0].absoluteDays; seqsync expected an integer" in result.out
    )
    assert "Error: check found 1 mismatch on acme" in result.err
    assert API_KEY not in result.out + result.err
