import pytest
from django.core.management import CommandError, call_command

from trusts.models import AuthorityType, Area

GOOD = (
    "la_code,gss_code,name,authority_type,region\n"
    "873,E10000003,Cambridgeshire,county,East of England\n"
    "874,E06000031,Peterborough,unitary,East of England\n"
    "202,E09000007,Camden,london borough,London\n"
)


def _write(tmp_path, text, name="areas.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return str(path)


def test_import_areas_loads_every_row(db, tmp_path, capsys):
    call_command("import_areas", _write(tmp_path, GOOD))
    assert Area.objects.count() == 3
    cambs = Area.objects.get(la_code="873")
    assert (cambs.name, cambs.authority_type, cambs.region, cambs.is_two_tier) == (
        "Cambridgeshire", AuthorityType.COUNTY, "east", True
    )
    assert "3 created" in capsys.readouterr().out


def test_import_areas_reimport_updates_by_la_code_without_duplicates(db, tmp_path, capsys):
    call_command("import_areas", _write(tmp_path, GOOD))
    call_command("import_areas", _write(tmp_path, GOOD.replace("Camden", "London Borough of Camden")))
    assert Area.objects.count() == 3
    assert Area.objects.get(la_code="202").name == "London Borough of Camden"
    assert "0 created, 1 updated, 2 unchanged" in capsys.readouterr().out
    # the change is in the audit history
    assert Area.objects.get(la_code="202").history.count() == 2


def test_import_areas_bad_rows_reported_by_line_and_nothing_saved(db, tmp_path, capsys):
    bad = GOOD + "87,E10000099,Nowhere,county,\n" + "875,X123,Badgss,unitary,\n" + "876,E06000032,Luton,city,\n"
    bad += "873,E06000099,Duplicate,unitary,\n"
    with pytest.raises(CommandError, match="Nothing was imported: 4 problem"):
        call_command("import_areas", _write(tmp_path, bad))
    err = capsys.readouterr().err
    assert "Line 5:" in err and "3-digit" in err
    assert "Line 6:" in err and "GSS code" in err
    assert "Line 7:" in err and "'city' is not one of" in err
    assert "Line 8:" in err and "already on line 2" in err
    assert Area.objects.count() == 0


def test_import_areas_type_derived_from_gss_when_column_absent(db, tmp_path):
    text = "LA (code),GSS code,LA (name)\n873,E10000003,Cambridgeshire\n318,E09000027,Richmond upon Thames\n"
    call_command("import_areas", _write(tmp_path, text))
    assert Area.objects.get(la_code="318").authority_type == AuthorityType.LONDON


def test_import_areas_gss_prefix_must_match_type(db, tmp_path):
    with pytest.raises(CommandError):
        call_command("import_areas", _write(tmp_path, "la_code,gss_code,name,authority_type\n873,E10000003,X,unitary\n"))
    assert not Area.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"name,gss_code\nX,E10000003\n", "missing the column la_code"),
        (b"la_code,gss_code,name\n", "headings but no rows"),
    ],
)
def test_import_areas_whole_file_problems(db, tmp_path, content, message):
    with pytest.raises(CommandError):
        call_command("import_areas", _write(tmp_path, content))
    assert not Area.objects.exists()


def test_import_areas_accepts_windows_1252_and_bom(db, tmp_path):
    call_command("import_areas", _write(tmp_path, "\ufeff" + GOOD.replace("Camden", "Camdén"), encoding="utf-8"))
    assert Area.objects.get(la_code="202").name == "Camdén"
    call_command("import_areas", _write(tmp_path, GOOD.replace("Camden", "Camdén St Pancras"), encoding="cp1252"))
    assert Area.objects.get(la_code="202").name == "Camdén St Pancras"


def test_import_areas_missing_file_is_a_clear_error(db):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_areas", "/nonexistent/areas.csv")
