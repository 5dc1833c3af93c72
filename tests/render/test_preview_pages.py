"""The preview's pages read as a manager reads them: preheaders under subjects, a like as a
like, an index of cards that says what each sequence is, and a before/after page whose
rows line up by day with the changed words marked. Pages are parsed, not matched."""

from __future__ import annotations

import re

from seqsync.plan.preview import PreviewStep
from seqsync.render import preview
from seqsync.render.preheader import hidden_preheader
from seqsync.render.preview_changes import aligned
from seqsync.render.preview_html import STYLE
from seqsync.render.preview_index import Entry, index, summary
from seqsync.render.word_diff import marked
from tests.html_tree import Element, parse

SAMPLES = {"firstName": "Alex"}
HIDDEN = (
    '<div style="display:none;max-height:0;overflow:hidden">Two minutes, {{firstName}}'
    "&nbsp;&zwnj;&nbsp;&zwnj;</div>\n<p>Hi {{firstName}},</p><p>One idea.</p>"
)


def _cards(markup: str) -> list[Element]:
    return parse(markup).all("div", "card")


def _srcdoc(card: Element) -> Element:
    return parse(str(card.one("iframe").attrs["srcdoc"]))


def test_a_preheader_field_sits_under_the_subject() -> None:
    step = PreviewStep(
        1, "email", subject="Hi {{firstName}}", body="<p>Body</p>", html_body=True,
        preheader="Quick question for {{firstName}}",
    )  # fmt: skip
    (card,) = _cards(preview.page("t", [step], SAMPLES)[0])
    names = [kid.classes & {"channel", "subject", "preheader"} for kid in card.kids()]
    assert names[:3] == [{"channel"}, {"subject"}, {"preheader"}]
    assert card.one(cls="preheader").text() == "Quick question for Alex"
    assert "    preheader: Quick question for Alex" in preview.text("t", [step], SAMPLES)


def test_a_hidden_element_opening_the_body_is_the_preheader() -> None:
    step = PreviewStep(1, "email", subject="Hi", body=HIDDEN, html_body=True)
    (card,) = _cards(preview.page("t", [step], SAMPLES)[0])
    assert card.one(cls="preheader").text() == "Two minutes, Alex"
    assert "Hi Alex," in _srcdoc(card).text(), "the body itself is shown as it is"


def test_hidden_preheaders_are_found_only_before_visible_text() -> None:
    assert hidden_preheader(HIDDEN) == "Two minutes, {{firstName}}"
    wrapped = "<html><head><style>p{}</style></head><body><table><tr><td>" + HIDDEN
    assert hidden_preheader(wrapped) == "Two minutes, {{firstName}}"
    assert hidden_preheader('<span hidden="">Inbox <b>text</b></span><p>x</p>') == "Inbox text"
    assert hidden_preheader("<p>Hi there</p>" + HIDDEN) is None, "visible text came first"
    assert hidden_preheader('<div style="display:block">Hi</div>') is None
    assert hidden_preheader('<div style="opacity:0.5">Hi</div>') is None
    assert hidden_preheader("") is None
    step = PreviewStep(1, "email", subject="Hi", body="<p>Hi</p>", html_body=True)
    (card,) = _cards(preview.page("t", [step], SAMPLES)[0])
    assert card.all(cls="preheader") == []


def test_a_preheader_is_text_whatever_it_holds() -> None:
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    field = PreviewStep(1, "email", subject="S", body="<p>B</p>", html_body=True, preheader=hostile)
    hidden = PreviewStep(
        1, "email", subject="S", html_body=True,
        body='<div style="display:none">&lt;script&gt;alert(1)&lt;/script&gt;</div><p>B</p>',
    )  # fmt: skip
    for step, shown in ((field, hostile), (hidden, "<script>alert(1)</script>")):
        (card,) = _cards(preview.page("t", [step], {})[0])
        assert card.one(cls="preheader").text() == shown
        assert card.one(cls="preheader").kids() == [], "no element came from the preheader"


def test_a_liked_tweet_is_a_like_not_an_empty_message() -> None:
    steps = [PreviewStep(1, "x_dm", body="Hey {{firstName}}"), PreviewStep(2, "like_tweet")]
    dm, like = _cards(preview.page("t", steps, SAMPLES)[0])
    assert dm.one(cls="channel").text() == "X DM"
    assert dm.one("p", "email").text() == "Hey Alex"
    assert like.one(cls="channel").text() == "Like a tweet"
    assert like.one(cls="action").text().startswith("Likes their latest tweet")
    assert like.all("p") == []
    assert like.all("iframe") == []
    lines = preview.text("t", steps, SAMPLES)
    assert lines[-2:] == [
        "  day 2: Like a tweet",
        "    Likes their latest tweet (no message is sent)",
    ]


