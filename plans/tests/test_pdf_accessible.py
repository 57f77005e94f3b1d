"""The public plan PDF is an accessible document: a tagged PDF/UA-1 file with its title and language.

Public-sector documents published after 2018 must be accessible. The PDF is fetched through the
public URL and its structure read from the file itself (``tests.support.pdf``: the objects, also
those packed in compressed object streams, and the structure tree from the catalogue down)."""
import datetime
import itertools
import re

import pytest
from django.urls import reverse

from plans.models import PlanVersion
from plans.tests.factories import complete_plan
from tests.support.pdf import pdf_objects, ref, stream_of, struct_tree, trailer, walk

TITLE = "Northshire Plan for Children 2010"


@pytest.fixture
def pdf(client, law_area, relevant_partners):
    complete_plan(law_area, status=PlanVersion.Status.PUBLISHED, published_on=datetime.date(2010, 3, 15),
                  review_due_on=datetime.date(2011, 3, 15), title=TITLE)
    response = client.get(reverse("plans:public-pdf", kwargs={"la_code": law_area.la_code}))
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
