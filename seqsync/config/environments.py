"""Environments in seqsync.yaml: the same files planned against another set of
connections (staging, production) with values that differ between them (a sender name,
a calendar link), included in content as `{% value name %}`. Promotion is applying the
same commit with another `--env`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import Field, StrictStr

from seqsync.model.common import RelativeFile, StrictModel
from seqsync.model.problems import Problem

ENV_VARIABLE = "SEQSYNC_ENV"  # what --env sets; its default
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"

ValueName = Annotated[StrictStr, Field(pattern=NAME_PATTERN)]
EnvironmentName = Annotated[StrictStr, Field(pattern=NAME_PATTERN)]


class Environment(StrictModel):
    """What one environment changes: connections (replacing those of the same name) and
    values (over the top-level ones, and over its values_file)."""

    connections: dict[StrictStr, Any] = Field(
        default_factory=dict,
        description="Connections of this environment, replacing those of the same name.",
    )
    shared: list[StrictStr] = Field(
        default_factory=list,
        description="Top-level connections this environment uses as they are (the same "
        "account in every environment), by name. Under an environment that has "
        "connections, a document's connection must be one of them or shared.",
    )
    values: dict[ValueName, StrictStr] = Field(
        default_factory=dict, description="Values of this environment, by name."
    )
    values_file: RelativeFile | None = Field(
        default=None,
        description="A YAML mapping of values, relative to seqsync.yaml (values given here win).",
    )


def merged(data: dict[str, Any], name: str, file_values: dict[str, Any]) -> dict[str, Any]:
    """seqsync.yaml's raw data as environment ``name`` sees it (checked: it exists).

    An environment that has connections sees those and the ones it lists as ``shared``,
    no others: ``--env`` never reaches an account its environment did not choose (see
    :func:`left_out`). One with no connections changes values only."""
    environment = data["environments"][name] or {}
    top = data.get("connections") or {}
    own = environment.get("connections") if isinstance(environment, dict) else None
    if isinstance(top, dict) and isinstance(own, dict) and own:
        shared = _names(environment.get("shared"))
        top = {key: value for key, value in top.items() if key in shared}
    return {
        **data,
        "connections": {**top, **(own or {})},
        "values": {
            **(data.get("values") or {}),
            **file_values,
            **(environment.get("values") or {}),
        },
    }


def left_out(data: Any, name: str) -> frozenset[str]:
    """The top-level connections environment ``name`` does not define or share: a
    document that uses one is an error under it."""
    if not isinstance(data, dict):
        return frozenset()
    environment = (data.get("environments") or {}).get(name)
    top = data.get("connections")
    if not isinstance(environment, dict) or not isinstance(top, dict):
        return frozenset()
    own = environment.get("connections")
    if not isinstance(own, dict) or not own:
        return frozenset()
    return frozenset(str(key) for key in top) - frozenset(own) - _names(environment.get("shared"))


def _names(value: Any) -> frozenset[str]:
    return (
        frozenset(v for v in value if isinstance(v, str))
        if isinstance(value, list)
        else frozenset()
    )


def shared_problems(data: Any) -> Iterator[Problem]:
    """A ``shared`` name that is no top-level connection, or one the environment defines
    too (which of the two would it be?)."""
    environments = data.get("environments") if isinstance(data, dict) else None
    top = data.get("connections") if isinstance(data, dict) else None
    known = set(top) if isinstance(top, dict) else set()
    for env, environment in environments.items() if isinstance(environments, dict) else ():
        if not isinstance(environment, dict) or not isinstance(environment.get("shared"), list):
            continue
        own = environment.get("connections")
        own = own if isinstance(own, dict) else {}
        for index, name in enumerate(environment["shared"]):
            at = ("environments", env, "shared", index)
            if isinstance(name, str) and name in own:
                yield Problem(
                    at, f"{name!r} is both shared and defined by {env}: keep one of the two"
                )
            elif isinstance(name, str) and name not in known:
                listed = ", ".join(sorted(known)) or "none are defined"
                yield Problem(at, f"no connection {name!r} to share (connections: {listed})")
