"""The exceptions termbase raises; the CLI turns each into a one-line error."""

from __future__ import annotations

from pathlib import Path


class TermbaseError(Exception):
    """Root of every error termbase reports to the user."""


class InputError(TermbaseError):
    """Bad input from the user: a missing file, a bad value, an undecodable file."""


class FormatError(TermbaseError):
    """A file that does not follow its format; carries where the problem is."""

    def __init__(
        self,
        message: str,
        path: Path | str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        text = f"{where}{self.message}"
        if self.hint:
            text += f"; {self.hint}"
        return text


class TranslatorError(TermbaseError):
    """A machine-translation engine failed or could not be reached."""


class StoreError(TermbaseError):
    """The termbase file cannot be used as asked: another program's, newer, busy."""


class ReadOnlyError(StoreError):
    """A write to a termbase opened read-only (the file or its folder is not writable)."""
