"""actes: ACTES (télétransmission des actes au contrôle de légalité) for Python.

Every function returns the document the ``actes`` command prints with
``--json`` for the same operation (the JSON Schemas of the repository's
``schemas/``), as dicts and lists. The rules are the Rust library's: this
package only carries its documents. A verdict is a document (an invalid
identifier gives ``{"valid": False, "diagnostics": [...]}``); an operation
that could not be carried out raises :class:`ActesError` carrying the
diagnostics.
"""

from ._actes import (
    __version__,
    act_status,
    build_archive,
    check_archive,
    check_budget,
    check_id,
    check_ids,
    check_siren,
    read_delivery,
    read_receipt,
    verify_bundle,
)
from ._errors import ActesError

__all__ = [
    "ActesError",
    "__version__",
    "act_status",
    "build_archive",
    "check_archive",
    "check_budget",
    "check_id",
    "check_ids",
    "check_siren",
    "read_delivery",
    "read_receipt",
    "verify_bundle",
]
