"""`seqsync check` on a lemlist connection: it lists campaigns, reads the files' ones,
finds their shapes as the client expects, and says which step fields the reads return
(which decides what a plan can compare), in both read worlds."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from seqsync.providers.lemlist.kind import LEMLIST
from tests.conftest import RunCli
from tests.worlds import ENV_VAR


@pytest.mark.parametrize(
    ("world", "learned"),
    [
        ("", "title"),
        ("lemlist.read_fields=documented", "only the documented ones"),
    ],
)
def test_check_reads_the_campaign_and_says_which_fields_come_back(
    world: str, learned: str, tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(ENV_VAR, world)
    monkeypatch.delenv("SEQSYNC_SANDBOX_FAULTS", raising=False)
    connection, document = LEMLIST.starter()
    assert document is not None
    yaml = YAML(typ="safe")
    yaml.default_flow_style = False
    with (tmp_path / "seqsync.yaml").open("w", encoding="utf-8") as out:
        yaml.dump({"connections": {"main": connection}}, out)
    (tmp_path / "sequences").mkdir()
    with (tmp_path / "sequences" / "starter.yaml").open("w", encoding="utf-8") as out:
        yaml.dump({"name": "starter", "connection": "main", **document}, out)
    assert run_cli("apply", "--auto-approve").code == 0
    checked = run_cli("check")
    assert checked.code == 0, checked.err + checked.out
    assert "main (lemlist): ok" in checked.out
    assert "GET /campaigns" in checked.out
    assert learned in checked.out
