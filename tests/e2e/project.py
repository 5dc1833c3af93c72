"""A copy of examples/ whose connections point at a served sandbox over loopback."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.sandbox_server import ServedSandbox

EXAMPLES = Path(__file__).parent.parent.parent / "examples"
KEY_VARIABLE = "SEQSYNC_E2E_KEY"
API_KEY = "sk-e2e-5d1c2b9a7e3f4680"


def loopback_config(served: ServedSandbox) -> str:
    return f"""\
connections:
  demo-saleshandy:
    provider: saleshandy
    base_url: {served.base_url("saleshandy")}
    api_key: ${{{KEY_VARIABLE}}}
  demo-outreach:
    provider: supaglue
    base_url: {served.base_url("supaglue")}
    api_key: ${{{KEY_VARIABLE}}}
    customer_id: acme
    provider_name: outreach
  demo-x:
    provider: inbox
    base_url: {served.base_url("inbox")}
    api_key: ${{{KEY_VARIABLE}}}
"""


def examples_against(served: ServedSandbox, folder: Path) -> Path:
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns(".seqsync"))
    (folder / "seqsync.yaml").write_text(loopback_config(served), encoding="utf-8")
    return folder
