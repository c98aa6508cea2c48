"""Security headers Django 5.2 does not set itself: a Content-Security-Policy and a Permissions-Policy.

No page runs an inline script: reader pages have none, the admin loads its scripts from files, and
the API docs use drf-spectacular's split Swagger view, whose set-up script is a separate request.
Reader pages allow no inline styles either; the admin and the API docs need them for their widgets.
"""
import ipaddress
import json

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

_BASE = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
_INLINE_STYLES = {**_BASE, "style-src": "'self' 'unsafe-inline'"}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


def _header(directives: dict) -> str:
    return "; ".join(f"{name} {value}" for name, value in directives.items())


READER_POLICY = _header(_BASE)
TOOL_POLICY = _header(_INLINE_STYLES)


class SecurityHeadersMiddleware:
    """Add the Content-Security-Policy and Permissions-Policy headers to every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        tools = request.path.startswith(("/admin/", "/api/"))  # the admin, the API docs, the browsable API
        header = "Content-Security-Policy-Report-Only" if settings.CROSSCHECK_CSP_REPORT_ONLY else \
            "Content-Security-Policy"
        response.headers.setdefault(header, TOOL_POLICY if tools else READER_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """Answer a login locked out by django-axes: the API's JSON error shape, or a page for the admin."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = (f"Too many failed logins for this account from your address. Try again in {minutes} minutes, "
               "or ask a chief editor to reset your password.")
    headers = {"Retry-After": str(minutes * 60)}
    if request.path.startswith("/api/"):
        body = json.dumps({"error": {"code": "locked_out", "message": message}})
        return HttpResponse(body, status=429, content_type="application/json", headers=headers)
    html = render_to_string("admin/locked_out.html", {"message": message, "title": "Login locked"}, request)
    return HttpResponse(html, status=429, headers=headers)


def client_address(request) -> str | None:
    """Return the client's address: behind N trusted proxies, the one the outermost of them recorded.

    Each proxy appends the address it received the request from to X-Forwarded-For, so only the last
    N entries are written by proxies we run; anything before them is whatever the client sent. Login
    lockouts (django-axes) and reader-report rate limits both count by this address.
    """
    proxies = settings.CROSSCHECK_TRUSTED_PROXIES
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass  # a proxy that writes something else is misconfigured: count the connection instead
    return request.META.get("REMOTE_ADDR")
