"""Every registered kind does what ARCHITECTURE.md's "Adding a provider" promises: an
emulator in the sandbox, an init starter, a round trip against the embedded sandbox that
plans to zero, pin that keeps its files valid, lint that reads its texts, preview and
timeline that work, and import that round-trips. A kind that misses one fails with what
to add, so a new provider's author is told, not left to find out from a user."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar, Literal

import pytest
from pydantic import Field, ValidationError
from ruamel.yaml import YAML

from seqsync.config.connections import ConnectionBase
from seqsync.errors import ProviderError
from seqsync.model.common import SequenceBase
from seqsync.model.imported import ImportedDocument
from seqsync.model.outline import Loc, Outline, Text
from seqsync.model.problems import Problem
from seqsync.plan.capabilities import Capabilities
from seqsync.plan.common import Target
from seqsync.plan.model import SequencePlan
from seqsync.providers.base import ClientMaker, Kind, Provider, ProviderKind
from seqsync.providers.http import ApiClient, ErrorMapper
from seqsync.providers.ratelimit import RateLimiter
from seqsync.providers.registry import KINDS
from seqsync.sandbox.registry import BY_NAME
from tests.conftest import RunCli

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CONNECTION = "conformance"
PLAIN_BODY = "<p>Hello there, a note from us.</p>"  # no merge tag: no-personalization
SPAM = "Act now"  # a spam phrase every kind's texts are linted for


def _yaml() -> YAML:
    yaml = YAML()  # round trip: a file edited here keeps its other bytes
    yaml.width = 4096
    return yaml


def _owner(kind: Kind) -> str:
    return f"{type(kind).__name__} (seqsync/providers/{kind.name}/kind.py)"


# --- what a kind declares, checked without the sandbox ---------------------------------


class _Built(Exception):
    """Raised by the recording client maker: the API name is all it needs."""


def api_of(kind: Kind) -> str | None:
    """The API name the kind's client is built under (what the sandbox must answer)."""
    seen: list[str] = []

    def record(
        api: str,
        headers: Mapping[str, str],
        map_error: ErrorMapper,
        limiter: RateLimiter | None = None,
    ) -> ApiClient:
        seen.append(api)
        raise _Built

    connection = kind.connection_model.model_validate(kind.starter()[0])
    with contextlib.suppress(_Built):
        kind.build(CONNECTION, connection, record, "conformance-key")
    return seen[0] if seen else None


def registry_problem(kind: Kind) -> str | None:
    if KINDS.get(kind.name) is kind:
        return None
    return (
        f"kind {kind.name!r} is not registered: add its name, connection model and "
        "instance to _PROVIDERS in seqsync/providers/registry.py"
    )


def emulator_problem(kind: Kind) -> str | None:
    try:
        api = api_of(kind)
    except ValidationError as exc:
        return starter_connection_message(kind, exc)
    if api is None:
        return (
            f"kind {kind.name!r} builds no API client: {_owner(kind)}.build() must make its "
            "client with the client maker it is given, which is how the sandbox plugs in"
        )
    if api in BY_NAME:
        return None
    return (
        f"kind {kind.name!r} has no emulator: its client is built for the API {api!r}, "
        f"which nothing in the sandbox answers: add seqsync/sandbox/{kind.name}/ (its "
        f"api.py declaring an EmulatedApi named {api!r}) and register it in "
        "seqsync/sandbox/registry.py"
    )


def starter_connection_message(kind: Kind, exc: ValidationError) -> str:
    return (
        f"kind {kind.name!r}'s init starter connection does not validate ({exc.errors()[0]}): "
        f"fix the connection {_owner(kind)}.starter() returns"
    )


def starter_problem(kind: Kind) -> str | None:
    connection, document = kind.starter()
    try:
        model = kind.connection_model.model_validate(connection)
    except ValidationError as exc:
        return starter_connection_message(kind, exc)
    if not model.sandbox:
        return (
            f"kind {kind.name!r}'s init starter connection does not use the sandbox: "
            f"{_owner(kind)}.starter() must return it with sandbox: true (`seqsync init` "
            "needs no account)"
        )
    if document is None and seeded_example(kind) is None:
        return (
            f"kind {kind.name!r} has no init starter: return a small sequence document from "
            f"{_owner(kind)}.starter(), or, where seqsync cannot create its sequences, seed "
            "one in seqsync/sandbox/seed.py and add its document to examples/sequences/"
        )
    if document is not None:
        try:
            kind.document_model.model_validate(_named(document))
        except ValidationError as exc:
            return (
                f"kind {kind.name!r}'s init starter document does not validate "
                f"({exc.errors()[0]}): fix the document {_owner(kind)}.starter() returns"
            )
    return None


