"""The public plan PDF is an accessible document: a tagged PDF/UA-1 file with its title and language.

Public-sector documents published after 2018 must be accessible. The PDF is fetched through the
public URL and its structure read from the file itself (a small reader below: the objects, also
those packed in compressed object streams, and the structure tree from the catalogue down)."""
import datetime
import itertools
import re
import zlib

import pytest
from django.urls import reverse

from plans.factories import complete_plan
from plans.models import PlanVersion

TITLE = "Northshire Plan for Children 2010"


def pdf_objects(body):
    """Every indirect object of the PDF as bytes, by number, unpacking object streams."""
    objects = {int(m.group(1)): m.group(2) for m in re.finditer(rb"(\d+) 0 obj\s*(.*?)endobj", body, re.DOTALL)}
    for raw in list(objects.values()):
        if b"/Type /ObjStm" not in raw:
            continue
        head = raw.split(b"stream", 1)[0]
        first = int(re.search(rb"/First (\d+)", head).group(1))
        data = zlib.decompress(re.search(rb"stream\r?\n(.*)endstream", raw, re.DOTALL).group(1))
        numbers = list(map(int, data[:first].split()))
        pairs = list(zip(numbers[0::2], numbers[1::2]))
        for i, (number, offset) in enumerate(pairs):
            end = pairs[i + 1][1] if i + 1 < len(pairs) else len(data) - first
            objects[number] = data[first + offset:first + end]
    return objects


def stream_of(raw):
    data = re.search(rb"stream\r?\n(.*)endstream", raw, re.DOTALL).group(1)
    return zlib.decompress(data) if b"/FlateDecode" in raw.split(b"stream", 1)[0] else data


def ref(raw, key):
    match = re.search(rb"/" + key + rb" (\d+) 0 R", raw)
    assert match, f"no /{key.decode()} in {raw[:200]!r}"
    return int(match.group(1))


def struct_tree(objects, number):
    """(tag, [children]) of a structure element; marked-content ids and annotations left out."""
    raw = objects[number]
    tag = re.search(rb"/S /(\w+)", raw).group(1).decode()
    kids = re.search(rb"/K \[([^\]]*)\]", raw)
    children = []
    for kid in re.findall(rb"(\d+) 0 R", kids.group(1) if kids else b""):
        if b"/StructElem" in objects[int(kid)]:
            children.append(struct_tree(objects, int(kid)))
    return tag, children


def trailer(body, objects):
    """The trailer dictionary: after the cross-reference table, or the cross-reference stream's own."""
    match = re.search(rb"trailer\s*(<<.*?>>)\s*startxref", body, re.DOTALL)
    return match.group(1) if match else next(raw for raw in objects.values() if b"/Type /XRef" in raw)


def walk(node):
    yield node
    for child in node[1]:
        yield from walk(child)


@pytest.fixture
def pdf(client, law_area, relevant_partners):
    complete_plan(law_area, status=PlanVersion.Status.PUBLISHED, published_on=datetime.date(2010, 3, 15),
                  review_due_on=datetime.date(2011, 3, 15), title=TITLE)
    response = client.get(reverse("plans:public-pdf", kwargs={"area": law_area.la_code}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    objects = pdf_objects(response.content)
    catalog = next(raw for raw in objects.values() if b"/Type /Catalog" in raw)
    return response.content, objects, catalog


def test_pdf_accessible_is_tagged_with_language_and_title(pdf):
    body, objects, catalog = pdf
    assert re.search(rb"/MarkInfo <</Marked true>>", catalog)
    assert b"/Lang (en-GB)" in catalog
    assert re.search(rb"/ViewerPreferences <</DisplayDocTitle true>>", catalog)  # viewers show the title
    info = objects[ref(trailer(body, objects), b"Info")]
    assert f"/Title ({TITLE})".encode() in info


def test_pdf_accessible_declares_pdf_ua_in_xmp_metadata(pdf):
    _, objects, catalog = pdf
    xmp = stream_of(objects[ref(catalog, b"Metadata")]).decode()
    assert 'pdfuaid:part="1"' in xmp
    assert re.search(rf"<dc:title>.*{TITLE}.*</dc:title>", xmp, re.DOTALL)


def test_pdf_accessible_structure_has_headings_and_whole_tables(pdf):
    _, objects, catalog = pdf
    root = objects[ref(catalog, b"StructTreeRoot")]
    document = struct_tree(objects, int(re.search(rb"/K \[(\d+) 0 R", root).group(1)))
    assert document[0] == "Document"
    nodes = list(walk(document))
    headings = [tag for tag, _ in nodes if re.fullmatch(r"H\d", tag)]
    assert headings[0] == "H1" and headings.count("H1") == 1
    assert headings.count("H2") >= 7  # the six sections of the plan and the annual reviews
    # heading levels never skip one going down (H2 straight to H4 would lose the outline)
    assert all(int(b[1]) <= int(a[1]) + 1 for a, b in itertools.pairwise(headings))

    tables = [node for node in nodes if node[0] == "Table"]
    assert len(tables) >= 5
    for _, parts in tables:
        tags = [tag for tag, _ in parts]
        # its caption (a table carried over to the next page has none), the header row, the body;
        # nothing else inside: a caption taken out of the flow was tagged as a table in the table
        if tags[0] == "Caption":
            tags, parts = tags[1:], parts[1:]
        assert tags == ["THead", "TBody"], tags
        (_, head_rows), (_, body_rows) = parts
        assert head_rows and all(cell == "TH" for _, cells in head_rows for cell, _ in cells)
        assert body_rows and all(tag == "TR" and {c for c, _ in cells} == {"TD"} for tag, cells in body_rows)
    assert sum(1 for _, parts in tables if parts[0][0] == "Caption") >= 5
