"""Papers: PDF, Word or OpenDocument only, checked by content; 20 MB; Django storage."""
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from boards import services
from boards.demo import DEMO_PDF
from boards.models import PAPER_MAX_BYTES, Paper
from boards.tests.factories import AgendaItemFactory, MeetingFactory
from boards.uploads import check_paper
from trusts.errors import NotPermitted

pytestmark = pytest.mark.django_db

# A Windows executable starts "MZ"; a Linux one "\x7fELF".
EXE = (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
       + b"This program cannot be run in DOS mode")
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 300


def docx_bytes(main="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml",
                   f'<Types><Override PartName="/word/document.xml" ContentType="{main}"/></Types>')
        z.writestr("_rels/.rels", "<Relationships/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def odt_bytes():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
        z.writestr("META-INF/manifest.xml", "<manifest/>")
    return buf.getvalue()


def plain_zip():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "hello")
    return buf.getvalue()


def doc_bytes():
    # OLE compound file header; sector 1 holds the Word FIB magic; the directory names WordDocument
    data = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    data += b"\xec\xa5\xc1\x00" + b"\x00" * 508
    data += "WordDocument".encode("utf-16-le") + b"\x00" * 1000
    return bytes(data)


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(("name", "content", "ext"), [
    ("report.pdf", DEMO_PDF, "pdf"),
    ("Report.PDF", DEMO_PDF, "pdf"),
    ("paper.docx", docx_bytes(), "docx"),
    ("paper.odt", odt_bytes(), "odt"),
    ("paper.doc", doc_bytes(), "doc"),
])
def test_check_paper_accepts_real_documents(name, content, ext):
    checked = check_paper(upload(name, content))
    assert (checked.extension, checked.size) == (ext, len(content))


@pytest.mark.parametrize(("name", "content", "message"), [
    ("virus.pdf", EXE, "called .pdf but its content is not a PDF"),
    ("virus.docx", ELF, "called .docx but its content is not a Word document"),
    ("archive.docx", plain_zip(), "called .docx but its content is not a Word document"),
    ("macro.docx", docx_bytes(main="application/vnd.ms-word.document.macroEnabled.main+xml"), "not a Word document"),
    ("paper.pdf", docx_bytes(), "called .pdf but its content is not a PDF"),
    ("paper.odt", docx_bytes(), "not an OpenDocument text file"),
    ("paper.doc", DEMO_PDF, "not a Word document"),
    ("truncated.pdf", DEMO_PDF[:60], "or it is damaged"),
    ("script.exe", EXE, "must be a PDF, Word document"),
    ("noextension", DEMO_PDF, "must be a PDF, Word document"),
    ("empty.pdf", b"", "The selected file is empty"),
])
def test_check_paper_refuses_disguised_or_wrong_files(name, content, message):
    with pytest.raises(ValidationError) as exc:
        check_paper(upload(name, content))
    assert message in exc.value.messages[0]


def test_check_paper_refuses_over_20_mb():
    big = SimpleUploadedFile("big.pdf", DEMO_PDF[:-6] + b" " * (PAPER_MAX_BYTES - len(DEMO_PDF) + 1) + b"%%EOF\n")
    assert big.size > PAPER_MAX_BYTES
    with pytest.raises(ValidationError) as exc:
        check_paper(big)
    assert exc.value.messages == ["The selected file must be smaller than 20 MB"]


def test_paper_add_stores_through_default_storage(board, officer):
    item = AgendaItemFactory(meeting=MeetingFactory(board=board))
    paper = services.paper_add(item=item, actor=officer, upload=upload("../../etc/Budget report.pdf", DEMO_PDF),
                               title="")
    assert default_storage.exists(paper.file.name)
    assert paper.file.name.startswith("boards/papers/") and ".." not in paper.file.name
    assert (paper.title, paper.original_name, paper.content_type) == (
        "Budget report.pdf", "Budget report.pdf", "application/pdf")
    with default_storage.open(paper.file.name, "rb") as fh:
        assert fh.read() == DEMO_PDF


def test_paper_add_only_by_officers(board, board_member):
    item = AgendaItemFactory(meeting=MeetingFactory(board=board))
    with pytest.raises(NotPermitted):
        services.paper_add(item=item, actor=board_member, upload=upload("a.pdf", DEMO_PDF))
    assert not Paper.objects.exists()


def test_paper_upload_view_refuses_renamed_executable(client, board, officer, media_in_tmp):
    item = AgendaItemFactory(meeting=MeetingFactory(board=board))
    client.force_login(officer)
    url = reverse("boards:paper-upload", kwargs={"item": item.pk})
    response = client.post(url, {"title": "Budget", "file": upload("budget.pdf", EXE)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "called .pdf but its content is not a PDF" in html
    assert not Paper.objects.exists()
    assert not (media_in_tmp / "boards").exists() or not any((media_in_tmp / "boards").rglob("*.*"))


def test_paper_upload_view_refuses_oversize(client, board, officer):
    item = AgendaItemFactory(meeting=MeetingFactory(board=board))
    client.force_login(officer)
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * PAPER_MAX_BYTES + b"\n%%EOF\n")
    response = client.post(reverse("boards:paper-upload", kwargs={"item": item.pk}), {"file": big})
    assert "The selected file must be smaller than 20 MB" in response.content.decode()
    assert not Paper.objects.exists()


def test_paper_upload_and_download(client, board, officer, member_seat, board_member):
    item = AgendaItemFactory(meeting=MeetingFactory(board=board))
    client.force_login(officer)
    content = docx_bytes()
    response = client.post(reverse("boards:paper-upload", kwargs={"item": item.pk}),
                           {"title": "Needs assessment", "file": upload("needs.docx", content)})
    assert response.status_code == 302
    paper = Paper.objects.get()
    assert (paper.title, paper.extension) == ("Needs assessment", "docx")
    client.force_login(board_member)
    response = client.get(reverse("boards:paper-download", kwargs={"paper": paper.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert 'attachment; filename="Needs assessment.docx"' == response["Content-Disposition"]