def outline_problem(kind: Kind) -> str | None:
    """The outline points where the document writes things: each step at a step, each
    text at its words (or its file's name)."""
    data = sample_document(kind)
    if data is None:
        return None  # the starter check says what to add
    outline = kind.outline(kind.document_model.model_validate(data))
    steps = data.get("steps") or []
    if len(outline.steps) != len(steps):
        return (
            f"kind {kind.name!r}'s outline has {len(outline.steps)} step(s) for a document with "
            f"{len(steps)}: {_owner(kind)}.outline() must give every step of the file, in order"
        )
    for text in outline.all_texts:
        written = _at(data, text.at)
        if written not in (text.inline, text.file) or written is None:
            return (
                f"kind {kind.name!r}'s outline puts a {text.role} at {text.at}, where the "
                f"document writes {written!r}: fix {_owner(kind)}.outline()"
            )
    if kind.emails and not any(_email_bodies(outline)):
        return (
            f"kind {kind.name!r} sends email (emails = True) but its sample document's outline "
            f"has no email body: mark email steps (email=True) and their bodies (role 'body') "
            f"in {_owner(kind)}.outline(), or set emails = False"
        )
    return None


def sample_document(kind: Kind) -> dict[str, Any] | None:
    """The starter document, or the seeded example's, as plain data."""
    document = kind.starter()[1]
    if document is not None:
        return _named(document)
    example = seeded_example(kind)
    if example is None:
        return None
    data: dict[str, Any] = YAML(typ="safe").load(example.read_text(encoding="utf-8"))
    return data


def seeded_example(kind: Kind) -> Path | None:
    """A document in examples/ of this kind that names its live sequence by id: the
    sandbox seeds the sequences examples/ refers to."""
    config = YAML(typ="safe").load((EXAMPLES / "seqsync.yaml").read_text(encoding="utf-8"))
    ours = {
        name
        for name, entry in (config.get("connections") or {}).items()
        if isinstance(entry, dict) and entry.get("provider") == kind.name
    }
    for path in sorted((EXAMPLES / "sequences").glob("*.yaml")):
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("connection") in ours and data.get("id"):
            return path
    return None


def _named(document: Mapping[str, Any]) -> dict[str, Any]:
    return {"name": "starter", "connection": CONNECTION, **document}


def _at(data: Any, loc: Loc) -> Any:
    for part in loc:
        if isinstance(data, dict):
            found = part in data
        else:
            found = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if not found:
            return None
        data = data[part]
    return data


def _email_bodies(outline: Outline) -> Iterator[Text]:
    for step in outline.steps:
        if step.email:
            yield from step.texts_in("body")


STATIC_CHECKS: dict[str, Callable[[Kind], str | None]] = {
    "registered": registry_problem,
    "emulator": emulator_problem,
    "starter": starter_problem,
    "outline": outline_problem,
}


@pytest.mark.parametrize("check", STATIC_CHECKS, ids=str)
@pytest.mark.parametrize("name", sorted(KINDS), ids=str)
def test_each_kind_declares_what_a_provider_needs(name: str, check: str) -> None:
    problem = STATIC_CHECKS[check](KINDS[name])
    assert problem is None, problem


# --- against the embedded sandbox ------------------------------------------------------


