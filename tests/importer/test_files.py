"""Creating an imported sequence's files: all of them or none, never over a file that is
there without --force, and the same bytes ``Path.write_text`` wrote."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from seqsync.importer.files import FileCreator, encoded
from tests.benchmarks.workload import _saleshandy
from tests.importer.test_import_round_trip import TEXT_PIECES, cli, project


def test_encoded_is_what_write_text_writes(tmp_path: Path) -> None:
    text = "".join(TEXT_PIECES) + "\r\nend\n\x00\u2028"
    file = tmp_path / "t.txt"
    file.write_text(text, encoding="utf-8")
    assert encoded(text) == file.read_bytes()


def test_files_and_their_folders_are_created(tmp_path: Path) -> None:
    files = [(str(tmp_path / "a" / "b" / "c.html"), b"<p>c</p>"), (str(tmp_path / "d.yaml"), b"d")]
    assert FileCreator().create(files, overwrite=False) == []
    assert (tmp_path / "a" / "b" / "c.html").read_bytes() == b"<p>c</p>"
    assert (tmp_path / "d.yaml").read_bytes() == b"d"


def test_a_file_that_exists_stops_the_set_and_what_was_made_goes_again(tmp_path: Path) -> None:
    (tmp_path / "d.yaml").write_bytes(b"mine")
    files = [
        (str(tmp_path / "a" / "b" / "c.html"), b"c"),
        (str(tmp_path / "e.html"), b"e"),
        (str(tmp_path / "d.yaml"), b"d"),
    ]
    creator = FileCreator()
    assert creator.create(files, overwrite=False) == [str(tmp_path / "d.yaml")]
    assert (tmp_path / "d.yaml").read_bytes() == b"mine"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["d.yaml"]
    # The folders it removed are made again the next time they are needed.
    assert creator.create(files[:2], overwrite=False) == []
    assert (tmp_path / "a" / "b" / "c.html").read_bytes() == b"c"


def test_overwrite_replaces_what_is_there(tmp_path: Path) -> None:
    (tmp_path / "d.yaml").write_bytes(b"a longer text that was there")
    assert FileCreator().create([(str(tmp_path / "d.yaml"), b"d")], overwrite=True) == []
    assert (tmp_path / "d.yaml").read_bytes() == b"d"


def test_an_existing_content_file_keeps_the_whole_sequence_out() -> None:
    _, live = _saleshandy(4)
    with project({"saleshandy": {"sequences": {live["id"]: live}}}) as root:
        emails = root / "sequences" / "emails" / "bench-4"
        emails.mkdir(parents=True)
        (emails / "3-B.html").write_text("mine", encoding="utf-8")
        errors = io.StringIO()
        with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(io.StringIO()):
            code = cli(root, "import", "--connection", "sh", "--id", live["id"])
        assert code == 1
        assert "sequences/emails/bench-4/3-B.html already exist(s)" in errors.getvalue()
        assert sorted(path.name for path in emails.iterdir()) == ["3-B.html"]
        assert (emails / "3-B.html").read_text(encoding="utf-8") == "mine"
        assert not (root / "sequences" / "bench-4.yaml").exists()
        with contextlib.redirect_stdout(io.StringIO()):
            code = cli(root, "import", "--connection", "sh", "--id", live["id"], "--force")
        assert code == 0
        assert (emails / "3-B.html").read_text(encoding="utf-8") != "mine"
        assert (root / "sequences" / "bench-4.yaml").exists()
