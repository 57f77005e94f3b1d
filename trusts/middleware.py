"""Request hygiene that every view relies on."""
from django.http import HttpResponseBadRequest


class RejectNulMiddleware:
    """A NUL character in the query string or form can never be valid input, and
    PostgreSQL refuses it in a query: answer 400 instead of a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.META.get("QUERY_STRING", "") or "%00" in request.META.get("QUERY_STRING", ""):
            return HttpResponseBadRequest("The request contains a character that is not allowed.")
        if request.method == "POST" and request.content_type in ("application/x-www-form-urlencoded",
                                                                 "multipart/form-data"):
            if any("\x00" in value for values in request.POST.lists() for value in values[1]):
                return HttpResponseBadRequest("The form contains a character that is not allowed.")
        return self.get_response(request)
