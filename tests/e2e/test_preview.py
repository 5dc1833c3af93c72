"""`seqsync preview`: every sequence as the prospect gets it, merge tags filled, written as
standalone pages that a real headless browser renders (when Chromium is installed; .ci/run
installs Debian's)."""

from __future__ import annotations

import html
import json
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from seqsync.workflow.previews import INDEX, page_name
from tests.conftest import RunCli
from tests.html_tree import parse

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
    assert pages == [
        "agency-partners.html",
        "founders-q4.html",
        "index.html",
        "sales-leaders.html",
        "webinar-followup.html",
        "x-founders.html",
    ]
    for page in Path("preview").glob("*.html"):
        text = page.read_text()
        assert "{{" not in text, page
        assert 'class="unfilled"' not in text, page
    x_page = Path("preview/x-founders.html").read_text()
    assert '<span class="variation"><b>Hey</b> | <b>Hi</b> | <b>Hello</b></span>' in x_page
    assert "your company" in x_page  # the fallback of a variable with no sample


def test_touches_read_as_a_manager_reads_them(project: Path, run_cli: RunCli) -> None:
    result = run_cli("preview", "--out", "preview")
    assert result.code == 0, result.err
    like, *dms = parse(Path("preview/x-founders.html").read_text()).all("div", "card")
    assert like.one(cls="channel").text() == "Like a tweet"
    assert like.one(cls="action").text().startswith("Likes their latest tweet")
    assert like.all("p", "email") == [], "a like is not an empty message"
    assert {dm.one(cls="channel").text() for dm in dms} == {"X DM"}
    founders = parse(Path("preview/founders-q4.html").read_text()).all("div", "card")
    assert [card.one(cls="channel").text() for card in founders] == [
        "Email · variant A",
        "Email · variant B",
        "LinkedIn connection request",
        "Email",
        "Phone call: follow-up",
        "Email",
    ]
    assert [card.one(cls="preheader").text() for card in founders[:2]] == [
        "Quick question about your team",
        "Two minutes, one idea",
    ]
    assert founders[3].all(cls="preheader") == [], "no preheader, none shown"
    assert "  day 3: LinkedIn connection request" in result.out.splitlines()
    assert "    preheader: Two minutes, one idea" in result.out.splitlines()


def test_the_index_has_a_card_per_sequence(project: Path, run_cli: RunCli) -> None:
    assert run_cli("preview", "--out", "preview").code == 0
    cards = {
        str(card.one("a").attrs["href"]): card
        for card in parse(Path("preview/index.html").read_text()).all("div", "sequence")
    }
    founders = cards["founders-q4.html"]
    assert founders.one("a").text() == "Founders Q4 outbound"
    assert founders.one(cls="channel").text() == "saleshandy · demo-saleshandy"
    assert founders.one(cls="steps").text() == "5 steps"
    assert founders.one(cls="length").text() == "10 days to the last touch"
    assert [li.text() for li in founders.one("ul", "channels").all("li")] == [
        "Email ×3",
        "LinkedIn connection request ×1",
        "Phone call: follow-up ×1",
    ]
    x_founders = cards["x-founders.html"]
    assert x_founders.one(cls="steps").text() == "3 steps"
    assert x_founders.one(cls="length").text() == "5 days to the last touch"
    assert [li.text() for li in x_founders.one("ul", "channels").all("li")] == [
        "X DM ×2",
        "Like a tweet ×1",
    ]


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
    columns = parse(Path("changed/webinar-followup.html").read_text()).one("div", "columns")
    rows = [row.kids() for row in columns.all("div", "row")]
    assert len(rows) == 5, "the five steps, each beside itself"
    changed = [cells for cells in rows if "changed" in cells[0].classes]
    assert len(changed) == 1, "only the call's subject changed"
    ((was, now),) = changed
    assert "changed" in now.classes
    assert was.one(cls="subject").text() == "Call script"
    assert was.one(cls="subject").one("del").text() == "script"
    assert now.one(cls="subject").text() == "Call plan"
    assert now.one(cls="subject").one("ins").text() == "plan"
    assert now.one(cls="channel").text() == "Phone call"
    index = parse(Path("changed/index.html").read_text())
    assert [a.attrs["href"] for a in index.all("a")] == ["webinar-followup.html"]


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


