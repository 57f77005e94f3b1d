"""The GOV.UK pagination component's items for one page of a Django ``Paginator``."""
from django.http import QueryDict

__all__ = ["pagination", "page_links"]


def pagination(page, params=None):
    """Previous, numbered links (the first, the last, and the pages either side of this one, with
    an ellipsis for a gap) and next, each a link keeping the other query parameters; None when
    there is only one page."""
    if page.paginator.num_pages <= 1:
        return None
    query = params.copy() if params is not None else QueryDict(mutable=True)

    def href(number):
        query["page"] = number
        return "?" + query.urlencode()

    current, last = page.number, page.paginator.num_pages
    shown = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
    items, previous = [], 0
    for number in shown:
        if number - previous > 1:
            items.append({"ellipsis": True})
        items.append({"number": number, "href": href(number), "current": number == current})
        previous = number
    return {"items": items,
            "previous": href(current - 1) if page.has_previous() else "",
            "next": href(current + 1) if page.has_next() else ""}


def page_links(page, url):
    """For the long lists whose page addresses carry their filters (the register, the national
    dashboard): numbered links over Django's elided page range (two pages either side of this
    one), and previous and next. ``url(number)`` is the address of a page."""
    pages = []
    if page.paginator.num_pages > 1:
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
            pages.append({"number": number, "current": number == page.number,
                          "url": url(number) if isinstance(number, int) else ""})
    return {"pages": pages,
            "prev_url": url(page.previous_page_number()) if page.has_previous() else "",
            "next_url": url(page.next_page_number()) if page.has_next() else ""}
