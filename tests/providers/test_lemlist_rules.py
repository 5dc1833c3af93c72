"""lemlist without the sandbox: the offline rules a file can break, what the planner
refuses (a running campaign's deletes and A/B starts, pins out of live order, a second
A/B test), the error bodies, and how a lost create is recognised."""

from __future__ import annotations

from typing import Any

import httpx

from seqsync.errors import AuthError, NotFound, Rejected
from seqsync.plan.common import Target
from seqsync.plan.model import Level, Verb
from seqsync.providers.lemlist.client import LemlistClient
from seqsync.providers.lemlist.errors import map_lemlist_error
from seqsync.providers.lemlist.live import LiveLemlistSequence, LiveLemlistStep, LiveVariantB
from seqsync.providers.lemlist.model import LemlistSequence, lemlist_problems
from seqsync.providers.lemlist.planner import plan_lemlist
from seqsync.providers.lemlist.provider import LemlistProvider


def _document(steps: list[dict[str, Any]], **head: Any) -> LemlistSequence:
    return LemlistSequence.model_validate(
        {"name": "outbound", "connection": "main", "title": "Outbound", **head, "steps": steps}
    )


def _problems(steps: list[dict[str, Any]]) -> list[tuple[Any, str]]:
    return [(p.loc, p.message) for p in lemlist_problems(_document(steps))]


def test_each_type_takes_its_own_fields_and_needs_the_required_ones() -> None:
    found = _problems(
        [
            {"type": "email", "delay": 0, "message": "<p>Hi</p>"},
            {"type": "sms", "delay": 1},
            {"type": "linkedinVisit", "delay": 1, "message": "hello"},
            {"type": "api", "delay": 1, "url": "ftp://example.com"},
            {
                "type": "manual",
                "delay": 1,
                "title": "Call",
                "variant_b": {"subject": "s", "message": "m"},
            },
        ]
    )
    assert (("steps", 0), "a email step needs subject") in found
    assert (("steps", 1), "a sms step needs message") in found
    assert any(loc == ("steps", 2, "message") for loc, _ in found)
    assert (("steps", 3, "url"), "url must start with http:// or https://") in found
    assert any(loc == ("steps", 4, "variant_b") for loc, _ in found)


def test_media_are_https_files_of_their_kind_and_six_at_most() -> None:
    images = [f"https://cdn.example/{i}.png" for i in range(5)]
    found = _problems(
        [
            {
                "type": "linkedinSend",
                "delay": 0,
                "message": "Hi",
                "images": [*images, "http://cdn.example/x.png"],
                "videos": ["https://cdn.example/clip.avi"],
            }
        ]
    )
    messages = [message for _, message in found]
    assert any("at most 6 together" in m for m in messages)
    assert any("public https" in m for m in messages)
    assert any("videos as .mp4, .mov" in m for m in messages)


def _live(status: str, *steps: LiveLemlistStep) -> LiveLemlistSequence:
    return LiveLemlistSequence("cam_1", "Outbound", "seq_1", status, tuple(steps))


EMAIL = LiveLemlistStep(
    "stp_a",
    "email",
    0,
    {"subject": "Hi", "message": "<p>Hi</p>"},
    LiveVariantB("Hey", "<p>Hey</p>"),
)
SMS = LiveLemlistStep("stp_b", "sms", 1, {"message": "Ping"})


def _plan(document: LemlistSequence, live: LiveLemlistSequence) -> Any:
    target = Target.for_document(document, "lemlist", sequence_id=live.id)
    return plan_lemlist(target, live)


def test_a_running_campaign_refuses_deletes_and_ab_changes_with_what_to_do() -> None:
    email = {"type": "email", "delay": 0, "subject": "Hi", "message": "<p>Hi</p>"}
    plan = _plan(_document([email]), _live("running", EMAIL, SMS))
    assert plan.operations == ()
    assert any("pause the campaign" in error for error in plan.errors)
    paused = _plan(_document([email]), _live("paused", EMAIL, SMS))
    kinds = sorted(op.kind for op in paused.operations)
    assert kinds == ["delete_step", "delete_variant"]
    assert all(op.destructive for op in paused.operations)


def test_a_type_change_deletes_and_creates_at_the_same_place() -> None:
    steps = [
        {
            "type": "email",
            "delay": 0,
            "subject": "Hi",
            "message": "<p>Hi</p>",
            "variant_b": {"subject": "Hey", "message": "<p>Hey</p>"},
        },
        {"type": "whatsappMessage", "delay": 1, "message": "Ping", "id": "stp_b"},
    ]
    plan = _plan(_document(steps), _live("draft", EMAIL, SMS))
    assert [(op.verb, op.target) for op in plan.operations] == [
        (Verb.DELETE, Level.STEP),
        (Verb.CREATE, Level.STEP),
    ]
    create = plan.operations[1]
    assert "index" not in create.request.body  # appended: it goes last


