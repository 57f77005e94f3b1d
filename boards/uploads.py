"""Meeting papers: PDF, Word (.doc, .docx), Excel (.xlsx), PowerPoint (.pptx),
OpenDocument text, spreadsheet or presentation (.odt, .ods, .odp) or CSV only.

Checked by content, not just the name: the ``filetype`` signature must not
contradict the name, and the file's structure must be what its name says (a PDF
header and end marker; an OLE compound file with a WordDocument stream; a zip with
the Office or OpenDocument parts; for CSV, text with no NUL byte in an encoding a
spreadsheet opens, no larger than ``CSV_MAX_BYTES``). An executable renamed ``.pdf``
fails both.

Archives (.docx, .xlsx, .pptx, .odt, .ods and .odp are zips) are checked for zip bombs before any part is
unpacked (a 306 KB .docx holding 300 MB of zeros took 5 s and 600 MB of memory to open).
The caps, all from the archive's own directory:

* the end-of-directory record first: at most ``MAX_MEMBERS`` parts and a directory of at
  most ``MAX_DIRECTORY_BYTES`` (so even listing the parts costs little memory); no ZIP64
  (a 20 MB paper never needs it);
* every part: stored or deflated only (other methods cannot be unpacked a piece at a
  time), at most ``MAX_MEMBER_BYTES`` unpacked, and, when larger than
  ``RATIO_FLOOR_BYTES``, packed no more than ``MAX_RATIO`` to 1 (document XML packs at
  around 5 to 50 to 1; zeros deflate at about 1,000 to 1);
* all parts together: at most ``MAX_TOTAL_BYTES`` unpacked.

Only the small parts the check needs are then read (``[Content_Types].xml``,
``mimetype``), in chunks of ``CHUNK_BYTES`` with a running cap of ``MAX_READ_BYTES``, so a
directory that lies about a part's size still cannot make the worker unpack more. The
file itself is never read whole into memory: PDFs are checked at both ends, Word 97
files scanned in chunks. A refusal takes milliseconds.
"""
import struct
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
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "csv": "text/csv",
}
# what filetype may call each (it sees Office and OpenDocument files as zips when the
# parts it looks for are not at the start; None is fine when the structure check passes).
# CSV has no signature: anything filetype recognises is not a CSV.
SIGNATURES = {"pdf": {"pdf"}, "doc": {"doc"}, "docx": {"docx", "zip"}, "odt": {"odt", "zip"},
              "xlsx": {"xlsx", "zip"}, "ods": {"ods", "zip"}, "pptx": {"pptx", "zip"}, "odp": {"odp", "zip"},
              "csv": set()}