class Journey:
    """One kind's project in a temporary folder, driven through the CLI as a user would;
    each step returns what is wrong (with what to do), or None."""

    def __init__(self, kind: Kind, root: Path, run_cli: RunCli) -> None:
        self.kind, self.root, self.run = kind, root, run_cli
        self.sequences = root / "sequences"
        self.sequences.mkdir()
        connection = kind.starter()[0]
        _write_block(root / "seqsync.yaml", {"connections": {CONNECTION: connection}})

    def fails(self, what: str, *args: str, expect: int = 0) -> str | None:
        result = self.run(*args)
        if result.code == expect:
            return None
        shown = (result.err + result.out).strip()[-1500:]
        return f"kind {self.kind.name!r}: {what} (`seqsync {' '.join(args)}` exited {result.code}):\n{shown}"

    def plans_to_zero(self, after: str) -> str | None:
        return self.fails(
            f"{after}, the plan is not zero changes: the planner, the lowering and the "
            f"emulator (seqsync/sandbox/) disagree about what {self.kind.name} keeps",
            "plan",
            "--detailed-exitcode",
        )

    def live_sequence(self) -> str | None:
        """Create the starter (or import the seeded sequence) and plan it to zero."""
        document = self.kind.starter()[1]
        if document is None:
            example = seeded_example(self.kind)
            assert example is not None, "the starter check says what to add"
            live_id = str(YAML(typ="safe").load(example.read_text(encoding="utf-8"))["id"])
            return self.imports(live_id) or self.plans_to_zero("after importing the seeded one")
        _write_block(self.sequences / "starter.yaml", _named(document))
        return self.fails(
            "applying the init starter to the sandbox failed: the emulator must accept "
            "what the kind plans for it",
            "apply",
            "--auto-approve",
        ) or self.plans_to_zero("after applying the starter")

    def imports(self, live_id: str) -> str | None:
        return self.fails(
            f"importing sequence {live_id} failed: {_owner(self.kind)}.document() must write "
            "a file that validates and plans to zero",
            "import",
            "--connection",
            CONNECTION,
            "--id",
            live_id,
            "--dir",
            "sequences",
            "--force",
        )

    def documents(self) -> list[Path]:
        return sorted(self.sequences.glob("*.yaml"))

    def pins(self) -> str | None:
        """Take out every id pin can write, pin, and the files stay valid and at zero."""
        yaml = _yaml()
        for path in self.documents():
            tree = yaml.load(path.read_text(encoding="utf-8"))
            outline = self.kind.outline(self.kind.document_model.model_validate(_plain(tree)))
            for step in outline.steps:
                for slot in (step.ids.step, *step.ids.variants):
                    holder = _at(tree, slot) if slot is not None else None
                    if isinstance(holder, dict):
                        holder.pop("id", None)
            with path.open("w", encoding="utf-8") as out:
                yaml.dump(tree, out)
        return (
            self.fails("pin failed", "pin")
            or self.fails(
                f"pin left a file that does not validate: the id slots of "
                f"{_owner(self.kind)}.outline() must be mappings that take `id:`",
                "validate",
            )
            or self.plans_to_zero("after pinning")
        )

    def import_round_trip(self) -> str | None:
        """Import what is live into an empty folder; it plans to zero."""
        ids = []
        for path in self.documents():
            data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
            if not data.get("id"):
                return (
                    f"kind {self.kind.name!r}: {path.name} has no sequence id after pin: "
                    "pin writes the sequence's id where the document has none"
                )
            ids.append(str(data["id"]))
        for path in self.sequences.rglob("*"):
            if path.is_file():
                path.unlink()
        for live_id in ids:
            problem = self.imports(live_id)
            if problem:
                return problem
        return self.plans_to_zero("after import")

    def previews(self) -> str | None:
        problem = self.fails(
            f"preview failed: {_owner(self.kind)}.preview() (or the default from its outline)",
            "preview",
            "--out",
            "preview",
        ) or self.fails(
            f"preview of what is live failed: {_owner(self.kind)}.preview_live() and .timeline()",
            "preview",
            "--changed",
            "--out",
            "preview-changed",
        )
        if problem is None and not (self.root / "preview" / "index.html").is_file():
            problem = f"kind {self.kind.name!r}: preview wrote no index.html"
        return problem or self.fails(
            f"the plan as JSON failed: {_owner(self.kind)}.timeline()",
            "plan",
            "--format",
            "json",
        )

    def lints(self) -> str | None:
        """Rewrite texts the outline names; lint reports on them where they are."""
        expected = {"spam-phrase"} | ({"no-personalization"} if self.kind.emails else set())
        yaml = _yaml()
        for path in self.documents():
            tree = yaml.load(path.read_text(encoding="utf-8"))
            outline = self.kind.outline(self.kind.document_model.model_validate(_plain(tree)))
            bodies = list(_email_bodies(outline))
            others = [text for text in outline.all_texts if text.inline is not None]
            if bodies:
                self._rewrite(path, tree, bodies[0], lambda _: PLAIN_BODY)
            # A step's words first: the sequence title is linted too, but is not a step's.
            said = sorted(
                (text for text in others if text not in bodies[:1]),
                key=lambda text: text.role == "title",
            )
            if said:
                self._rewrite(path, tree, said[0], lambda words: f"{words} {SPAM}.")
            with path.open("w", encoding="utf-8") as out:
                yaml.dump(tree, out)
        result = self.run("lint", "--format", "json")
        found = {finding["rule"] for finding in json.loads(result.out or "[]")}
        if expected <= found:
            return None
        missing = ", ".join(sorted(expected - found))
        return (
            f"kind {self.kind.name!r}: lint did not report {missing} on texts written to "
            f"break it: {_owner(self.kind)}.outline() must name the step's texts with their "
            "roles (an email step's body as role 'body', email=True), or the kind must set "
            "emails = False when it sends none"
        )

    def _rewrite(self, path: Path, tree: Any, text: Text, words: Callable[[str], str]) -> None:
        if text.inline is not None:
            holder = _at(tree, text.holder)
            holder[text.at[-1]] = words(text.inline)
        elif text.file is not None:
            content = path.parent / text.file
            content.write_text(words(content.read_text(encoding="utf-8")), encoding="utf-8")


