"""Paper versions: a paper replaced by a new version keeps its history; the agenda,
the public page and the agenda pack show the current version, marked with its date when it
came after publication. Spreadsheets, presentations and CSV files are accepted, checked by
content as every paper is."""
import io
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from boards import services
from boards.models import PAPER_MAX_BYTES, Paper, PaperVersion
from boards.tests.factories import MINIMAL_PDF, AgendaItemFactory, MeetingFactory, PaperFactory
from boards.uploads import CSV_MAX_BYTES, check_paper
from trusts.errors import NotPermitted, TransitionError

pytestmark = pytest.mark.django_db

OOXML = {
    "xlsx": ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml",
             "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"),
}


def ooxml_bytes(kind, main_type=None):
    part, content_type = OOXML[kind]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   f'<Types><Override PartName="/{part}" ContentType="{main_type or content_type}"/></Types>')
        z.writestr("_rels/.rels", "<Relationships/>")
        z.writestr(part, "<root/>")
    return buf.getvalue()


def odf_bytes(mime):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), mime)
        z.writestr("content.xml", "<office:document-content/>")
        z.writestr("META-INF/manifest.xml", "<manifest/>")
    return buf.getvalue()


CSV = "Partner,Spend 2025-26 (£)\r\nNorthshire PCT,120000\r\nYouth Offending Team,45000\r\n".encode("utf-8")


def up(name, content):
    return SimpleUploadedFile(name, content)


@pytest.fixture
def published(board, officer):
    meeting = MeetingFactory(board=board, date=timezone.localdate() + timedelta(days=20))
    item = AgendaItemFactory(meeting=meeting, title="Joint commissioning strategy")
    return meeting, item


# -------------------------------------------------------------------------------------------
# the new file types, by content
# -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name,content,content_type", [
    ("spend.xlsx", ooxml_bytes("xlsx"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("slides.pptx", ooxml_bytes("pptx"),
     "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ("spend.ods", odf_bytes("application/vnd.oasis.opendocument.spreadsheet"),
     "application/vnd.oasis.opendocument.spreadsheet"),
    ("slides.odp", odf_bytes("application/vnd.oasis.opendocument.presentation"),
     "application/vnd.oasis.opendocument.presentation"),
    ("spend.csv", CSV, "text/csv"),
    ("excel.csv", "Name,Spend\r\nSt Mary’s,£10\r\n".encode("cp1252"), "text/csv"),
])
def test_check_paper_accepts_spreadsheets_presentations_and_csv(name, content, content_type):
    checked = check_paper(up(name, content))
    assert checked.extension == name.rsplit(".", 1)[1] and checked.content_type == content_type


@pytest.mark.parametrize("name,content,says", [
    # a workbook renamed as slides, and slides as a workbook: the main part gives it away
    ("slides.pptx", ooxml_bytes("xlsx"), "is not a PowerPoint presentation"),
    ("spend.xlsx", ooxml_bytes("pptx"), "is not an Excel spreadsheet"),
    # a macro-enabled workbook (.xlsm) renamed .xlsx
    ("spend.xlsx", ooxml_bytes("xlsx", "application/vnd.ms-excel.sheet.macroEnabled.main+xml"),
     "is not an Excel spreadsheet"),
    ("spend.ods", odf_bytes("application/vnd.oasis.opendocument.text"), "is not an OpenDocument spreadsheet"),
    ("slides.odp", odf_bytes("application/vnd.oasis.opendocument.spreadsheet"),
     "is not an OpenDocument presentation"),
    ("spend.csv", b"Name,Spend\r\nA\x00B,1\r\n", "is not a CSV file"),
    ("spend.csv", MINIMAL_PDF, "is not a CSV file"),
    ("spend.csv", b"MZ\x90\x00\x03" + b"\x01\x02" * 100, "is not a CSV file"),
])
def test_check_paper_refuses_a_file_whose_content_is_not_what_its_name_says(name, content, says):
    with pytest.raises(ValidationError) as exc:
        check_paper(up(name, content))
    assert says in exc.value.messages[0] and "CSV file" in exc.value.messages[0]


