"""Turn pydantic's validation errors into Problems a person can act on.

Each error's ``loc`` is walked through the model's annotations, so tagged-union tags are
dropped from the location and an unknown key can be compared with the keys the model at
that place really has ("did you mean ...?").
"""

from __future__ import annotations

import difflib
import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, Tag, ValidationError

from seqsync.model.problems import Problem

Loc = tuple[str | int, ...]


def problems_from_validation_error(error: ValidationError, model: type[BaseModel]) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False, include_input=False):
        loc, owner = _resolve(model, tuple(item["loc"]))
        kind = item["type"]
        message = str(item["msg"])
        if kind in {"union_tag_invalid", "union_tag_not_found"}:
            field = str(item.get("ctx", {}).get("discriminator", "")).strip("'")
            expected = item.get("ctx", {}).get("expected_tags", "")
            problems.append(Problem((*loc, field), f"{field} must be one of {expected}"))
        elif kind == "missing":
            problems.append(Problem(loc[:-1], f"missing required key '{loc[-1]}'"))
        elif kind == "extra_forbidden":
            problems.append(Problem(loc, _unknown_key_message(loc[-1], owner), at_key=True))
        else:
            message = _PLAIN_MESSAGES.get(kind, message.rstrip("."))
            problems.append(Problem(loc, f"{dotted(loc)}: {message}"))
    return _drop_missing_that_were_misspelt(problems)


_PLAIN_MESSAGES = {
    "model_type": "must be a mapping of keys to values",
    "model_attributes_type": "must be a mapping of keys to values",
    "dict_type": "must be a mapping of keys to values",
    "list_type": "must be a list",
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "date_from_datetime_parsing": "must be a date like 2025-01-31",
    "date_parsing": "must be a date like 2025-01-31",
    "date_type": "must be a date like 2025-01-31",
}


def _drop_missing_that_were_misspelt(problems: list[Problem]) -> list[Problem]:
    """A misspelt required key shows once, as "did you mean", not also as missing."""
    suggested = {
        (problem.loc[:-1], problem.message.split("did you mean ")[1].strip("'?"))
        for problem in problems
        if "did you mean " in problem.message
    }
    return [
        problem
        for problem in problems
        if not (
            problem.message.startswith("missing required key ")
            and (problem.loc, problem.message.removeprefix("missing required key ").strip("'"))
            in suggested
        )
    ]


def dotted(loc: Loc) -> str:
    """``("steps", 2, "variants", 0, "subject")`` as ``steps[2].variants[0].subject``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "document"


def _unknown_key_message(key: str | int, owner: type[BaseModel] | None) -> str:
    message = f"unknown key {key!r}"
    if owner is None:
        return message
    known = [field.alias or name for name, field in owner.model_fields.items()]
    close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
    if close:
        return f"{message}; did you mean '{close[0]}'?"
    return f"{message}; allowed keys here: {', '.join(known)}"


def _resolve(model: type[BaseModel], loc: Loc) -> tuple[Loc, type[BaseModel] | None]:
    """The loc without union tags, and the model that owns its last part."""
    clean: list[str | int] = []
    annotation: Any = model
    owner: type[BaseModel] | None = None
    parts = list(loc)
    while parts:
        annotation = _unwrap(annotation)
        part = parts.pop(0)
        members = _union_members(annotation)
        if members:
            annotation = _tagged_member(annotation, part) or _pick_member(members, part)
            if annotation is not None:
                continue  # the part was a union tag: it names no place in the file
            annotation = None
        clean.append(part)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            owner = annotation
            field = annotation.model_fields.get(str(part))
            annotation = field.annotation if field else None
        elif get_origin(annotation) in (list, tuple):
            owner, annotation = None, (get_args(annotation) or (None,))[0]
        elif get_origin(annotation) is dict:
            owner, annotation = None, get_args(annotation)[1]
        else:
            owner, annotation = None, None
    return tuple(clean), owner


def _unwrap(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    members = _union_members(annotation)
    non_none = [member for member in members if member is not type(None)]
    if members and len(non_none) == 1:
        return _unwrap(non_none[0])
    return annotation


def _union_members(annotation: Any) -> list[Any]:
    if get_origin(annotation) in (Union, types.UnionType):
        return [_unwrap(member) for member in get_args(annotation)]
    return []


def _tagged_member(union: Any, tag: str | int) -> Any:
    """The member a callable discriminator tagged ``tag`` (``Annotated[Model, Tag(...)]``)."""
    for member in get_args(union):
        if get_origin(member) is Annotated and any(
            isinstance(meta, Tag) and meta.tag == tag for meta in get_args(member)[1:]
        ):
            return _unwrap(member)
    return None


def _pick_member(members: list[Any], tag: str | int) -> Any:
    """The union member whose discriminator literal equals ``tag``, if any."""
    for member in members:
        if not (isinstance(member, type) and issubclass(member, BaseModel)):
            continue
        for field in member.model_fields.values():
            if get_origin(field.annotation) is not None and tag in get_args(field.annotation):
                return member
    return None