KIND_NAMES = {"pdf": "a PDF", "doc": "a Word document", "docx": "a Word document", "odt": "an OpenDocument text file",
              "xlsx": "an Excel spreadsheet", "ods": "an OpenDocument spreadsheet",
              "pptx": "a PowerPoint presentation", "odp": "an OpenDocument presentation", "csv": "a CSV file"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORD_STREAM = "WordDocument".encode("utf-16-le")
# the main part an Office Open XML file of each kind declares, and must contain; a
# macro-enabled file (.docm, .xlsm, .pptm) declares a different main part and is refused
OOXML_MAIN = {
    "docx": ("word/document.xml", b"wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", b"spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", b"presentationml.presentation.main+xml"),
}
ODF_MIME = {"odt": b"application/vnd.oasis.opendocument.text",
            "ods": b"application/vnd.oasis.opendocument.spreadsheet",
            "odp": b"application/vnd.oasis.opendocument.presentation"}
# a CSV is data, not a document: 5 MB holds about 50,000 rows of a typical return
CSV_MAX_BYTES = 5 * 1024 * 1024
WRONG_TYPE = ("The selected file must be a PDF, Word document (.doc or .docx), Excel spreadsheet (.xlsx), "
              "PowerPoint presentation (.pptx), OpenDocument file (.odt, .ods or .odp) or CSV file")
TOO_MUCH_PACKED = ("The selected file unpacks to much more than its size, so it cannot be checked safely. "
                   "Save it again from your word processor, or as a PDF, and upload that")

# Zip-bomb caps (see the module docstring).
MAX_MEMBERS = 2000
MAX_DIRECTORY_BYTES = 1024 * 1024  # 1 MB of central directory
MAX_MEMBER_BYTES = 100 * 1024 * 1024  # 100 MB unpacked per part
MAX_TOTAL_BYTES = 200 * 1024 * 1024  # 200 MB unpacked in all
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 1024 * 1024  # parts smaller than 1 MB unpacked may compress as they like
MAX_READ_BYTES = 1024 * 1024  # what the check itself unpacks from one part
CHUNK_BYTES = 64 * 1024
EOCD_SIGNATURE = b"PK\x05\x06"
EOCD_SIZE = 22
EOCD_SEARCH_BYTES = EOCD_SIZE + 0xFFFF  # the record, then a comment of up to 64 KB


@dataclass(frozen=True)
class CheckedPaper:
    extension: str
    content_type: str
    size: int
    original_name: str


class Unsafe(Exception):
    """The archive would cost too much to unpack: refused without unpacking it."""


def _head(upload, n):
    upload.seek(0)
    return upload.read(n)


def _tail(upload, size, n):
    upload.seek(max(0, size - n))
    return upload.read(n)


def _pdf_ok(upload, size):
    # a PDF starts with its header and ends with %%EOF (possibly followed by line ends)
    return _head(upload, 5) == b"%PDF-" and b"%%EOF" in _tail(upload, size, 1024)


def _doc_ok(upload, size):
    if _head(upload, len(OLE_MAGIC)) != OLE_MAGIC:
        return False
    # scan for the WordDocument stream's name in chunks, overlapping by the name's length
    upload.seek(0)
    carry = b""
    while chunk := upload.read(CHUNK_BYTES):
        if WORD_STREAM in carry + chunk:
            return True
        carry = chunk[-len(WORD_STREAM):]
    return False


def _directory_guard(upload, size):
    """Refuse from the end-of-central-directory record alone: too many parts, too big a
    directory, or ZIP64. Costs one read of at most 64 KB."""
    tail = _tail(upload, size, EOCD_SEARCH_BYTES)
    at = tail.rfind(EOCD_SIGNATURE)
    if at < 0 or len(tail) - at < EOCD_SIZE:
        return  # not a zip: zipfile says so below
    _sig, _disk, _cd_disk, _here, entries, cd_size, cd_offset, _comment = struct.unpack(
        "<4s4H2LH", tail[at:at + EOCD_SIZE])
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF or cd_offset == 0xFFFFFFFF:
        raise Unsafe("ZIP64")
    if entries > MAX_MEMBERS or cd_size > MAX_DIRECTORY_BYTES:
        raise Unsafe("directory")


def _members_guard(archive):
    """Every part's unpacked size and compression ratio, from the directory, before reading any."""
    total = 0
    for info in archive.infolist():
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise Unsafe("method")
        if info.file_size > MAX_MEMBER_BYTES:
            raise Unsafe("member")
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise Unsafe("ratio")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise Unsafe("total")


def _read_capped(archive, name, cap=MAX_READ_BYTES):
    """Unpack one part in chunks, refusing once more than ``cap`` bytes come out (whatever
    the directory said)."""
    parts, read = [], 0
    with archive.open(name) as member:
        while chunk := member.read(CHUNK_BYTES):
            read += len(chunk)
            if read > cap:
                raise Unsafe("read")
            parts.append(chunk)
    return b"".join(parts)


def _zip(upload, size):
    _directory_guard(upload, size)
    upload.seek(0)
    archive = zipfile.ZipFile(upload)
    _members_guard(archive)
    return archive


def _ooxml_ok(kind):
    main_part, main_type = OOXML_MAIN[kind]

    def check(upload, size):
        try:
            with _zip(upload, size) as archive:
                names = set(archive.namelist())
                if "[Content_Types].xml" not in names or main_part not in names:
                    return False
                types = _read_capped(archive, "[Content_Types].xml")
        except (zipfile.BadZipFile, ValueError, OSError, KeyError, EOFError, NotImplementedError):
            return False
        return main_type in types

    return check


def _odf_ok(kind):
    def check(upload, size):
        try:
            with _zip(upload, size) as archive:
                names = archive.namelist()
                return bool(names) and names[0] == "mimetype" and "content.xml" in names \
                    and _read_capped(archive, "mimetype", cap=1024).strip() == ODF_MIME[kind]
        except (zipfile.BadZipFile, ValueError, OSError, KeyError, EOFError, NotImplementedError):
            return False

    return check


def _csv_ok(upload, size):
    """Text a spreadsheet opens: no NUL byte (binary files have them), UTF-8 (with or without a
    byte-order mark) or else Windows-1252, as Excel saves; read in chunks, never whole."""
    if size > CSV_MAX_BYTES:
        raise CsvTooBig
    upload.seek(0)
    data = b""
    while chunk := upload.read(CHUNK_BYTES):
        if b"\x00" in chunk:
            return False
        data += chunk
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # control characters other than tab and line ends mean it is not text
        return not any(ord(c) < 32 and c not in "\t\r\n" for c in text)
    return False


class CsvTooBig(Exception):
    pass


_docx_ok = _ooxml_ok("docx")
_odt_ok = _odf_ok("odt")

STRUCTURE = {"pdf": _pdf_ok, "doc": _doc_ok, "docx": _docx_ok, "odt": _odt_ok, "xlsx": _ooxml_ok("xlsx"),
             "pptx": _ooxml_ok("pptx"), "ods": _odf_ok("ods"), "odp": _odf_ok("odp"), "csv": _csv_ok}


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
    guessed = filetype.guess(_head(upload, 8192))
    claimed = KIND_NAMES[extension]
    if guessed is not None and guessed.extension not in SIGNATURES[extension]:
        raise ValidationError(
            f"The selected file is called .{extension} but its content is not {claimed}. " + WRONG_TYPE
        )
    try:
        ok = STRUCTURE[extension](upload, size)
    except Unsafe:
        raise ValidationError(TOO_MUCH_PACKED) from None
    except CsvTooBig:
        raise ValidationError(f"A CSV file must be smaller than {CSV_MAX_BYTES // (1024 * 1024)} MB") from None
    finally:
        upload.seek(0)
    if not ok:
        raise ValidationError(
            f"The selected file is called .{extension} but its content is not {claimed}, or it is damaged. "
            + WRONG_TYPE
        )
    return CheckedPaper(extension, ALLOWED[extension], size, name[:255])