def test_check_paper_refuses_a_large_csv_and_a_zip_bomb_spreadsheet():
    big = b"a,b\r\n" * (CSV_MAX_BYTES // 5 + 10)
    with pytest.raises(ValidationError) as exc:
        check_paper(up("big.csv", big))
    assert exc.value.messages == ["A CSV file must be smaller than 5 MB"]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", f'<Types><Override ContentType="{OOXML["xlsx"][1]}"/></Types>')
        z.writestr("xl/workbook.xml", "<root/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * (50 * 1024 * 1024))
    with pytest.raises(ValidationError) as exc:
        check_paper(up("bomb.xlsx", buf.getvalue()))
    assert "unpacks to much more than its size" in exc.value.messages[0]


def test_officer_uploads_a_spreadsheet_through_the_form(client, officer, published):
    meeting, item = published
    client.force_login(officer)
    url = reverse("boards:paper-upload", kwargs={"item": item.pk})
    assert "Excel (.xlsx), PowerPoint (.pptx)" in client.get(url).content.decode()
    response = client.post(url, {"title": "Spend by partner", "file": up("spend.xlsx", ooxml_bytes("xlsx"))})
    assert response.status_code == 302
    paper = Paper.objects.get(item=item)
    assert paper.extension == "xlsx" and paper.title == "Spend by partner"


# -------------------------------------------------------------------------------------------
# replacing a paper
# -------------------------------------------------------------------------------------------
def test_replacing_a_paper_keeps_every_version_and_shows_them(client, officer, published):
    meeting, item = published
    paper = services.paper_add(item=item, actor=officer, upload=up("strategy-v1.pdf", MINIMAL_PDF),
                               title="Commissioning strategy")
    first_file = paper.file.name
    client.force_login(officer)
    url = reverse("boards:paper-replace", kwargs={"paper": paper.pk})
    page = client.get(url).content.decode()
    assert "Replace “Commissioning strategy”" in page and "1 (current)" in page
    response = client.post(url, {"file": up("strategy-v2.xlsx", ooxml_bytes("xlsx"))})
    assert response.status_code == 302
    response = client.post(url, {"file": up("strategy-v3.csv", CSV)})
    assert response.status_code == 302
    paper.refresh_from_db()
    assert (paper.version, paper.extension, paper.original_name) == (3, "csv", "strategy-v3.csv")
    assert paper.title == "Commissioning strategy" and not paper.replaced_after_publication
    versions = list(PaperVersion.objects.filter(paper=paper).order_by("number"))
    assert [(v.number, v.original_name, v.extension) for v in versions] == [
        (1, "strategy-v1.pdf", "pdf"), (2, "strategy-v2.xlsx", "xlsx")]
    assert versions[0].file.name == first_file  # the old file is kept, not overwritten
    page = client.get(url).content.decode()
    assert "3 (current)" in page and "strategy-v1.pdf" in page and "strategy-v2.xlsx" in page
    assert f"{timezone.localtime(paper.replaced_at):%-d %B %Y %H:%M} by {officer.full_name}" in page
    old = client.get(reverse("boards:paper-version-download", kwargs={"paper_version": versions[0].pk}))
    assert old.status_code == 200 and b"".join(old.streaming_content).startswith(b"%PDF")
    current = client.get(reverse("boards:paper-download", kwargs={"paper": paper.pk}))
    assert b"".join(current.streaming_content) == CSV
    # the meeting page shows the version and links to the history
    detail = client.get(reverse("boards:meeting-detail", kwargs={"meeting": meeting.pk})).content.decode()
    history = reverse("boards:paper-versions", kwargs={"paper": paper.pk})
    assert "Version 3" in detail and url in detail and history in detail


def test_members_see_the_versions_of_a_paper_but_do_not_replace_it(client, officer, other_officer, published,
                                                                   member_seat, board_member):
    meeting, item = published
    paper = services.paper_add(item=item, actor=officer, upload=up("plan-v1.pdf", MINIMAL_PDF), title="Plan")
    services.paper_replace(paper=paper, actor=officer, upload=up("plan-v2.ods", odf_bytes(
        "application/vnd.oasis.opendocument.spreadsheet")))
    history = reverse("boards:paper-versions", kwargs={"paper": paper.pk})
    client.force_login(board_member)
    detail = client.get(reverse("boards:meeting-detail", kwargs={"meeting": meeting.pk})).content.decode()
    assert history in detail and reverse("boards:paper-replace", kwargs={"paper": paper.pk}) not in detail
    page = client.get(history).content.decode()
    assert "Versions of “Plan”" in page and "2 (current)" in page and "plan-v1.pdf" in page
    assert "Replace with a new version" not in page
    version = PaperVersion.objects.get(paper=paper)
    old = client.get(reverse("boards:paper-version-download", kwargs={"paper_version": version.pk}))
    assert b"".join(old.streaming_content) == MINIMAL_PDF
    client.force_login(officer)
    assert "Replace with a new version" in client.get(history).content.decode()
    client.force_login(other_officer)
    assert client.get(history).status_code == 404


def test_replacement_after_publication_is_marked_with_its_date_in_public(client, officer, published):
    meeting, item = published
    paper = services.paper_add(item=item, actor=officer, upload=up("figures.pdf", MINIMAL_PDF), title="Figures")
    services.agenda_publish(meeting=meeting, actor=officer)
    later = timezone.now() + timedelta(days=2)
    with time_machine.travel(later):
        services.paper_replace(paper=paper, actor=officer, upload=up("figures.csv", CSV))
    paper.refresh_from_db()
    assert paper.replaced_after_publication and paper.version == 2
    assert not paper.supplementary  # it was on the agenda when published
    area = meeting.board.area.la_code
    html = client.get(reverse("boards:public-agenda", kwargs={"la_code": area, "meeting": meeting.pk})).content.decode()
    assert "Replaced" in html and f"new version on {timezone.localdate(later):%-d %B %Y}" in html
    assert "(CSV," in html  # the current version, not the first
    printed = client.get(reverse("boards:public-agenda-print", kwargs={"la_code": area, "meeting": meeting.pk}))
    assert f"Replaced by a new version on {timezone.localdate(later):%-d %B %Y}" in printed.content.decode()
    public = client.get(reverse("boards:public-paper", kwargs={"la_code": area, "paper": paper.pk}))
    assert b"".join(public.streaming_content) == CSV
    # the pack lists the current version
    pack = client.get(reverse("boards:public-agenda-pdf", kwargs={"la_code": area, "meeting": meeting.pk}))
    assert pack.status_code == 200 and pack.content.startswith(b"%PDF")
    # earlier versions are for the board only, never linked in public
    assert "/boards/paper-versions/" not in html and "/boards/papers/" not in html


def test_replacing_with_a_bad_or_oversized_file_changes_nothing(client, officer, published):
    meeting, item = published
    paper = PaperFactory(item=item, title="Budget")
    client.force_login(officer)
    url = reverse("boards:paper-replace", kwargs={"paper": paper.pk})
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (PAPER_MAX_BYTES + 1) + b"%%EOF")
    for upload, message in [(big, "The selected file must be smaller than 20 MB"),
                            (up("evil.xlsx", b"MZ\x90\x00" + b"\x00" * 300), "is not an Excel spreadsheet"),
                            (None, "Select the new version of the paper")]:
        response = client.post(url, {"file": upload} if upload else {})
        html = response.content.decode()
        assert response.status_code == 200
        assert "govuk-error-summary" in html and message in html and "<title>Error:" in html
    paper.refresh_from_db()
    assert paper.version == 1 and paper.extension == "pdf"
    assert not PaperVersion.objects.exists()


def test_replacing_another_boards_paper_is_not_found_and_changes_nothing(client, officer, other_officer,
                                                                        published, board_member):
    meeting, item = published
    paper = PaperFactory(item=item)
    client.force_login(other_officer)
    url = reverse("boards:paper-replace", kwargs={"paper": paper.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"file": up("x.pdf", MINIMAL_PDF)}).status_code == 404
    with pytest.raises(NotPermitted):
        services.paper_replace(paper=paper, actor=other_officer, upload=up("x.pdf", MINIMAL_PDF))
    version = PaperVersion.objects.create(paper=paper, number=1, file=paper.file.name, original_name="a.pdf",
                                          extension="pdf", content_type="application/pdf", size=1,
                                          uploaded_by=officer, uploaded_at=timezone.now(), replaced_by=officer)
    assert client.get(reverse("boards:paper-version-download",
                              kwargs={"paper_version": version.pk})).status_code == 404
    paper.refresh_from_db()
    assert paper.version == 1 and PaperVersion.objects.count() == 1


def test_a_board_member_may_not_replace_a_paper(client, published, member_seat, board_member):
    meeting, item = published
    paper = PaperFactory(item=item)
    client.force_login(board_member)
    url = reverse("boards:paper-replace", kwargs={"paper": paper.pk})
    assert client.post(url, {"file": up("x.pdf", MINIMAL_PDF)}).status_code == 403
    paper.refresh_from_db()
    assert paper.version == 1 and not PaperVersion.objects.exists()


def test_a_cancelled_meetings_paper_cannot_be_replaced(officer, board):
    from boards.models import Meeting

    meeting = MeetingFactory(board=board, status=Meeting.Status.CANCELLED)
    paper = PaperFactory(item=AgendaItemFactory(meeting=meeting))
    with pytest.raises(TransitionError) as exc:
        services.paper_replace(paper=paper, actor=officer, upload=up("x.pdf", MINIMAL_PDF))
    assert str(exc.value) == "The meeting was cancelled, so its papers can no longer be replaced"
    assert not PaperVersion.objects.exists()