# Each tries to show it ran: a title or text that the page's source does not contain
# ("PW" + "NED" is assembled only by a script that runs).
HOSTILE_BODY = """\
<div style="background:#ff0000;width:640px;height:320px">{{firstName}}</div>
<script>document.title='PW'+'NED'; document.write('<p>PW'+'NED</p>')</script>
<script>parent.document.title='PW'+'NED'; parent.document.body.append('PW'+'NED')</script>
<img src=x onerror="parent.document.title='PW'+'NED'">
<svg onload="parent.document.title='PW'+'NED'"></svg>
<iframe srcdoc="<script>parent.parent.document.title='PW'+'NED'</script>"></iframe>
</style><script>parent.document.title='PW'+'NED'</script>
"></iframe></div><script>document.title='PW'+'NED'</script>
"""
HOSTILE_TEXT = "</title><script>document.title='PW'+'NED'</script><img src=x onerror=alert(1)>"


def _hostile(project: Path) -> None:
    path = Path("sequences/founders-q4.yaml")
    document = path.read_text()
    body = "\n".join(f"          {line}" for line in HOSTILE_BODY.splitlines())
    document = document.replace(
        "          <p>Hi {{firstName}},</p>\n          <p>I'll stop here.",
        body + "\n          <p>I'll stop here.",
        1,
    )
    document = document.replace("title: Founders Q4 outbound", f"title: {json.dumps(HOSTILE_TEXT)}")
    document = document.replace("subject: Closing the loop", f"subject: {json.dumps(HOSTILE_TEXT)}")
    document = document.replace(
        "task_note: Call about the two emails; ask who owns outbound tooling.",
        f"task_note: {json.dumps(HOSTILE_TEXT)}",
    )
    path.write_text(document)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def _elements(markup: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(markup)
    parser.close()
    return parser.found


def test_bodies_are_framed_sandboxed_and_every_other_string_escaped(
    project: Path, run_cli: RunCli
) -> None:
    _hostile(project)
    assert run_cli("preview", "--out", "preview").code == 0
    for page in Path("preview").glob("*.html"):
        elements = _elements(page.read_text())
        tags = [tag for tag, _ in elements]
        assert not {"script", "img", "svg"} & set(tags), page
        policies = [
            attrs["content"]
            for tag, attrs in elements
            if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"
        ]
        assert "default-src 'none'" in str(policies[0]), page
        for tag, attrs in elements:
            assert not any(str(name).startswith("on") for name in attrs), (page, tag)
            if tag == "iframe":
                assert attrs["sandbox"] == "", "no allow-scripts, no allow-same-origin"
                inner = [
                    (t, a)
                    for t, a in _elements(str(attrs["srcdoc"]))
                    if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
                ]
                assert "script-src 'none'" in str(inner[0][1]["content"])
    founders = Path("preview/founders-q4.html").read_text()
    assert founders.count("<iframe ") == 4, "every email body, and only those, is framed"
    assert html.escape(HOSTILE_TEXT) in founders  # the title, the subject, the note


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is installed by .ci/run (Debian)")
def test_a_body_cannot_run_script_in_a_reviewers_browser(
    project: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    _hostile(project)
    assert run_cli("preview", "--out", "preview").code == 0
    page = (project / "preview" / "founders-q4.html").resolve()
    common = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--virtual-time-budget=2000",  # give a script time to do its work, had it run
    ]
    dom = subprocess.run(
        [*common, f"--user-data-dir={tmp_path / 'dom'}", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "<h1>" in dom.stdout, "the page was rendered"
    assert "PWNED" not in dom.stdout
    title = dom.stdout.split("<title>", 1)[1].split("</title>", 1)[0]
    assert html.unescape(title) == HOSTILE_TEXT
    shot = tmp_path / "page.png"
    subprocess.run(
        [
            *common,
            f"--user-data-dir={tmp_path / 'shot'}",
            f"--screenshot={shot}",
            "--window-size=1000,4000",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    # The frame is drawn (the page's policy lets a srcdoc frame and its styles through):
    # the body's red block is on the screenshot.
    assert _red_pixels(shot.read_bytes()) > 10_000


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is installed by .ci/run (Debian)")
def test_a_browser_draws_the_changed_words_highlighted(
    project: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    assert run_cli("apply", "--auto-approve", "--allow-destructive").code == 0
    path = Path("sequences/webinar-followup.yaml")
    path.write_text(path.read_text().replace("Call script", "Call"))  # words removed
    body = Path("sequences/emails/webinar-followup/thanks.html")
    body.write_text(body.read_text().replace("reviews.", "reviews and hygiene."))  # added
    assert run_cli("preview", "--changed", "--out", "changed").code == 0
    page = (project / "changed" / "webinar-followup.html").resolve()
    shot = tmp_path / "changed.png"
    subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={shot}",
            "--window-size=1000,2400",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    png = shot.read_bytes()
    # The marks' backgrounds (CHANGES_STYLE): words were removed only on the page (the
    # subject) and added only inside the email's sandboxed frame (the body), so each
    # colour shows that its place draws its marks.
    assert _pixels(png, (255, 215, 215)) > 300, "no <del> highlight on the page"
    assert _pixels(png, (216, 243, 220)) > 300, "no <ins> highlight in the email's frame"


def _red_pixels(png: bytes) -> int:
    """Pure red pixels in a PNG (8-bit RGB or RGBA, not interlaced, as Chromium writes)."""
    return _pixels(png, (255, 0, 0), tolerance=15)


def _pixels(png: bytes, rgb: tuple[int, int, int], tolerance: int = 3) -> int:
    """Pixels of ``rgb`` (give or take ``tolerance``) in a PNG (8-bit RGB or RGBA, not
    interlaced, as Chromium writes)."""
    chunks, at = {}, 8
    data = b""
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind = png[at + 4 : at + 8]
        body = png[at + 8 : at + 8 + length]
        if kind == b"IDAT":
            data += body
        else:
            chunks[kind] = body
        at += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, colour) in ((8, 2), (8, 6)), (depth, colour)
    size = 3 if colour == 2 else 4
    raw = zlib.decompress(data)
    stride = width * size
    previous = bytearray(stride)
    found = 0
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride):
            left = line[x - size] if x >= size else 0
            up = previous[x]
            corner = previous[x - size] if x >= size else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                near = min(
                    (abs(guess - left), 0, left),
                    (abs(guess - up), 1, up),
                    (abs(guess - corner), 2, corner),
                )
                line[x] = (line[x] + near[2]) & 0xFF
        found += sum(
            1
            for x in range(0, stride, size)
            if all(abs(line[x + i] - rgb[i]) <= tolerance for i in range(3))
        )
        previous = line
    return found


def test_every_sequence_has_a_page_of_its_own(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("seqsync.yaml").write_text(
        "connections:\n  sa: {provider: saleshandy, sandbox: true, sandbox_account: a}\n"
        "  sb: {provider: saleshandy, sandbox: true, sandbox_account: b}\n"
    )
    step = "steps:\n  - {channel: email, day: 1, variants: [{subject: 'Hi {{firstName}}', content: '<p>%s</p>'}]}\n"
    Path("index.yaml").write_text("name: index\nconnection: sa\n" + step % "the index sequence")
    Path("adv.yaml").write_text("name: adv\nfor_each: [sa, sb]\n" + step % "a for_each copy")
    Path("plain.yaml").write_text("name: adv_sa_\nconnection: sa\n" + step % "plain adv_sa_")
    result = run_cli("preview", "--out", "preview")
    assert result.code == 0, result.err
    pages = {path.name: path.read_text() for path in Path("preview").glob("*.html")}
    assert len(pages) == 5, sorted(pages)  # four sequences and the index
    assert "plain adv_sa_" in html.unescape(pages["adv_sa_.html"])
    index = pages["index.html"]
    assert "<h1>seqsync preview</h1>" in index
    for name, words in (
        ("index", "the index sequence"),
        ("adv[sa]", "a for_each copy"),
        ("adv[sb]", "a for_each copy"),
        ("adv_sa_", "plain adv_sa_"),
    ):
        file = page_name(name)
        assert f'href="{file}"' in index
        assert words in html.unescape(pages[file]), name


def test_page_names_are_distinct_plain_when_they_can_be_and_never_the_index() -> None:
    names = ["index", "Index", "adv[sa]", "adv_sa_", "adv(sa)", "a.b", "a_b", "x" * 300, "ok-1"]
    files = [page_name(name) for name in names]
    assert len(set(files)) == len(names)
    assert len({file.lower() for file in files}) == len(names), "distinct on case-blind disks"
    assert INDEX not in files
    assert page_name("ok-1") == "ok-1.html"
    assert page_name("adv_sa_") == "adv_sa_.html"
    assert all(len(file) < 120 for file in files)
