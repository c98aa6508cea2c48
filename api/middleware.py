"""Refuse oversized request bodies before anything reads them."""
import json

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string


class RequestSizeLimitMiddleware:
    """Answer 413 when Content-Length exceeds DATA_UPLOAD_MAX_MEMORY_SIZE: the API's error shape, or a page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit and not request.path.startswith("/admin/"):
            message = f"The request body is {length} bytes; the limit is {limit}."
            if not request.path.startswith("/api/"):  # a reader's form (the report page) gets a page, not JSON
                page = render_to_string("_message_page.html", {"heading": "That was too large",
                                                               "message": f"{message} Nothing was saved."})
                return HttpResponse(page, status=413)
            body = {"error": {"code": "request_too_large", "message": message}}
            return HttpResponse(json.dumps(body), status=413, content_type="application/json")
        return self.get_response(request)
