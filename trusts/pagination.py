"""The GOV.UK pagination component's items for one page of a Django ``Paginator``."""
from django.http import QueryDict

__all__ = ["pagination"]


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
