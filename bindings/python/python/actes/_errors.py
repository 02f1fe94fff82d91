"""The exception of the actes package."""

from __future__ import annotations

from typing import Any, Optional


class ActesError(Exception):
    """An operation of actes that could not be carried out.

    An invalid argument (``BIND-ARGUMENT``), an archive refused, a file that
    cannot be read or is not a protocol message. ``diagnostics`` says why:
    every finding, each a dict ``{"code", "severity", "message",
    "message_en", "message_fr", "location"}`` (schemas/diagnostic.schema.json);
    ``document`` is the whole document returned by the library, when there
    is one. ``str(error)`` is the first error's ``CODE: message``.
    """

    def __init__(self, message: str, diagnostics: list[dict[str, Any]],
                 document: Optional[dict[str, Any]] = None) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics
        self.document = document

    @property
    def codes(self) -> list[str]:
        """The codes of the diagnostics, in order."""
        return [d["code"] for d in self.diagnostics]
