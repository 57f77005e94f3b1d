"""CSV in and out, shared by every import and export.

Reading accepts what real publishers produce: UTF-8 with or without a byte-order
mark, Windows-1252 (GIAS and many council systems), or UTF-16 with or without a
byte-order mark (Excel's "Unicode text", which is tab-separated); quoted fields with
embedded commas and newlines. A row with fewer fields than the heading row (the last
line of an interrupted download) or more non-empty ones, and a quote that is never
closed, are errors naming the line: an import never guesses the missing columns.
Writing neutralises spreadsheet formulas.
"""
import csv
import io
import itertools
import os

MAX_IMPORT_BYTES = 50 * 1024 * 1024


class CsvError(Exception):
    """A problem with the file as a whole (not one row)."""


UTF16_HELP = "Save it from your spreadsheet as \"CSV UTF-8\" (or CSV in Windows-1252) and try again."


def _utf16(data: bytes):
    """The text of a UTF-16 file (Excel's "Unicode text"), or None if it is not one."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"  # the byte-order mark says which end first
    elif len(data) >= 4 and data[1::2][:50].count(0) > 20:
        encoding = "utf-16-le"  # ASCII text with a zero after every byte
    elif len(data) >= 4 and data[0::2][:50].count(0) > 20:
        encoding = "utf-16-be"
    else:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise CsvError("The file looks like \"Unicode text\" (UTF-16) but cannot be read. " + UTF16_HELP) from None


def decode(data: bytes) -> str:
    if not data or not data.strip():
        raise CsvError("The file is empty")
    text = _utf16(data)
    if text is not None:
        if not text.strip():
            raise CsvError("The file is empty")
        return text
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data:
        raise CsvError("The file is not a text file. " + UTF16_HELP)
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
    yield from _rows(io.StringIO(text, newline=""), required=required, aliases=aliases)


def stream_rows(source, *, required, aliases=None, max_bytes=None):
    """``read_rows`` for a file too large to hold decoded in memory (the national GIAS
    extract): ``source`` is a path or a seekable binary file. The encoding is settled first
    (a byte-order mark, else UTF-8 if every byte decodes as UTF-8, else Windows-1252) in one
    pass over the bytes in chunks; then the rows are read one at a time."""
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as handle:
            yield from stream_rows(handle, required=required, aliases=aliases, max_bytes=max_bytes)
        return
    source.seek(0)
    head = source.read(65536)
    if not head or not head.strip():
        raise CsvError("The file is empty")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif len(head) >= 4 and (head[1::2][:50].count(0) > 20 or head[0::2][:50].count(0) > 20):
        # UTF-16 without a byte-order mark: small enough files only (read_rows works it out)
        source.seek(0)
        data = read_bytes(source, max_bytes=max_bytes or MAX_IMPORT_BYTES)
        yield from read_rows(data, required=required, aliases=aliases)
        return
    elif head.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    else:
        if b"\x00" in head:
            raise CsvError("The file is not a text file. " + UTF16_HELP)
        encoding = "utf-8" if _all_utf8(source, max_bytes) else "cp1252"
    source.seek(0)
    text = io.TextIOWrapper(source, encoding=encoding, newline="")
    try:
        yield from _rows(text, required=required, aliases=aliases)
    except UnicodeDecodeError:
        raise CsvError("The file must be saved as UTF-8 or Windows-1252 CSV") from None
    finally:
        text.detach()  # leave the caller's file open


def _all_utf8(source, max_bytes):
    """Whether the whole file decodes as UTF-8, read in chunks (and within the size limit)."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    source.seek(0)
    total, ok = 0, True
    while chunk := source.read(1 << 20):
        total += len(chunk)
        if max_bytes and total > max_bytes:
            raise CsvError(f"The file is larger than {max_bytes // (1024 * 1024)} MB")
        if ok:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                ok = False  # keep reading: the size limit still applies
    if ok:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            ok = False
    return ok


def _rows(handle, *, required, aliases):
    """The rows of a text file (see ``read_rows``)."""
    first_line = handle.readline()
    # Excel's "Unicode text" and some exports are tab-separated
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    # strict: a quote never closed is an error, not a field that runs to the end of the file
    reader = csv.reader(itertools.chain([first_line], handle), delimiter=delimiter, strict=True)
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
    width = len(header)
    started = reader.line_num + 1  # the line each row starts on (a quoted field may hold line breaks)
    try:
        for row in reader:
            line, started = started, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) < width:
                raise CsvError(
                    f"Line {line} has {len(row)} field{'s' if len(row) != 1 else ''} but the heading row has "
                    f"{width}: the row is cut short (often the last line of a download that was interrupted). "
                    "Nothing was imported. Download the file again, or complete or delete that row.")
            if any(cell.strip() for cell in row[width:]):
                raise CsvError(
                    f"Line {line} has {len(row)} fields but the heading row has {width}: a value may hold a "
                    "comma without quotes around it. Nothing was imported.")
            values = {}
            for name, cell in zip(columns, row):
                values.setdefault(name, cell.strip())
            yield line, values
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise CsvError(f"Line {started}: a quote (\") opens a value that is never closed, so the rest of the "
                           "file would be read as one value. Nothing was imported. Close or remove the quote."
                           ) from None
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
