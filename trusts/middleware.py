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


class ServiceErrorMiddleware:
    """The one way a refusal a view did not catch becomes a page (see ``trusts.errors``):
    ``NotPermitted`` is a 404 when the user may not know the object exists, otherwise a
    403 that says why; any other ``ServiceError`` is a 400 that says why, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.http import Http404
        from django.shortcuts import render

        from trusts.errors import NotPermitted, ServiceError

        if isinstance(exception, NotPermitted):
            if exception.hidden:
                raise Http404(str(exception))
            return render(request, "403.html", {"reason": str(exception)}, status=403)
        if isinstance(exception, ServiceError):
            return render(request, "403.html", {"reason": str(exception), "heading": "That cannot be done"},
                          status=400)
        return None
