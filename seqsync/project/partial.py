"""Validation in one round: the rules of a document run on whatever of it parsed.

A document whose shape is wrong in one step (a day written as a word) is still checked
by its provider's rules in every other step, so the two emails on one day are reported
with the typo, not after it is fixed. Pinned ids are checked too: two steps (or two
variants) pinned to one live id are an error at each place it is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from seqsync.config.pydantic_errors import problems_from_validation_error
from seqsync.model.common import SequenceBase
from seqsync.model.problems import Problem
from seqsync.providers.base import Kind

Loc = tuple[str | int, ...]

_ROUNDS = 4  # a key removed may reveal one more below it; a few rounds settle it
_STEP_REF = re.compile(r"\bsteps\[(\d+)\]")


def parsed_part(
    model: type[BaseModel], data: Any, problems: Sequence[Problem]
) -> tuple[SequenceBase, dict[int, int], frozenset[str]] | None:
    """The document without the steps and optional keys its schema ``problems`` are in,
    validated: (model, kept step index → index in the file, top-level keys removed);
    None when nothing useful is left (a required key is what is wrong)."""
    if not isinstance(data, dict) or not isinstance(data.get("steps"), list):
        return None
    data = dict(data)
    steps = list(enumerate(data["steps"]))
    dropped: set[str] = set()
    required = {name for name, field in model.model_fields.items() if field.is_required()}
    for _ in range(_ROUNDS):
        bad_steps: set[int] = set()
        for problem in problems:
            loc = problem.loc
            if len(loc) >= 2 and loc[0] == "steps" and isinstance(loc[1], int):
                bad_steps.add(loc[1])
            elif loc and isinstance(loc[0], str) and loc[0] not in required and loc[0] in data:
                dropped.add(loc[0])
                del data[loc[0]]
            else:
                return None
        steps = [pair for index, pair in enumerate(steps) if index not in bad_steps]
        data["steps"] = [step for _, step in steps]
        try:
            found = model.model_validate(data)
        except ValidationError as exc:
            problems = problems_from_validation_error(exc, model)
            continue
        if not isinstance(found, SequenceBase):
            return None
        return found, {kept: at for kept, (at, _) in enumerate(steps)}, frozenset(dropped)
    return None


def rules_on_part(
    kind: Kind,
    part: tuple[SequenceBase, dict[int, int], frozenset[str]],
    settings: Any,
    data: Any,
) -> Iterator[Problem]:
    """The provider's rules, and :func:`duplicate_ids`, on the part that parsed, placed
    back where the file (``data``) has them. A rule about the document as a whole (how
    many steps it has) is not said of a part."""
    model, places, dropped = part
    for problem in kind.problems(model, settings):
        loc = problem.loc
        if len(loc) >= 2 and loc[0] == "steps" and isinstance(loc[1], int):
            at = places[loc[1]]
            message = _STEP_REF.sub(
                lambda m: f"steps[{places.get(int(m[1]), int(m[1]))}]", problem.message
            )
            yield Problem(("steps", at, *loc[2:]), message, problem.at_key)
        elif loc and loc[0] != "steps" and loc[0] not in dropped:
            yield problem
    yield from duplicate_ids(kind, model, data, places)


def duplicate_ids(
    kind: Kind, model: SequenceBase, data: Any, places: dict[int, int] | None = None
) -> Iterator[Problem]:
    """Each step or variant id written more than once in ``data`` (the document as
    written), at every place after the first: one live step cannot be two steps of the
    file. ``places``: the model's step index → the file's, when the model is a part."""

    def placed(loc: Loc) -> Loc:
        if places is None or len(loc) < 2 or not isinstance(loc[1], int):
            return loc
        return (loc[0], places[loc[1]], *loc[2:])

    if not _holds_id(data.get("steps") if isinstance(data, dict) else None):
        return  # the usual unpinned document: no id to repeat, no outline to build
    outline = kind.outline_of(model)
    steps = [placed(step.at) for step in outline.steps]
    variants = [placed(at) for step in outline.steps for at in step.ids.variants]
    yield from _repeated(steps, data, "step")
    yield from _repeated(variants, data, "variant")


def _holds_id(data: Any) -> bool:
    """Whether an ``id`` key is anywhere in ``data`` (a document's steps)."""
    if isinstance(data, dict):
        return "id" in data or any(_holds_id(value) for value in data.values())
    if isinstance(data, list):
        return any(_holds_id(value) for value in data)
    return False


def _repeated(places: Iterable[Loc], data: Any, what: str) -> Iterator[Problem]:
    first: dict[str, Loc] = {}
    for at in places:
        value = _at(data, (*at, "id"))
        if not isinstance(value, str | int) or isinstance(value, bool):
            continue
        key = str(value)
        if key in first:
            yield Problem(
                (*at, "id"),
                f"id {key!r} is already the id of {_path(first[key])}: one live {what} "
                f"cannot be two {what}s of the file; remove or correct one of them",
            )
        else:
            first[key] = at


def _at(data: Any, loc: Loc) -> Any:
    for key in loc:
        if isinstance(data, list):
            data = data[key] if isinstance(key, int) and 0 <= key < len(data) else None
        elif isinstance(data, dict):
            data = data.get(key)
        else:
            return None
    return data


def _path(loc: Loc) -> str:
    return "".join(f"[{key}]" if isinstance(key, int) else f".{key}" for key in loc).lstrip(".")
