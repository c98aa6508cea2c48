"""One stable error shape for every API failure: {"error": {"code", "message", "fields"}}."""
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from claims.errors import ServiceError
from claims.figures import FigureError

# A refused write answers by the kind of rule it broke: 403 the role may not, 409 the state or a
# workflow rule refuses it, 412 a stale read, 400 the input itself is wrong.
REFUSAL_STATUS = {"permission": status.HTTP_403_FORBIDDEN, "state": status.HTTP_409_CONFLICT,
                   "four_eyes": status.HTTP_409_CONFLICT, "note": status.HTTP_409_CONFLICT,
                   "conflict": status.HTTP_409_CONFLICT, "correction": status.HTTP_409_CONFLICT,
                   "concurrent": status.HTTP_412_PRECONDITION_FAILED}


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The resource changed since you read it (If-Match does not match its ETag); read it again."
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = ("This write needs an If-Match header: GET the resource first and send its ETag "
                      "response header back as If-Match, so a change someone made since you read it is not lost.")
    default_code = "precondition_required"


class Withdrawn(exceptions.APIException):
    """410 Gone: readers saw this claim and it was withdrawn (its page answers 410 too)."""

    status_code = status.HTTP_410_GONE
    default_code = "withdrawn"

    def __init__(self, withdrawal):
        when = f" on {withdrawal.created_at:%Y-%m-%d}" if withdrawal.pk else ""
        note = f": {withdrawal.public_note}" if withdrawal.public_note else "."
        super().__init__(f"This claim was withdrawn{when}{note}")


def error_response(status_code: int, code: str, message: str, fields: dict | None = None, headers=None) -> Response:
    body = {"error": {"code": code, "message": message}}
    if fields:
        body["error"]["fields"] = fields
    return Response(body, status=status_code, headers=headers)


def exception_handler(exc, context):
    """Turn every error into the stable shape; domain errors become 4xx, never 500."""
    if isinstance(exc, ServiceError):
        code = "invalid" if exc.code == "invalid" else f"workflow_{exc.code}"
        return error_response(REFUSAL_STATUS.get(exc.code, 400), code, str(exc), exc.fields)
    if isinstance(exc, FigureError):
        return error_response(400, "invalid_figure", str(exc), {"figure_text": [str(exc)]})
    if isinstance(exc, IntegrityError):
        # The database refused a write the validators did not foresee: a clash, never a crash.
        return error_response(409, "conflict", "This would clash with existing data (a duplicate, or a rule "
                                               "the data must keep); nothing was changed.")
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return error_response(400, "invalid", "The request is not valid.", fields)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        return error_response(response.status_code, "invalid", "The request is not valid.", detail,
                              headers=_headers(response))
    detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
    code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
    return error_response(response.status_code, str(code), str(detail), headers=_headers(response))


def _headers(response):
    return {name: value for name, value in response.items() if name in {"Retry-After", "WWW-Authenticate", "Allow"}}
