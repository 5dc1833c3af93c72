"""Before a document is written: would it validate, and would it plan to zero changes?

Import writes a file only when both hold; otherwise it says, per step, what cannot be
represented, instead of writing a file that would plan changes.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from seqsync.config.project import MODELS
from seqsync.config.pydantic_errors import dotted, problems_from_validation_error
from seqsync.importer.document import ImportedDocument
from seqsync.model.common import merge_tag_problem
from seqsync.model.inbox import InboxSequence, inbox_problems
from seqsync.model.live import LiveSequence
from seqsync.model.saleshandy import SaleshandySequence, saleshandy_problems
from seqsync.model.supaglue import SupaglueSequence, supaglue_problems
from seqsync.plan.common import Target
from seqsync.workflow.plan import plan_sequence


def representation_problems(
    document: ImportedDocument, provider: str, engine: str, live: LiveSequence
) -> list[str]:
    """Why the document would not be a faithful file for ``live`` (empty: it is)."""
    model_class = MODELS[provider]
    try:
        model: Any = model_class.model_validate(document.data)
    except ValidationError as exc:
        return [problem.message for problem in problems_from_validation_error(exc, model_class)]
    problems = [f"{dotted(p.loc)}: {p.message}" for p in _rules(model, engine)]
    for path, text in document.files.items():
        trouble = merge_tag_problem(text)
        if trouble:
            problems.append(f"{path}: {trouble[1]}")
    if problems:
        return problems
    target = Target.for_document(model, provider, engine=engine, files=document.files)
    plan = plan_sequence(target, live)
    return list(plan.errors) + [
        f"{op.address}: would plan {op.kind} ({op.reason})" for op in plan.operations
    ]


def _rules(model: Any, engine: str) -> list[Any]:
    if isinstance(model, SaleshandySequence):
        return list(saleshandy_problems(model))
    if isinstance(model, SupaglueSequence):
        return list(supaglue_problems(model, engine))
    if isinstance(model, InboxSequence):
        return list(inbox_problems(model))
    return []
