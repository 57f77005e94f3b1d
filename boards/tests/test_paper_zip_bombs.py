"""Papers that are zip bombs (a small .docx holding hundreds of megabytes) are refused
quickly and in bounded memory; a real, well-compressed document is accepted."""
import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from boards.models import Paper
from boards.tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
)
from boards.uploads import MAX_RATIO, check_paper

pytestmark = pytest.mark.django_db




CONTENT_TYPES = ('<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                 'officedocument.wordprocessingml.document.main+xml"/></Types>')


def _bomb(where, megabytes=300):
    """A .docx of about 300 KB holding ``megabytes`` MB of zeros in the part ``where``, built in memory."""
    buf = io.BytesIO()
    zeros = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        if where != "[Content_Types].xml":
            z.writestr("[Content_Types].xml", CONTENT_TYPES)
        with z.open(where, "w") as part:
            if where == "[Content_Types].xml":
                part.write(CONTENT_TYPES.encode())
            for _ in range(megabytes):
                part.write(zeros)
        if where != "word/document.xml":
            z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


@pytest.fixture(scope="module")
def bombs():
    return {where: _bomb(where) for where in ("[Content_Types].xml", "word/document.xml")}


@pytest.mark.parametrize("where", ["[Content_Types].xml", "word/document.xml"])
def test_zip_bomb_paper_is_refused_quickly(bombs, where):
    data = bombs[where]
    assert 200_000 < len(data) < 400_000
    upload = SimpleUploadedFile("papers.docx", data)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ValidationError) as exc:
            check_paper(upload)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "unpacks to much more than its size" in exc.value.messages[0]
    assert elapsed < 1.0, f"took {elapsed:.2f} s"
    assert peak < 10 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


def test_a_directory_that_understates_a_part_is_still_bounded():
    """A zip whose directory claims a small [Content_Types].xml that really unpacks to 50 MB:
    the read stops at the claimed size (and at the running cap), and the paper is refused."""
    raw = _bomb("[Content_Types].xml", megabytes=50)
    name = b"[Content_Types].xml"
    # find the part's central directory entry and make its unpacked size (bytes 24-28) say 1,000
    at = raw.find(b"PK\x01\x02")
    while raw[at + 46:at + 46 + len(name)] != name:
        at = raw.find(b"PK\x01\x02", at + 4)
    data = bytearray(raw)
    data[at + 24:at + 28] = (1000).to_bytes(4, "little")
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        assert z.getinfo("[Content_Types].xml").file_size == 1000
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ValidationError):
            check_paper(SimpleUploadedFile("lying.docx", bytes(data)))
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 1.0 and peak < 10 * 1024 * 1024


def test_zip_bomb_upload_page_shows_the_reason(client, board, officer, bombs):
    item = AgendaItemFactory(meeting=MeetingFactory(board=board))
    client.force_login(officer)
    started = time.perf_counter()
    response = client.post(reverse("boards:paper-upload", kwargs={"item": item.pk}),
                           {"file": SimpleUploadedFile("bomb.docx", bombs["word/document.xml"])})
    assert time.perf_counter() - started < 2.0
    html = response.content.decode()
    assert "<title>Error: " in html and "unpacks to much more than its size" in html
    assert not Paper.objects.exists()


def test_a_real_document_with_a_well_compressed_part_is_accepted():
    """Ordinary document XML compresses by tens to 1: well within the ratio cap."""
    buf = io.BytesIO()
    body = "".join(f"<w:p><w:r><w:t>Action {i}: review {i * 7919 % 1000} places by {i % 28 + 1} March.</w:t>"
                   "</w:r></w:p>" for i in range(40000)).encode()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("word/document.xml", body)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        info = z.getinfo("word/document.xml")
    assert info.file_size > 1024 * 1024 and info.file_size / info.compress_size < MAX_RATIO
    assert check_paper(SimpleUploadedFile("plan.docx", buf.getvalue())).extension == "docx"
