"""The document behind an answer an officer records: the partner's letter or e-mail.

Word processor files and PDFs are checked exactly as board papers are
(``boards.uploads.check_paper``: the name must match the content, the structure must be
what the name says, zip-bomb caps before anything is unpacked). Officers also keep an
e-mail as a saved message (.eml) or plain text (.txt), and a letter as a scan or photo
(.png, .jpg): those are checked here, by content, in chunks, never read whole. The limit
is a board paper's (20 MB). The stored content type comes from this table, never from
the browser, and the file is only ever served as a download.
"""
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError

from boards.uploads import CHUNK_BYTES, check_paper
from boards.uploads import WRONG_TYPE as PAPER_WRONG_TYPE
from plans.models import ANSWER_DOCUMENT_MAX

PAPER_TYPES = {"pdf", "doc", "docx", "odt"}
OWN_TYPES = {
    "eml": "message/rfc822",
    "txt": "text/plain; charset=utf-8",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}
WRONG_TYPE = ("The selected file must be a PDF, Word document (.doc or .docx), OpenDocument text file (.odt), "
              "saved e-mail (.eml), text file (.txt) or a PNG or JPEG image")
KIND_NAMES = {"eml": "a saved e-mail", "txt": "a text file", "png": "a PNG image", "jpg": "a JPEG image",
              "jpeg": "a JPEG image"}
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"


@dataclass(frozen=True)
class CheckedDocument:
    extension: str
    content_type: str
    size: int
    original_name: str


def _head(upload, n):
    upload.seek(0)
    return upload.read(n)


def _text_ok(upload, *, email):
    """UTF-8 (or plain ASCII) text with no NUL bytes; a saved e-mail starts with headers."""
    upload.seek(0)
    carry = b""
    while chunk := upload.read(CHUNK_BYTES):
        if b"\x00" in chunk:
            return False
        data = carry + chunk
        # a multi-byte character may straddle two chunks: keep up to 3 trailing bytes back
        for cut in range(4):
            try:
                (data[:len(data) - cut] if cut else data).decode("utf-8")
            except UnicodeDecodeError:
                continue
            carry = data[len(data) - cut:] if cut else b""
            break
        else:
            return False
    if carry:
        return False
    if email:
        first = _head(upload, 1000).split(b"\n", 1)[0]
        name, colon, _value = first.partition(b":")
        return bool(colon) and bool(name) and b" " not in name.strip() and name.strip().isascii()
    return True


def _image_ok(upload, extension):
    head = _head(upload, 16)
    return head.startswith(PNG_MAGIC) if extension == "png" else head.startswith(JPEG_MAGIC)


def _name_and_extension(upload):
    name = (upload.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return name, (name.rsplit(".", 1)[-1].lower() if "." in name else "")


def check_answer_document(upload):
    """Validate the uploaded letter or e-mail; return what it is, or raise ValidationError (nothing stored)."""
    if upload is None:
        raise ValidationError("Select a file")
    name, extension = _name_and_extension(upload)
    if extension in PAPER_TYPES:
        try:
            paper = check_paper(upload)
        except ValidationError as exc:
            # the board papers' list of types is shorter than ours
            raise ValidationError(exc.messages[0].replace(PAPER_WRONG_TYPE, WRONG_TYPE)) from None
        return CheckedDocument(paper.extension, paper.content_type, paper.size, paper.original_name)
    size = upload.size
    if size > ANSWER_DOCUMENT_MAX:
        raise ValidationError("The selected file must be smaller than 20 MB")
    if size == 0:
        raise ValidationError("The selected file is empty")
    if extension not in OWN_TYPES:
        raise ValidationError(WRONG_TYPE)
    claimed = KIND_NAMES[extension]
    guessed = filetype.guess(_head(upload, 8192))
    try:
        if extension in ("eml", "txt"):
            ok = guessed is None and _text_ok(upload, email=extension == "eml")
        else:
            ok = (guessed is not None and guessed.extension in ("png",) if extension == "png"
                  else guessed is not None and guessed.extension in ("jpg", "jpeg")) and _image_ok(upload, extension)
    finally:
        upload.seek(0)
    if not ok:
        raise ValidationError(f"The selected file is called .{extension} but its content is not {claimed}, "
                              f"or it is damaged. " + WRONG_TYPE)
    return CheckedDocument(extension, OWN_TYPES[extension], size, name[:255])
