"""Error pages: JSON in the API's error shape under /api/, HTML for readers elsewhere."""
import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger(__name__)

try:  # Redis is the shared cache in production (REDIS_URL); its failures are an outage, not a bug
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import ResponseError as RedisResponseError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    _CACHE_DOWN = (RedisConnectionError, RedisTimeoutError, RedisResponseError)
except ImportError:  # pragma: no cover - the database cache is used instead
    _CACHE_DOWN = ()


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    """Answer 404 as JSON for API clients, as a page for readers."""
    if _is_api(request):
        return JsonResponse({"error": {"code": "not_found", "message": "Not found."}}, status=404)
    return defaults.page_not_found(request, exception)


def bad_request(request, exception=None):
    """Answer 400, or 413 with a useful message when a form's body is over the size limit.

    Django refuses an oversized form as soon as anything reads it (the CSRF check does, before any
    view), so the message has to be given here rather than by the form.
    """
    if isinstance(exception, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        message = (f"What you sent is over the {limit:,}-byte limit, so nothing was saved. "
                   "To import a long article, upload it as a file or give its address instead of pasting it.")
        if _is_api(request):
            return JsonResponse({"error": {"code": "request_too_large", "message": message}}, status=413)
        return HttpResponse(render_to_string("_message_page.html", {"heading": "That was too large", "message": message}), status=413)
    if _is_api(request):
        return JsonResponse({"error": {"code": "bad_request", "message": "Bad request."}}, status=400)
    return defaults.bad_request(request, exception)


def server_error(request):
    """Answer 500 as JSON for API clients (never a traceback), as a page for readers."""
    if _is_api(request):
        return JsonResponse({"error": {"code": "server_error", "message": "Something went wrong on our side."}},
                            status=500)
    return defaults.server_error(request)


def database_unavailable(request, what: str = "database") -> HttpResponse:
    """Answer 503 with Retry-After while the database or cache is unreachable: never a traceback."""
    message = f"The {what} is unavailable for a moment; nothing was changed. Try again in a few seconds."
    if _is_api(request):
        response = JsonResponse({"error": {"code": "unavailable", "message": message}}, status=503)
    else:
        response = HttpResponse(render_to_string("_message_page.html", {"heading": "Back in a moment", "message": message}), status=503)
    response["Retry-After"] = "5"
    response["Cache-Control"] = "no-store"
    return response


def is_program_limit(exception) -> bool:
    """Say whether the database refused a value as too large (SQLSTATE class 54): permanent, not an outage."""
    cause = getattr(exception, "__cause__", None)
    return str(getattr(cause, "sqlstate", None) or "").startswith("54")


def over_database_limit(request) -> HttpResponse:
    """Answer 400 without Retry-After: the same request will be refused again, so it must not be retried."""
    message = "A value in this request is too large for the database to store; nothing was changed. Shorten it."
    if _is_api(request):
        return JsonResponse({"error": {"code": "too_large", "message": message}}, status=400)
    return HttpResponse(render_to_string("_message_page.html", {"heading": "That was too large", "message": message}),
                        status=400)


class DatabaseUnavailableMiddleware:
    """Turn a lost database or cache connection into a 503; the request's transaction was rolled back.

    The cache fails before anything is written: API throttles read it before the view runs, and reader
    pages fall back to rendering (pagecache.answers) rather than fail.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_program_limit(exception):
            logger.warning("over a database limit for %s %s: %s", request.method, request.path, exception)
            return over_database_limit(request)
        if isinstance(exception, (OperationalError, InterfaceError)):
            logger.warning("database unavailable for %s %s: %s", request.method, request.path, exception)
            return database_unavailable(request)
        if _CACHE_DOWN and isinstance(exception, _CACHE_DOWN):
            logger.warning("cache unavailable for %s %s: %s", request.method, request.path, exception)
            return database_unavailable(request, "cache")
        return None
