"""Error pages: JSON in the API's error shape under /api/, HTML for readers elsewhere."""
from django.http import JsonResponse
from django.views import defaults


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
