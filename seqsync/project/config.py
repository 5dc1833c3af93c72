"""The contents of seqsync.yaml as one model: connections of every registered provider,
and the project-wide settings (lint, samples, values, environments, snippets, safety)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, StrictStr

from seqsync.config.environments import Environment, EnvironmentName, ValueName
from seqsync.config.removed import Removed
from seqsync.config.safety import Safety
from seqsync.config.snippets import Snippet, SnippetName
from seqsync.model.common import StrictModel
from seqsync.providers.registry import Connection


class ProjectConfig(StrictModel):
    """The contents of seqsync.yaml."""

    connections: dict[StrictStr, Connection] = Field(
        description="Connections by name; sequence documents refer to them with `connection:`."
    )
    lint: dict[StrictStr, Literal["error", "warning", "off"]] = Field(
        default_factory=dict,
        description="seqsync lint: a severity per rule id (error, warning or off).",
    )
    samples: dict[StrictStr, StrictStr] = Field(
        default_factory=dict,
        description="Sample prospect data for `seqsync preview`, by merge-tag name "
        "(over each provider's defaults).",
    )
    values: dict[ValueName, StrictStr] = Field(
        default_factory=dict,
        description="Values any content includes as {% value name %}; environments override them.",
    )
    environments: dict[EnvironmentName, Environment] = Field(
        default_factory=dict,
        description="Named environments (seqsync plan --env NAME): connections and values "
        "that differ from the top-level ones.",
    )
    snippets: dict[SnippetName, Snippet] = Field(
        default_factory=dict,
        description="Named fragments any content includes as {% snippet name %}.",
    )
    removed: list[Removed] = Field(
        default_factory=list,
        description="Retired sequences whose files are gone, and what becomes of their live "
        "sequences: `then: pause` (destructive) or `then: unmanage` (left running).",
    )
    safety: Safety = Field(
        default_factory=Safety,
        description="How much of an account's live steps one plan may pause or replace "
        "before apply needs --force.",
    )