def _write_block(path: Path, data: Any) -> None:
    """Block style, as people write sequence files (and as import writes them)."""
    yaml = YAML(typ="safe")
    yaml.default_flow_style = False
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)


def _plain(tree: Any) -> Any:
    """Round-trip YAML as plain data (a model validates dicts, lists and scalars)."""
    if isinstance(tree, dict):
        return {str(key): _plain(value) for key, value in tree.items()}
    if isinstance(tree, list):
        return [_plain(value) for value in tree]
    if isinstance(tree, str):
        return str(tree)
    return tree


@pytest.mark.parametrize("name", sorted(KINDS), ids=str)
def test_each_kind_round_trips_through_the_sandbox(
    name: str, tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    kind = KINDS[name]
    monkeypatch.delenv("SEQSYNC_SANDBOX_FAULTS", raising=False)
    monkeypatch.delenv("SEQSYNC_SANDBOX_WORLD", raising=False)
    monkeypatch.chdir(tmp_path)
    declared = [problem for check in STATIC_CHECKS.values() if (problem := check(kind))]
    assert not declared, "\n".join(declared)
    journey = Journey(kind, tmp_path, run_cli)
    for stage in (
        journey.live_sequence,
        journey.pins,
        journey.import_round_trip,
        journey.previews,
        journey.lints,
    ):
        problem = stage()
        assert problem is None, problem


# --- the messages a new kind's author sees ---------------------------------------------


class _IncompleteConnection(ConnectionBase):
    provider: Literal["incomplete"]


class _IncompleteSequence(SequenceBase):
    steps: list[dict[str, Any]] = Field(default_factory=list)


class IncompleteKind(ProviderKind[_IncompleteSequence, Any, _IncompleteConnection]):
    """A provider written up to its kind and no further: no emulator, no starter, not
    registered (it exists in this test only)."""

    name: ClassVar[str] = "incomplete"
    connection_model = _IncompleteConnection
    document_model = _IncompleteSequence
    live_model = object

    def document_problems(
        self, document: _IncompleteSequence, connection: _IncompleteConnection | None
    ) -> list[Problem]:
        return []

    def starter(self) -> tuple[dict[str, Any], dict[str, Any] | None]:
        return {"provider": "incomplete", "sandbox": True}, None

    def capabilities(self, connection: _IncompleteConnection | None) -> Capabilities:
        raise NotImplementedError

    def build(
        self, name: str, connection: _IncompleteConnection, client: ClientMaker, key: str
    ) -> Provider:
        client("incomplete", {}, lambda response, context: ProviderError(context))
        raise NotImplementedError

    def plan_live(self, target: Target[_IncompleteSequence], live: Any) -> SequencePlan:
        raise NotImplementedError

    def document(self, head: dict[str, Any], live: Any) -> ImportedDocument:
        raise NotImplementedError

    def outline(self, document: _IncompleteSequence) -> Outline:
        return Outline((), ())


def test_a_kind_that_misses_something_is_told_what_to_add() -> None:
    kind = IncompleteKind()
    assert registry_problem(kind) == (
        "kind 'incomplete' is not registered: add its name, connection model and "
        "instance to _PROVIDERS in seqsync/providers/registry.py"
    )
    assert emulator_problem(kind) == (
        "kind 'incomplete' has no emulator: its client is built for the API 'incomplete', "
        "which nothing in the sandbox answers: add seqsync/sandbox/incomplete/ (its api.py "
        "declaring an EmulatedApi named 'incomplete') and register it in "
        "seqsync/sandbox/registry.py"
    )
    assert starter_problem(kind) == (
        "kind 'incomplete' has no init starter: return a small sequence document from "
        "IncompleteKind (seqsync/providers/incomplete/kind.py).starter(), or, where seqsync "
        "cannot create its sequences, seed one in seqsync/sandbox/seed.py and add its "
        "document to examples/sequences/"
    )


def test_an_outline_that_misses_steps_or_email_bodies_is_told_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    kind = IncompleteKind()
    document = {"steps": [{"body": "<p>Hi</p>"}]}
    monkeypatch.setattr(kind, "starter", lambda: ({"provider": "incomplete"}, document))
    assert outline_problem(kind) == (
        "kind 'incomplete''s outline has 0 step(s) for a document with 1: "
        "IncompleteKind (seqsync/providers/incomplete/kind.py).outline() must give every "
        "step of the file, in order"
    )
    document["steps"] = []
    assert outline_problem(kind) == (
        "kind 'incomplete' sends email (emails = True) but its sample document's outline has "
        "no email body: mark email steps (email=True) and their bodies (role 'body') in "
        "IncompleteKind (seqsync/providers/incomplete/kind.py).outline(), or set "
        "emails = False"
    )
