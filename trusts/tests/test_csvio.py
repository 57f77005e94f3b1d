"""Reading CSV files as real publishers and real users' spreadsheets produce them: a row cut
short (an interrupted download), Excel's "Unicode text" (UTF-16, tab-separated), a quote
never closed, stray fields. Each is read correctly or refused naming the line; an import
that meets one saves nothing."""
import pytest

from partners.importers import ImportFailed, partners_import
from partners.models import Partner
from trusts.csvio import CsvError, decode, read_rows

GIAS = ('"URN","LA (code)","EstablishmentName","TypeOfEstablishment (name)","EstablishmentStatus (name)"\r\n'
        '"110123","801","Hill Primary School","Community school","Open"\r\n')


def rows(text, **kwargs):
    data = text.encode() if isinstance(text, str) else text
    return list(read_rows(data, required=kwargs.pop("required", ["a"]), **kwargs))


def test_a_row_cut_short_is_refused_naming_its_line():
    with pytest.raises(CsvError, match=r"Line 3 has 2 fields but the heading row has 3: the row is cut short"):
        rows("a,b,c\n1,2,3\n4,5\n")


def test_extra_empty_fields_are_allowed_but_extra_values_are_not():
    assert rows("a,b\n1,2,,\n") == [(2, {"a": "1", "b": "2"})]
    with pytest.raises(CsvError, match="Line 2 has 3 fields but the heading row has 2"):
        rows("a,b\n1,2,3\n")


def test_a_quote_never_closed_is_reported_not_read_as_blank_fields():
    with pytest.raises(CsvError, match=r"Line 3: a quote \(\"\) opens a value that is never closed"):
        rows('a,b\n1,2\n3,"four\n5,6\n7,8\n')


def test_a_quoted_value_over_several_lines_is_reported_by_its_first_line():
    with pytest.raises(CsvError, match="Line 2 has 1 field"):
        rows('a,b\n"one\ntwo"\n')


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_excel_unicode_text_is_read(encoding):
    """Excel's "Save as Unicode text": UTF-16 (with a byte-order mark; we also read it
    without) and tab-separated."""
    text = "name\torg_type\r\nSt Mary\u2019s Primary, Ely\tschool_community\r\n"
    assert rows(text.encode(encoding), required=["name", "org_type"], aliases={"org_type": []}) == [
        (2, {"name": "St Mary\u2019s Primary, Ely", "org_type": "school_community"})]


def test_binary_or_broken_utf16_is_refused_with_what_to_do():
    with pytest.raises(CsvError, match='save it from your spreadsheet as "CSV UTF-8"|Save it from your spreadsheet'):
        decode(b"\xff\xfe" + "a,b\n".encode("utf-16-le") + b"\x00\xd8")  # a lone surrogate
    with pytest.raises(CsvError, match="not a text file"):
        decode(b"PK\x03\x04\x00\x00binary\x00")


@pytest.mark.django_db
def test_an_interrupted_gias_download_imports_nothing(area):
    """The last line cut after the type column: before, it was imported as an open school."""
    data = (GIAS + '"110124","801","Fen Primary School","Community school"').encode("cp1252")
    with pytest.raises(ImportFailed) as info:
        partners_import(area=area, data=data)
    assert "Line 3 has 4 fields but the heading row has 5" in info.value.errors[0][1]
    assert not Partner.objects.exists()


@pytest.mark.django_db
def test_an_empty_or_unknown_gias_status_is_an_error_and_proposed_to_open_is_skipped(area):
    data = (GIAS + '"110124","801","Fen Primary School","Community school",""\r\n'
            '"110125","801","Moor Primary School","Community school","Temporarily shut"\r\n').encode()
    with pytest.raises(ImportFailed) as info:
        partners_import(area=area, data=data)
    assert info.value.errors == [(3, "EstablishmentStatus (name) is empty"),
                                 (4, "unknown establishment status 'Temporarily shut'")]
    assert not Partner.objects.exists()
    data = (GIAS + '"110126","801","New Primary School","Community school","Proposed to open"\r\n').encode()
    report = partners_import(area=area, data=data)
    assert report.created == 1 and report.skipped_out_of_scope == {"proposed to open (not open yet)": 1}
    assert list(Partner.objects.values_list("urn", flat=True)) == ["110123"]
