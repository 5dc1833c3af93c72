"""for_each: one document managing the same sequence in several connections, read as one
document per connection before anything else checks it."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

from seqsync.config.yaml_reader import Loc, SourceDocument
from seqsync.model.diagnostics import Diagnostic

ACCOUNT = re.compile(r"^[^.\[\]\s]+$")


def per_account(
    document: SourceDocument, diagnostics: list[Diagnostic]
) -> Iterator[tuple[SourceDocument, str | None]]:
    """The document once, or, with ``for_each``, once per connection it names: with that
    connection, its id from ``ids``, and the connection's name to address it by."""
    data = document.data
    accounts = data.get("for_each") if isinstance(data, dict) else None
    if accounts is None:
        yield document, None
        return
    problems = _for_each_problems(data, accounts)
    for loc, message in problems:
        diagnostics.append(document.diagnostic(loc, message))
    if problems:
        return
    ids = data.get("ids") or {}
    shared = {key: value for key, value in data.items() if key not in ("for_each", "ids")}
    for account in accounts:
        copy = {**shared, "connection": account}
        if account in ids:
            copy["id"] = ids[account]
        yield dataclasses.replace(document, data=copy), account


def _for_each_problems(data: dict[str, Any], accounts: Any) -> list[tuple[Loc, str]]:
    if not isinstance(accounts, list) or not accounts:
        return [(("for_each",), "for_each must list the connections to manage this sequence in")]
    problems: list[tuple[Loc, str]] = []
    if "connection" in data:
        problems.append((("connection",), "give connection or for_each, not both"))
    if "id" in data:
        problems.append(
            (("id",), "with for_each, give each connection's id in ids: {connection: id}")
        )
    seen: set[str] = set()
    for index, account in enumerate(accounts):
        if not isinstance(account, str) or not ACCOUNT.match(account) or account in seen:
            problems.append(
                (("for_each", index), "each for_each entry must be a connection name, once")
            )
        seen.add(str(account))
    ids = data.get("ids")
    for name in ids if isinstance(ids, dict) else ():
        if name not in seen:
            problems.append((("ids", name), f"{name!r} is not in for_each"))
    for index, step in enumerate(data.get("steps") or []):
        if isinstance(step, dict) and "id" in step:
            # A step's id differs in every account: content, not ids, matches them.
            problems.append(
                (
                    ("steps", index, "id"),
                    "steps of a for_each sequence cannot be pinned by id: "
                    "each account has its own; remove it (steps are matched by content)",
                )
            )
    return problems
