"""JSON Schema (Draft 2020-12) for the files users write, generated from the models.

Editors use it through the ``# yaml-language-server: $schema=`` line; a test regenerates
it and fails when the committed copy in ``schemas/`` is stale.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from seqsync.apply.report import report_schema
from seqsync.plan.schema import plan_schema
from seqsync.project.config import ProjectConfig
from seqsync.providers.registry import KINDS, sequence_document

DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "urn:seqsync:schemas:"


def sequence_schema() -> dict[str, Any]:
    body = sequence_document().json_schema()
    return _document(
        "sequence.schema.json",
        "seqsync sequence document",
        "One sequence per YAML document. Which form applies follows from the provider of its "
        f"`connection` in seqsync.yaml: {', '.join(KINDS)}.",
        body,
    )


def provider_sequence_schema(provider: str) -> dict[str, Any]:
    """One provider's sequence documents: what an editor should check a file against (the
    generic schema cannot tell the providers apart, a connection name does not say)."""
    kind = KINDS[provider]
    return _document(
        f"sequence-{provider}.schema.json",
        f"seqsync {provider} sequence document",
        f"A sequence document whose `connection` is a {provider} connection.",
        kind.document_schema(),
    )


def config_schema() -> dict[str, Any]:
    return _document(
        "seqsync.schema.json",
        "seqsync.yaml",
        "The connections that sequence documents live in. API keys only as ${ENV_VAR}.",
        ProjectConfig.model_json_schema(),
    )


def _document(name: str, title: str, description: str, body: dict[str, Any]) -> dict[str, Any]:
    body.pop("title", None)
    body.pop("description", None)
    return {
        "$schema": DRAFT,
        "$id": BASE_ID + name,
        "title": title,
        "description": description,
        **body,
    }


def plan_document_schema() -> dict[str, Any]:
    return _document(
        "plan.schema.json",
        "seqsync plan",
        "The saved plan (`seqsync plan --out`) and the output of `seqsync plan --format json`.",
        plan_schema(list(KINDS)),
    )


def report_document_schema() -> dict[str, Any]:
    return _document(
        "report.schema.json",
        "seqsync apply report",
        "The output of `seqsync apply --format json`: every operation as applied, failed or not attempted.",
        report_schema(),
    )


SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "sequence.schema.json": sequence_schema,
    **{
        f"sequence-{provider}.schema.json": functools.partial(provider_sequence_schema, provider)
        for provider in KINDS
    },
    "seqsync.schema.json": config_schema,
    "plan.schema.json": plan_document_schema,
    "report.schema.json": report_document_schema,
}


def render_schema(name: str) -> str:
    return json.dumps(SCHEMAS[name](), indent=2, ensure_ascii=False) + "\n"
