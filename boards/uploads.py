"""Meeting papers: PDF, Word (.doc, .docx) or OpenDocument text (.odt) only.

Checked by content, not just the name: the ``filetype`` signature must not
contradict the name, and the file's structure must be what its name says (a PDF
header and end marker; an OLE compound file with a WordDocument stream; a zip with
the Word or OpenDocument parts). An executable renamed ``.pdf`` fails both.
"""
import io
import zipfile
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError

from boards.models import PAPER_MAX_BYTES

ALLOWED = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}
# what filetype may call each (it sees Office and OpenDocument files as zips when the
# parts it looks for are not at the start; None is fine when the structure check passes)
SIGNATURES = {"pdf": {"pdf"}, "doc": {"doc"}, "docx": {"docx", "zip"}, "odt": {"odt", "zip"}}
KIND_NAMES = {"pdf": "a PDF", "doc": "a Word document", "docx": "a Word document", "odt": "an OpenDocument text file"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORD_STREAM = "WordDocument".encode("utf-16-le")
ODT_MIME = b"application/vnd.oasis.opendocument.text"
WRONG_TYPE = "The selected file must be a PDF, Word document (.doc or .docx) or OpenDocument text file (.odt)"


@dataclass(frozen=True)
class CheckedPaper:
    extension: str
    content_type: str
    size: int
    original_name: str


def _pdf_ok(data):
    # a PDF starts with its header and ends with %%EOF (possibly followed by line ends)
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]


def _doc_ok(data):
    return data.startswith(OLE_MAGIC) and WORD_STREAM in data


def _docx_ok(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                return False
            types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, ValueError, OSError, KeyError):
        return False
    # a macro-enabled document (.docm) declares a different main part
    return b"wordprocessingml.document.main+xml" in types


def _odt_ok(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            return bool(names) and names[0] == "mimetype" and "content.xml" in names \
                and archive.read("mimetype").strip() == ODT_MIME
    except (zipfile.BadZipFile, ValueError, OSError, KeyError):
        return False


STRUCTURE = {"pdf": _pdf_ok, "doc": _doc_ok, "docx": _docx_ok, "odt": _odt_ok}


def check_paper(upload):
    """Validate an uploaded paper; return what it is, or raise ValidationError (nothing stored)."""
    if upload is None:
        raise ValidationError("Select a file")
    size = upload.size
    if size > PAPER_MAX_BYTES:
        raise ValidationError("The selected file must be smaller than 20 MB")
    if size == 0:
        raise ValidationError("The selected file is empty")
    name = (upload.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise ValidationError(WRONG_TYPE)
    upload.seek(0)
    data = upload.read(PAPER_MAX_BYTES + 1)
    upload.seek(0)
    if len(data) > PAPER_MAX_BYTES:
        raise ValidationError("The selected file must be smaller than 20 MB")
    guessed = filetype.guess(data[:8192])
    claimed = KIND_NAMES[extension]
    if guessed is not None and guessed.extension not in SIGNATURES[extension]:
        raise ValidationError(
            f"The selected file is called .{extension} but its content is not {claimed}. " + WRONG_TYPE
        )
    if not STRUCTURE[extension](data):
        raise ValidationError(
            f"The selected file is called .{extension} but its content is not {claimed}, or it is damaged. "
            + WRONG_TYPE
        )
    return CheckedPaper(extension, ALLOWED[extension], len(data), name[:255])
