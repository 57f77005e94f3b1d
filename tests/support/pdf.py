"""A small reader of PDF files, enough to check a document's structure in tests: its indirect
objects (also those packed in compressed object streams), streams, references, the trailer and
the tagged structure tree."""
import re
import zlib


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
