"""Type stubs of the extension module actes._actes (src/lib.rs)."""

import datetime
import os
from typing import Any, Iterable, Literal, Optional, Union

Lang = Literal["fr", "en", "FR", "EN"]
Document = dict[str, Any]
StrPath = Union[str, "os.PathLike[str]"]
Today = Union[None, str, datetime.date]

__version__: str

def check_id(id: Union[str, bytes], lang: Lang = "fr") -> Document:
    """Checks an IDActe: the document of ``actes id check --json``."""

def check_ids(ids: Iterable[Union[str, bytes]], lang: Lang = "fr", *,
              only_invalid: bool = False) -> list[Document]:
    """check_id on every identifier, in order, "line" its 1-based position;
    with only_invalid, the documents of the invalid ones only.

    Each document is a new dict whose mutable parts (dicts, list) belong to
    it alone; equal strings may be shared. The identifiers are checked on
    every core without the GIL. A million: about 0.9 s for every document,
    about 0.12 s with only_invalid (no document for a valid one): the form
    to use when only what is wrong matters."""

def check_siren(siren: Union[str, bytes], lang: Lang = "fr") -> Document:
    """Checks a SIREN: the document of ``actes siren check --json``."""

def read_receipt(data: Union[bytes, StrPath], lang: Lang = "fr",
                 file_name: Optional[str] = None) -> Document:
    """Reads a received file (bytes, or a path): the document of
    ``actes receipt read --json``. Raises ActesError when it cannot be read
    or is not a protocol message."""

def build_archive(input: Union[dict[str, Any], str, bytes], base_dir: StrPath,
                  out_dir: StrPath, today: Today = None, lang: Lang = "fr") -> Document:
    """Builds the CL → MI archive described by ``input``: the document of
    ``actes archive build --json``. Raises ActesError when it is refused."""

def check_archive(path: StrPath, today: Today = None, lang: Lang = "fr") -> Document:
    """Checks an archive: the document of ``actes archive check --json``."""

def read_delivery(path: StrPath, lang: Lang = "fr") -> Document:
    """Reads a delivery: the document of ``actes delivery read --json``."""

def verify_bundle(path: StrPath, today: Today = None, lang: Lang = "fr") -> Document:
    """Verifies a proof bundle: the document of ``actes bundle verify --json``."""

def act_status(paths: Iterable[StrPath], today: Today = None, lang: Lang = "fr") -> list[Document]:
    """The state, history and legal dates of the acts the files at ``paths``
    tell about: the documents of ``actes act status --json``, one per act,
    then one ``{"id_acte": None, ...}`` for the files' findings if any."""

def check_budget(data: Union[bytes, StrPath], lang: Lang = "fr",
                 file_name: Optional[str] = None) -> Document:
    """Checks the seal of a TotEM budget document (bytes, or a path) and
    gives its metadata: the document of ``actes budget check --json``."""
