"""Diagnostics as text (``file:line:col: error: message``), JSON, or GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence

from seqsync.model.diagnostics import Diagnostic


def render_text(diagnostics: Sequence[Diagnostic]) -> str:
    lines = [f"{d.path}:{d.line}:{d.col}: {d.severity}: {d.message}" for d in diagnostics]
    return "\n".join(lines) + ("\n" if lines else "")


def render_json(diagnostics: Sequence[Diagnostic]) -> str:
    return json.dumps([d.as_dict() for d in diagnostics], indent=2, ensure_ascii=False) + "\n"


def render_github(diagnostics: Sequence[Diagnostic]) -> str:
    """GitHub Actions workflow commands; they become inline annotations on the pull request."""
    lines = [
        f"::{d.severity} file={_property(d.path)},line={d.line},col={d.col}::{_data(d.message)}"
        for d in diagnostics
    ]
    return "\n".join(lines) + ("\n" if lines else "")


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


RENDERERS = {"text": render_text, "json": render_json, "github": render_github}
