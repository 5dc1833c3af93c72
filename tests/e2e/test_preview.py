"""`seqsync preview`: every sequence as the prospect gets it, merge tags filled, written as
standalone pages that a real headless browser renders (when Chromium is installed; .ci/run
installs Debian's)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import RunCli

EXAMPLES = Path(__file__).parent.parent.parent / "examples"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(".seqsync", "preview"))
    monkeypatch.chdir(root)
    return root


def test_the_examples_preview_with_every_tag_filled(project: Path, run_cli: RunCli) -> None:
    result = run_cli("preview", "--out", "preview")
    assert result.code == 0, result.err
    assert "Warning" not in result.err
    assert "subject: Quick question, Alex" in result.out
    pages = sorted(path.name for path in Path("preview").glob("*.html"))
    assert pages == ["founders-q4.html", "index.html", "webinar-followup.html", "x-founders.html"]
    for page in Path("preview").glob("*.html"):
        text = page.read_text()
        assert "{{" not in text, page
        assert 'class="unfilled"' not in text, page
    x_page = Path("preview/x-founders.html").read_text()
    assert '<span class="variation"><b>Hey</b> | <b>Hi</b> | <b>Hello</b></span>' in x_page
    assert "your company" in x_page  # the fallback of a variable with no sample


def test_a_tag_with_no_sample_is_marked_and_warned(project: Path, run_cli: RunCli) -> None:
    path = Path("sequences/founders-q4.yaml")
    path.write_text(path.read_text().replace("Closing the loop", "Closing the loop, {{frstName}}"))
    result = run_cli("preview", "--out", "preview")
    assert "Warning: founders-q4: {{frstName}} has no sample and no fallback" in result.err
    assert (
        '<mark class="unfilled">{{frstName}}</mark>' in Path("preview/founders-q4.html").read_text()
    )
    Path("seqsync.yaml").write_text(
        "samples: {frstName: Typo}\n" + Path("seqsync.yaml").read_text()
    )
    again = run_cli("preview", "--out", "preview")
    assert "Warning" not in again.err
    assert "Closing the loop, Typo" in again.out


def test_changed_shows_only_changed_sequences_live_beside_after(
    project: Path, run_cli: RunCli
) -> None:
    assert run_cli("apply", "--auto-approve", "--allow-destructive").code == 0
    path = Path("sequences/webinar-followup.yaml")
    path.write_text(path.read_text().replace("Call script", "Call plan"))
    result = run_cli("preview", "--changed", "--out", "changed")
    assert result.code == 0, result.err
    assert sorted(p.name for p in Path("changed").glob("*.html")) == [
        "index.html",
        "webinar-followup.html",
    ]
    page = Path("changed/webinar-followup.html").read_text()
    live, after = page.split("<h2>After apply</h2>")
    assert '<div class="subject">Call script</div>' in live
    assert '<div class="subject">Call plan</div>' in after


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is installed by .ci/run (Debian)")
def test_a_headless_browser_renders_the_pages(
    project: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    assert run_cli("preview", "--out", "preview").code == 0
    page = (project / "preview" / "founders-q4.html").resolve()
    common = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
    ]
    dom = subprocess.run(
        [*common, "--enable-logging=stderr", "--v=0", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "Quick question, Alex" in dom.stdout
    assert "{{" not in dom.stdout
    assert "CONSOLE" not in dom.stderr or "Uncaught" not in dom.stderr
    shots = {}
    for name, uri in (("page", page.as_uri()), ("blank", "about:blank")):
        shots[name] = tmp_path / f"{name}.png"
        subprocess.run(
            [*common, f"--screenshot={shots[name]}", "--window-size=1000,1400", uri],
            capture_output=True,
            timeout=120,
            check=True,
        )
    data = shots["page"].read_bytes()
    assert data.startswith(b"\x89PNG")
    # A blank page compresses to almost nothing; a page of text, cards and colour does not.
    assert len(data) > 4 * shots["blank"].stat().st_size, "the screenshot is blank"