def test_a_touch_with_words_shows_no_action_line() -> None:
    (card,) = _cards(preview.page("t", [PreviewStep(1, "linkedinVisit", note="Say hi")], {})[0])
    assert card.all(cls="action") == []
    (bare,) = _cards(preview.page("t", [PreviewStep(1, "linkedinVisit")], {})[0])
    assert bare.one(cls="action").text() == "Views their LinkedIn profile"


def _entry(name: str, steps: list[PreviewStep]) -> Entry:
    return Entry(name, f"{name} title", f"{name}.html", "saleshandy", "demo", steps)


FOUNDERS = [
    PreviewStep(1, "email", label="variant A", subject="A", variant=0),
    PreviewStep(1, "email", label="variant B", subject="B", variant=1),
    PreviewStep(3, "linkedin_connection_request"),
    PreviewStep(5, "email", subject="C"),
    PreviewStep(8, "call_follow_up"),
]


def test_the_index_card_says_what_each_sequence_is() -> None:
    page = parse(index([_entry("founders", FOUNDERS), _entry("empty", [])]))
    founders, empty = page.one("div", "sequences").kids()
    link = founders.one("a")
    assert (link.attrs["href"], link.text()) == ("founders.html", "founders title")
    assert founders.one(cls="channel").text() == "saleshandy · demo"
    assert founders.one(cls="steps").text() == "4 steps", "variant B is the same step"
    assert founders.one(cls="length").text() == "8 days to the last touch"
    used = [item.text() for item in founders.one("ul", "channels").all("li")]
    assert used == ["Email ×2", "LinkedIn connection request ×1", "Phone call: follow-up ×1"]
    assert empty.one(cls="steps").text() == "0 steps"
    assert empty.one("ul", "channels").all("li") == []


def test_the_index_is_styled_like_the_sequence_pages() -> None:
    sequence_page = parse(preview.page("t", FOUNDERS, {})[0])
    index_page = parse(index([_entry("founders", FOUNDERS)]))
    assert index_page.one("style").text() == sequence_page.one("style").text()
    assert " ".join(STYLE.split()) == index_page.one("style").text()
    assert index_page.one("h1").text() == "seqsync preview"
    policy = [m for m in index_page.all("meta") if m.attrs.get("http-equiv")]
    assert "default-src 'none'" in str(policy[0].attrs["content"])


def test_the_summary_counts_steps_once_and_days_to_the_last_touch() -> None:
    found = summary(FOUNDERS)
    assert (found.steps, found.days) == (4, 8)
    assert dict(found.channels)["Email"] == 2
    assert summary([]).days == 0


BEFORE = [
    PreviewStep(1, "email", subject="Quick question, {{firstName}}", body="<p>Hi there.</p>",
                html_body=True),
    PreviewStep(3, "call_follow_up", note="Call about the email"),
    PreviewStep(5, "linkedin_message", body="Still keen to connect"),
]  # fmt: skip
AFTER = [
    PreviewStep(1, "email", subject="Quick question, {{firstName}} (2 min)",
                body="<p>Hi there.</p>", html_body=True),
    PreviewStep(3, "call_follow_up", note="Call about the email"),
    PreviewStep(3, "task", note="Send the deck"),
    PreviewStep(7, "email", subject="Closing the loop", body="<p>Bye.</p>", html_body=True),
]  # fmt: skip


def _rows(markup: str) -> list[tuple[str, list[Element]]]:
    """(day heading, the row's two cells) for each row of a before/after page."""
    rows, day = [], ""
    for kid in parse(markup).one("div", "columns").kids():
        if "day" in kid.classes:
            day = kid.text()
        elif "row" in kid.classes:
            rows.append((day, kid.kids()))
    return rows


def test_changed_rows_line_up_by_day() -> None:
    page, _ = preview.side_by_side("t", BEFORE, AFTER, SAMPLES)
    rows = _rows(page)
    assert [(day, [cell.classes for cell in cells]) for day, cells in rows] == [
        ("Day 1", [{"card", "changed"}, {"card", "changed"}]),
        ("Day 3", [{"card"}, {"card"}]),
        ("Day 3", [{"empty"}, {"card", "added"}]),
        ("Day 5", [{"card", "removed"}, {"empty"}]),
        ("Day 7", [{"empty"}, {"card", "added"}]),
    ]
    call_before, call_after = rows[1][1]
    assert call_before.one(cls="note").text() == call_after.one(cls="note").text()
    assert rows[2][1][1].one(cls="channel").text().startswith("Manual task")


