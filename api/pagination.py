from base64 import b64decode, b64encode
from urllib import parse

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.utils.urls import replace_query_param

BIGINT = 2**63 - 1
CURSOR_HELP = "Follow the `next` or `previous` link as given, with the same `ordering` it was made for."


class CappedCursorPagination(CursorPagination):
    """Stable pages over changing data; ?page_size= from 1 to 100.

    A cursor records the ordering it was made for: reused with another ordering (or hand-made) it
    would page through the wrong rows or compare a date with a number, so it is a 400 naming it.
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "-id"

    def get_page_size(self, request):
        raw = request.query_params.getlist(self.page_size_query_param)
        if not raw:
            return self.page_size
        if len(raw) > 1 or not raw[0].isdigit() or not 1 <= int(raw[0]) <= self.max_page_size:
            raise ValidationError({self.page_size_query_param: [
                f"Give one whole number from 1 to {self.max_page_size}."]})
        return int(raw[0])

    def paginate_queryset(self, queryset, request, view=None):
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def _ordering_key(self) -> str:
        return ",".join(self.ordering)

    def encode_cursor(self, cursor):
        tokens = {"k": self._ordering_key()}
        if cursor.offset:
            tokens["o"] = str(cursor.offset)
        if cursor.reverse:
            tokens["r"] = "1"
        if cursor.position is not None:
            tokens["p"] = cursor.position
        encoded = b64encode(parse.urlencode(tokens).encode()).decode("ascii")
        return replace_query_param(self.base_url, self.cursor_query_param, encoded)

    def decode_cursor(self, request):
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        try:
            tokens = parse.parse_qs(b64decode(encoded.encode("ascii"), validate=True).decode("utf-8"),
                                    keep_blank_values=True, strict_parsing=True)
            tokens = {name: values[0] for name, values in tokens.items() if len(values) == 1}
            offset, reverse = int(tokens.get("o", "0")), tokens.get("r", "0")
        except (ValueError, UnicodeError):
            raise self._refused("This is not a cursor this API made.") from None
        if tokens.get("k") != self._ordering_key():
            raise self._refused("This cursor was made for another ordering.")
        if not 0 <= offset <= self.offset_cutoff or reverse not in {"0", "1"}:
            raise self._refused("This is not a cursor this API made.")
        position = tokens.get("p")
        if position is not None:
            self._check_position(position)
        return Cursor(offset=offset, reverse=reverse == "1", position=position)

    def _check_position(self, position: str) -> None:
        field = self._model._meta.get_field(self.ordering[0].lstrip("-"))
        try:
            value = field.to_python(position)
        except DjangoValidationError:
            raise self._refused("This cursor's position does not fit its ordering.") from None
        out_of_range = isinstance(field, models.IntegerField) and not -BIGINT <= value <= BIGINT
        if value is None or out_of_range or "\x00" in position:
            raise self._refused("This cursor's position does not fit its ordering.")

    def _refused(self, message: str) -> ValidationError:
        return ValidationError({self.cursor_query_param: [f"{message} {CURSOR_HELP}"]})

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
                parameter["description"] = f"Results per page, 1 to {self.max_page_size}."
        return parameters
