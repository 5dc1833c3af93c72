"""The exceptions seqsync raises, and the exit code each one means.

Domain code raises these; only ``seqsync.cli`` turns them into a message and an exit
code. Anything that is *not* a ``SeqsyncError`` is a bug and is reported as one.

    SeqsyncError                   exit 1 — a problem the user can fix
    ├── UsageError                 the command line is wrong (never exit 2: that means "changes")
    ├── InvalidInput               files failed validation; carries every Diagnostic
    ├── PlanFailed                 some sequences could not be planned (errors already shown)
    ├── PlanFileError              a saved plan is unreadable, of another version, or edited
    ├── ApplyRefused               apply will not start: destructive, unconfirmed or no tty
    ├── ApplyFailed                some operations failed (the report says which)
    ├── ConfigError                seqsync.yaml missing, or a connection cannot be used
    │   └── MissingSecret          a ``${ENV_VAR}`` a command needs is not set
    ├── ProviderError              a provider call failed (names connection and sequence)
    │   ├── AuthError              the key is missing, wrong or lacks permission
    │   ├── NotFound               the sequence, step or variant does not exist
    │   ├── Rejected               the provider refused the request as invalid
    │   ├── Conflict               the provider reports a state conflict
    │   ├── RateLimited            429 after every retry the policy allows
    │   └── Transient              5xx, timeouts and dropped connections after retries
    └── Interrupted                exit 130 — Ctrl-C, after reporting what was done

    InternalError                  exit 1 — a broken invariant: a bug in seqsync, never
                                   the user's doing (not a SeqsyncError; shown as a bug)

Exit codes follow Terraform: 0 success, 1 error, 2 only for "changes present" under
``--detailed-exitcode``, 130 interrupted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from seqsync.model.diagnostics import Diagnostic

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_CHANGES = 2
EXIT_INTERRUPTED = 130


class SeqsyncError(Exception):
    """A problem the user can act on: shown as a message, never as a traceback."""

    exit_code: int = EXIT_ERROR


class UsageError(SeqsyncError):
    """The command line itself is wrong."""


class InvalidInput(SeqsyncError):
    """One or more files failed validation; ``diagnostics`` lists every problem."""

    def __init__(self, diagnostics: Sequence[Diagnostic], *, shown: bool = False) -> None:
        self.diagnostics = list(diagnostics)
        self.shown = shown  # already printed by the command (validate prints them itself)
        count = len(self.diagnostics)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} found in the files")


class PlanFailed(SeqsyncError):
    """Some sequences could not be planned; their errors were printed with the plan."""

    def __init__(self, failed: int, names: tuple[str, ...] = (), hint: str = "") -> None:
        listed = f" ({', '.join(names)})" if names else ""
        super().__init__(
            f"{failed} sequence{'s' if failed != 1 else ''} could not be planned{listed}{hint}"
        )


class PlanFileError(SeqsyncError):
    """A saved plan cannot be used: unreadable, another format version, or edited."""


class ApplyRefused(SeqsyncError):
    """apply will not start: destructive changes without the flag, or no confirmation."""


class ApplyFailed(SeqsyncError):
    """Some operations failed or some sequences were refused; the report was printed."""


class ConfigError(SeqsyncError):
    """seqsync.yaml cannot be found, or a connection cannot be used as configured."""


class MissingSecret(ConfigError):
    """A ``${ENV_VAR}`` that a command needs is not set in the environment."""


class ProviderError(SeqsyncError):
    """A provider call failed.

    The message names the connection, the sequence and what to do; it never contains a
    secret. ``provider_message`` keeps the provider's own words for reports. ``ambiguous``
    marks a write whose outcome is unknown (a timeout or 5xx after sending): it may have
    been applied, so it must be settled by reading, never by blindly sending it again.
    """

    def __init__(
        self, message: str, *, provider_message: str = "", status: int = 0, ambiguous: bool = False
    ) -> None:
        super().__init__(message)
        self.provider_message = provider_message
        self.status = status
        self.ambiguous = ambiguous


class AuthError(ProviderError):
    """The API key is missing, wrong, or lacks permission."""


class NotFound(ProviderError):
    """The sequence, step or variant does not exist on the provider."""


class Rejected(ProviderError):
    """The provider refused the request as invalid."""


class Conflict(ProviderError):
    """The provider reports a conflicting state."""


class RateLimited(ProviderError):
    """The provider kept answering 429 after every retry the policy allows."""


class Transient(ProviderError):
    """5xx answers, timeouts or dropped connections outlasted the retries."""


class ProviderDefect(ProviderError):
    """The provider failed the same way it will fail again (a crash in its own code, such
    as a JavaScript TypeError): retrying cannot help, but a write may still have been
    partly done, so a failed write stays ambiguous."""


class Interrupted(SeqsyncError):
    """The user pressed Ctrl-C; what was done so far has been reported."""

    exit_code = EXIT_INTERRUPTED


class InternalError(Exception):
    """An invariant seqsync relies on does not hold: a bug, reported as one.

    Raised instead of bare ``AssertionError``/``TypeError`` so the cause is named; it is
    deliberately not a ``SeqsyncError``, so the CLI says "this is a bug" and never blames
    the user's files.
    """