def test_changed_words_are_marked_on_each_side() -> None:
    page, _ = preview.side_by_side("t", BEFORE, AFTER, SAMPLES)
    was, now = _rows(page)[0][1]
    assert was.one(cls="subject").text() == "Quick question, Alex"
    assert now.one(cls="subject").one("ins").text() == "(2 min)"
    assert now.one(cls="subject").text() == "Quick question, Alex (2 min)"
    assert was.one(cls="subject").all("ins") == []
    assert now.one(cls="subject").all("del") == []
    assert was.all("del") == [], "nothing was removed from the subject"
    assert _srcdoc(was).all("del") == [], "the body is the same"
    assert _srcdoc(now).all("ins") == [], "the body is the same"
    unchanged = _rows(page)[1][1]
    assert all(cell.all("ins") == [] and cell.all("del") == [] for cell in unchanged)


def test_a_changed_email_body_is_marked_inside_its_frame() -> None:
    old = PreviewStep(
        1, "email", subject="S", body="<p>Worth a <b>short</b> call?</p>", html_body=True
    )
    new = PreviewStep(1, "email", subject="S", body="<p>Worth a <b>quick</b> call, Alex?</p>",
                      html_body=True)  # fmt: skip
    page, _ = preview.side_by_side("t", [old], [new], {})
    ((_, (was, now)),) = _rows(page)
    assert [d.text() for d in _srcdoc(was).all("del")] == ["short"]
    assert [i.text() for i in _srcdoc(now).all("ins")] == ["quick", ", Alex"]
    assert _srcdoc(now).one("b").text() == "quick", "the body's own markup is kept"
    assert "ins {" in _srcdoc(now).one("style").text(), "the frame styles its highlights"


def test_aligning_pairs_touches_of_a_day_by_channel() -> None:
    rows = aligned(BEFORE, AFTER)
    assert [(r.day, r.before is not None, r.after is not None) for r in rows] == [
        (1, True, True),
        (3, True, True),
        (3, False, True),
        (5, True, False),
        (7, False, True),
    ]
    swapped = aligned([PreviewStep(2, "call")], [PreviewStep(2, "task")])
    assert [(r.before, r.after) for r in swapped] == [
        (PreviewStep(2, "call"), None),
        (None, PreviewStep(2, "task")),
    ], "a touch of another channel is not the same touch"
    a = PreviewStep(1, "email", label="variant A", subject="A")
    b = PreviewStep(1, "email", label="variant B", subject="B")
    one = PreviewStep(1, "email", subject="A")
    rows = aligned([a, b], [one])
    assert [(r.before, r.after) for r in rows] == [(a, one), (b, None)], "B dropped, A kept"
    assert [(r.before, r.after) for r in aligned([a, b], [b])] == [(a, None), (b, b)]


def test_word_marks_wrap_words_and_leave_tags_and_styles_alone() -> None:
    before = "<style>p { color: red }</style><p>One <a href='x'>two</a> three</p>"
    after = "<style>p { color: blue }</style><p>One <a href='y'>two</a> four</p>"
    was, now = marked(before, after)
    assert "<style>p { color: red }</style>" in was
    assert "<del>" not in was.split("</style>")[0]
    assert "<style>p { color: blue }</style>" in now
    assert re.findall(r"<del>(.*?)</del>", was) == ["three"]
    assert re.findall(r"<ins>(.*?)</ins>", now) == ["four"]
    assert "<a href='y'>two</a>" in now, (
        "a changed tag is kept, and its unchanged word is not marked"
    )
    assert marked("Closing the loop", "Closing the loop, Alex") == (
        "Closing the loop",
        "Closing the loop<ins>, Alex</ins>",
    ), "punctuation is a token of its own: the word before it is unchanged"
    assert marked("Tom &amp; Jerry", "Tom &amp; Jim") == (
        "Tom &amp; <del>Jerry</del>",
        "Tom &amp; <ins>Jim</ins>",
    ), "an entity is never split by a mark"
    assert marked("Same words", "Same words") == ("Same words", "Same words")
    assert marked("a  b", "a b") == ("a  b", "a b"), "spacing alone is not a change to mark"
