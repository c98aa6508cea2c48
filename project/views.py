"""Error pages: JSON in the API's error shape under /api/, HTML for readers elsewhere."""
import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger(__name__)


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    """Answer 404 as JSON for API clients, as a page for readers."""
    if _is_api(request):
        return JsonResponse({"error": {"code": "not_found", "message": "Not found."}}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """Answer 500 as JSON for API clients (never a traceback), as a page for readers."""
    if _is_api(request):
        return JsonResponse({"error": {"code": "server_error", "message": "Something went wrong on our side."}},
                            status=500)
    return defaults.server_error(request)


def database_unavailable(request) -> HttpResponse:
    """Answer 503 with Retry-After while the database is unreachable: a clean error, never a traceback."""
    message = "The database is unavailable for a moment; nothing was changed. Try again in a few seconds."
    if _is_api(request):
        response = JsonResponse({"error": {"code": "unavailable", "message": message}}, status=503)
    else:
        response = HttpResponse(render_to_string("503.html", {"message": message}), status=503)
    response["Retry-After"] = "5"
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turn a lost database connection into a 503; the request's transaction was rolled back with it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            logger.warning("database unavailable for %s %s: %s", request.method, request.path, exception)
            return database_unavailable(request)
        return None