def test_pins_out_of_live_order_are_an_error() -> None:
    steps = [
        {"id": "stp_b", "type": "sms", "delay": 1, "message": "Ping"},
        {"id": "stp_a", "type": "email", "delay": 0, "subject": "Hi", "message": "<p>Hi</p>"},
    ]
    plan = _plan(_document(steps), _live("draft", EMAIL, SMS))
    assert any("cannot move a step" in error for error in plan.errors)


def test_a_mid_sequence_insert_counts_its_index_from_one() -> None:
    steps = [
        {
            "type": "email",
            "delay": 0,
            "subject": "Hi",
            "message": "<p>Hi</p>",
            "variant_b": {"subject": "Hey", "message": "<p>Hey</p>"},
        },
        {"type": "phone", "delay": 1, "message": "Call"},
        {"type": "sms", "delay": 1, "message": "Ping"},
    ]
    plan = _plan(_document(steps), _live("draft", EMAIL, SMS))
    (create,) = plan.operations
    assert create.request.body == {"type": "phone", "delay": 1, "message": "Call", "index": 2}


def _response(status: int, text: str) -> httpx.Response:
    return httpx.Response(status, text=text, request=httpx.Request("GET", "https://x/api"))


def test_plain_text_errors_are_typed_by_status_and_quoted() -> None:
    missing = map_lemlist_error(_response(404, "Campaign not found"), "reading", "main")
    assert isinstance(missing, NotFound)
    assert "Campaign not found" in str(missing)
    no_key = map_lemlist_error(_response(400, "No API key provided"), "listing", "main")
    assert isinstance(no_key, AuthError)
    running = map_lemlist_error(
        _response(400, '"You cannot delete this step because the campaign is running"'),
        "deleting",
        "main",
    )
    assert isinstance(running, Rejected)
    assert "campaign is running" in str(running)


def test_a_lost_step_create_is_found_by_type_delay_and_fields() -> None:
    provider = LemlistProvider("main", LemlistClient.__new__(LemlistClient))
    document = _document(
        [
            {"type": "email", "delay": 0, "subject": "Hi", "message": "<p>Hi</p>"},
            {"type": "sms", "delay": 1, "message": "Ping"},
        ]
    )
    plan = _plan(document, _live("draft", EMAIL))
    (create,) = [op for op in plan.operations if op.does(Verb.CREATE, Level.STEP)]
    after = _live("draft", EMAIL, SMS)
    assert provider.created_by(create, after, {"stp_a"}) == "stp_b"
    assert provider.created_by(create, after, {"stp_a", "stp_b"}) is None


def test_an_email_body_is_inline_or_in_a_file_and_only_on_email() -> None:
    found = _problems(
        [
            {
                "type": "email",
                "delay": 0,
                "subject": "Hi",
                "message": "<p>Hi</p>",
                "message_file": "emails/1.html",
                "variant_b": {"subject": "Hey"},
            },
            {"type": "phone", "delay": 1, "message_file": "emails/2.html"},
        ]
    )
    assert (
        ("steps", 0, "message_file"),
        "give the body as message or message_file, not both",
    ) in found
    assert any(loc == ("steps", 0, "variant_b") and "one of them" in m for loc, m in found)
    assert any(loc == ("steps", 1, "message_file") for loc, _ in found)


def test_a_body_in_a_file_is_compared_with_the_live_one() -> None:
    step = {"type": "email", "delay": 0, "subject": "Hi", "message_file": "emails/1.html"}
    document = _document([step])
    live = _live(
        "draft", LiveLemlistStep("stp_a", "email", 0, {"subject": "Hi", "message": "<p>Hi</p>"})
    )
    same = Target.for_document(document, "lemlist", files={"emails/1.html": "<p>Hi</p>\n"})
    assert plan_lemlist(same, live).operations == ()
    other = Target.for_document(document, "lemlist", files={"emails/1.html": "<p>Bye</p>"})
    (patch,) = plan_lemlist(other, live).operations
    assert patch.request.body == {"type": "email", "message": "<p>Bye</p>"}


def test_a_condition_is_imported_as_kept_and_left_as_it_is() -> None:
    from seqsync.providers.lemlist.importing import lemlist_document

    condition = LiveLemlistStep("stp_c", "conditional", 1, {})
    live = _live("draft", EMAIL, condition, SMS)
    head = {"name": "outbound", "connection": "main", "id": "cam_1", "title": "Outbound"}
    imported = lemlist_document(head, live)
    assert imported.data["steps"][1] == {"id": "stp_c", "keep": True}
    assert imported.files["emails/outbound/1.html"] == "<p>Hi</p>"
    assert imported.files["emails/outbound/1-b.html"] == "<p>Hey</p>"
    document = LemlistSequence.model_validate(imported.data)
    target = Target.for_document(document, "lemlist", files=imported.files)
    plan = plan_lemlist(target, live)
    assert plan.errors == ()
    assert plan.operations == ()
