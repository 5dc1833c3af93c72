"""Small builders for tests: a throwaway project folder with sandbox connections."""

from __future__ import annotations

from pathlib import Path

SANDBOX_CONFIG = """\
connections:
  sh: {provider: saleshandy, sandbox: true}
  outreach: {provider: supaglue, sandbox: true, customer_id: c, provider_name: outreach}
  x: {provider: inbox, sandbox: true}
"""


def make_project(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write seqsync.yaml (sandbox connections) and ``files`` under ``root``; return root."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "seqsync.yaml").write_text(SANDBOX_CONFIG, encoding="utf-8")
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def installed_script(name: str) -> str | None:
    """A console script of this Python's environment (seqsync, pre-commit, zizmor): next
    to the interpreter first, so a virtual environment need not be activated."""
    import shutil
    import sys

    beside = Path(sys.executable).parent / name
    return str(beside) if beside.is_file() else shutil.which(name)
