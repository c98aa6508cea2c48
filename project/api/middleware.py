"""Refuse oversized request bodies before anything reads them."""
import json

from django.conf import settings
from django.http import HttpResponse


class RequestSizeLimitMiddleware:
    """Answer 413 with the API's error shape when Content-Length exceeds DATA_UPLOAD_MAX_MEMORY_SIZE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit and not request.path.startswith("/admin/"):
            body = {"error": {"code": "request_too_large",
                              "message": f"The request body is {length} bytes; the limit is {limit}."}}
            return HttpResponse(json.dumps(body), status=413, content_type="application/json")
        return self.get_response(request)
