"""Environments in seqsync.yaml: the same files planned against another set of
connections (staging, production) with values that differ between them (a sender name,
a calendar link), included in content as `{% value name %}`. Promotion is applying the
same commit with another `--env`."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, StrictStr

from seqsync.model.common import RelativeFile, StrictModel

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
    values: dict[ValueName, StrictStr] = Field(
        default_factory=dict, description="Values of this environment, by name."
    )
    values_file: RelativeFile | None = Field(
        default=None,
        description="A YAML mapping of values, relative to seqsync.yaml (values given here win).",
    )


def merged(data: dict[str, Any], name: str, file_values: dict[str, Any]) -> dict[str, Any]:
    """seqsync.yaml's raw data as environment ``name`` sees it (checked: it exists)."""
    environment = data["environments"][name] or {}
    return {
        **data,
        "connections": {
            **(data.get("connections") or {}),
            **(environment.get("connections") or {}),
        },
        "values": {
            **(data.get("values") or {}),
            **file_values,
            **(environment.get("values") or {}),
        },
    }
