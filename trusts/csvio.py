"""CSV in and out, shared by every import and export.

Reading accepts what real publishers produce: UTF-8 with or without a byte-order
mark, or Windows-1252 (GIAS and many council systems); quoted fields with embedded
commas and newlines. Writing neutralises spreadsheet formulas.
"""
import csv
import io
import os

MAX_IMPORT_BYTES = 50 * 1024 * 1024


class CsvError(Exception):
    """A problem with the file as a whole (not one row)."""


def decode(data: bytes) -> str:
    if not data or not data.strip():
        raise CsvError("The file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # Windows-1252 is what GIAS and most council spreadsheets save as
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise CsvError("The file must be saved as UTF-8 or Windows-1252 CSV") from None


def read_bytes(source, *, max_bytes=MAX_IMPORT_BYTES) -> bytes:
    """Read an uploaded file or a path, refusing anything over the size limit."""
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as handle:
            return read_bytes(handle, max_bytes=max_bytes)
    if isinstance(source, bytes):
        data = source
    else:
        data = source.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise CsvError(f"The file is larger than {max_bytes // (1024 * 1024)} MB")
    return data


def normalise_header(name: str) -> str:
    return " ".join((name or "").strip().lower().replace("_", " ").split())


def read_rows(data: bytes, *, required, aliases=None):
    """Yield (line_number, {canonical_name: value}) from CSV bytes.

    ``aliases`` maps canonical names to other headers that mean the same thing.
    Raises CsvError naming any required column that is missing.
    """
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise CsvError("The file is empty") from None
    except csv.Error as exc:
        raise CsvError(f"The file is not a valid CSV file ({exc})") from None
    lookup = {}
    for canonical, others in (aliases or {}).items():
        for other in (canonical, *others):
            lookup[normalise_header(other)] = canonical
    columns = [lookup.get(normalise_header(h), normalise_header(h)) for h in header]
    missing = [name for name in required if name not in columns]
    if missing:
        raise CsvError(
            "The file is missing the column" + ("s " if len(missing) > 1 else " ") + ", ".join(missing)
            + ". The first row must be the column headings."
        )
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            values = {}
            for name, cell in zip(columns, row):
                values.setdefault(name, cell.strip())
            yield reader.line_num, values
    except csv.Error as exc:
        raise CsvError(f"Line {reader.line_num}: the file is not valid CSV ({exc})") from None


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Neutralise a cell a spreadsheet would run as a formula (CSV/Excel injection)."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def write_csv(rows, header):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()
