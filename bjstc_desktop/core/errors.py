"""One exception family. Every error carries a plain message for the officer in
Chinese and English and the exit code the CLI uses (cli.md): 1 refused, 2 usage,
3 authentication, 4 integrity, 6 busy (another program kept the store)."""

from __future__ import annotations

from bjstc_desktop.core.language import current_language


class BjstcError(Exception):
    """Base of every error an officer may see. Never carries a secret."""

    exit_code = 1

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en

    def message(self, language: str | None = None) -> str:
        """The user message in `language` ("zh" or "en"; default: the current one)."""
        return self.en if (language or current_language()) == "en" else self.zh

    def __str__(self) -> str:
        return self.message()


class RefusedError(BjstcError):
    """The operation is not allowed or the input is wrong; nothing was changed."""

    exit_code = 1


class NotFoundError(RefusedError):
    """A thing that does not exist, or that the acting user may not see."""


class PermissionDeniedError(RefusedError):
    """The acting user's role, clearance or module scope does not allow this."""


class ValidationError(RefusedError):
    """A value failed its validator; `field` names it when known."""

    def __init__(self, zh: str, en: str, field: str | None = None) -> None:
        super().__init__(zh, en)
        self.field = field


class UsageError(BjstcError):
    """The command was used wrongly (bad option, missing argument)."""

    exit_code = 2


class AuthenticationError(BjstcError):
    """Wrong user or passphrase, or the account is locked."""

    exit_code = 3


class IntegrityError(BjstcError):
    """Something is altered, incomplete, corrupt or untrusted."""

    exit_code = 4


class StoreBusyError(RefusedError):
    """Another program holds the workstation in a way that excludes this one (for longer
    than a command waits): nothing was changed; trying again later will do."""

    exit_code = 6


class OpenElsewhereError(StoreBusyError):
    """This workstation is already open in another window: the GUI refuses to open it a
    second time (exit 1), rather than waiting for a store that stays busy."""

    exit_code = 1


class MediaError(RefusedError):
    """The target medium is full, removed or read-only."""
