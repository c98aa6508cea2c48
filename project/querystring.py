"""Query strings every view can trust: a NUL byte in any parameter is a 400 before a view reads it.

PostgreSQL refuses NUL in text, so a NUL that reached a query was a 500 on the reader's search,
the admin's autocomplete and any filter that compares text. No parameter of this site takes one.
"""
import json

from django.http import HttpResponse
from django.template.loader import render_to_string

NUL = "\x00"


def nul_parameter(query) -> str | None:
    """Return the name of the first parameter in ``query`` (a QueryDict) whose name or value holds a NUL."""
    for name, values in query.lists():
        if NUL in name or any(NUL in value for value in values):
            return name.replace(NUL, "\\0")
    return None


def refusal(request, parameter: str, message: str) -> HttpResponse:
    """Answer 400 naming ``parameter``: the API's error shape under /api/, a short page elsewhere."""
    if request.path.startswith("/api/"):
        body = {"error": {"code": "invalid", "message": "The request is not valid.", "fields": {parameter: [message]}}}
        return HttpResponse(json.dumps(body), status=400, content_type="application/json")
    page = render_to_string("_message_page.html", {"heading": "That address is not valid",
                                                   "message": f"The parameter {parameter!r}: {message}"})
    return HttpResponse(page, status=400)


class RefuseNulMiddleware:
    """Answer 400 when any query parameter's name or value contains a NUL byte."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        parameter = nul_parameter(request.GET)
        if parameter is not None:
            return refusal(request, parameter, "A NUL byte (%00) is never part of a valid value; remove it.")
        return self.get_response(request)
