"""Before a document is written: would it validate, and would it plan to zero changes?

Import writes a file only when both hold; otherwise it says, per step, what cannot be
represented, instead of writing a file that would plan changes.
"""

from __future__ import annotations

from pydantic import ValidationError

from seqsync.config.connections import ConnectionBase
from seqsync.config.pydantic_errors import dotted, problems_from_validation_error
from seqsync.model.common import merge_tag_problem
from seqsync.model.imported import ImportedDocument
from seqsync.model.live import LiveSequence
from seqsync.plan.common import Target
from seqsync.providers.base import Kind


def representation_problems(
    document: ImportedDocument, kind: Kind, connection: ConnectionBase, live: LiveSequence
) -> list[str]:
    """Why the document would not be a faithful file for ``live`` (empty: it is)."""
    model_class = kind.document_model
    try:
        model = model_class.model_validate(document.data)
    except ValidationError as exc:
        return [problem.message for problem in problems_from_validation_error(exc, model_class)]
    problems = [f"{dotted(p.loc)}: {p.message}" for p in kind.problems(model, connection)]
    for path, text in document.files.items():
        trouble = merge_tag_problem(text)
        if trouble:
            problems.append(f"{path}: {trouble[1]}")
    if problems:
        return problems
    target = Target.for_document(model, kind.name, settings=connection, files=document.files)
    plan = kind.checked_plan(target, live)
    return list(plan.errors) + [
        f"{op.address}: would plan {op.kind} ({op.reason})" for op in plan.operations
    ]
